"""The bulk path and the one-by-one (Wagtail) path leave the same database, side effects included.

The same records are imported twice from the same starting point (a savepoint rolled back
between the runs), and every row of every table is compared (``equality.Snapshot``): first an
import of published articles, then new pages in every state the bulk path writes (published,
draft, expired, scheduled) against Wagtail's own ``add_child``, ``save_revision`` and
``publish``. The NukeViet importer's use of it is compared the same way in
``nukeviet/tests/test_bulk_equality.py``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from toasoan.articles.models import Agency, ArticlePage, ArticleTag, Author, Tag
from toasoan.editorial.services.scheduling import safety_net
from toasoan.importer.services import bulk
from toasoan.importer.services.importing import Status, import_records
from toasoan.sections.models import SectionPage

from .conftest import article_record
from .equality import Snapshot, differences

GO_LIVE = datetime(2099, 3, 1, 1, 30, tzinfo=UTC)
EXPIRES = datetime(2099, 6, 1, tzinfo=UTC)


def _records():
    return [
        article_record("a", "Quận Ba Đình sơ kết thi đua", day=11),
        article_record("bb", "Phường Đội Cấn ra mắt mô hình mới", agency="TTXVN", day=12),
        article_record("ccc", "Giá lúa tăng nhẹ", section="Kinh tế", day=13),
        article_record("dddd", "Chợ Long Biên mở cửa lại", section="Kinh tế", agency="NEW", day=14),
        article_record("eeeee", "Lễ hội mùa thu", section="Văn hóa", day=15),
    ]


def _import(use_bulk: bool, capture) -> dict[str, list]:
    started = timezone.now() - timedelta(seconds=1)
    with capture(execute=True):
        outcomes = list(import_records(_records(), use_bulk=use_bulk))
    assert [outcome.status for outcome in outcomes] == [Status.CREATED] * len(_records())
    return Snapshot(started).take()


def _runs(run) -> dict[bool, dict[str, list]]:
    """``run(use_bulk)`` from the same starting point twice: by bulk, then one by one."""
    runs = {}
    for use_bulk in (True, False):
        savepoint = transaction.savepoint_create()
        runs[use_bulk] = run(use_bulk)
        transaction.savepoint_rollback(savepoint)
    return runs


def _assert_equal(runs: dict[bool, dict[str, list]]) -> None:
    differing = differences(runs[True], runs[False])
    assert differing == {}, json.dumps(differing, ensure_ascii=False, default=str)[:6000]


def test_bulk_and_one_by_one_imports_leave_equal_databases(home_page, django_capture_on_commit_callbacks):
    runs = _runs(lambda use_bulk: _import(use_bulk, django_capture_on_commit_callbacks))
    _assert_equal(runs)
    bulk_run = runs[True]
    # What was compared holds what an import makes: sections with their desks and review step,
    # articles, revisions, log entries, search rows and the ledger.
    for label, least in {"sections.sectionpage": 3, "articles.articlepage": 5, "wagtailcore.revision": 8,
                         "wagtailcore.pagelogentry": 10, "portal_search.searchdocument": 5,
                         "importer.importedrecord": 5, "editorial.newsroomgroup": 3,
                         "wagtailcore.grouppagepermission": 3,
                         "wagtailsearch.indexentry": 8}.items():  # fmt: skip
        assert len(bulk_run[label]) >= least, (label, len(bulk_run[label]))


#: (slug, state, go_live_at, expire_at): every state, a schedule with an expiry, a published page
#: that expires later, and a draft that keeps a go-live time it was never published for.
PAGES = [
    ("da-dang", bulk.PageState.PUBLISHED, None, None),
    ("dang-den-khi", bulk.PageState.PUBLISHED, None, EXPIRES),
    ("ban-nhap", bulk.PageState.DRAFT, None, None),
    ("nhap-co-hen", bulk.PageState.DRAFT, GO_LIVE, None),
    ("het-han", bulk.PageState.EXPIRED, None, None),
    ("hen-gio", bulk.PageState.SCHEDULED, GO_LIVE, None),
    ("hen-gio-som", bulk.PageState.SCHEDULED, GO_LIVE - timedelta(days=30), EXPIRES),
]


def _new_pages(agency: Agency) -> list[tuple[ArticlePage, bulk.PageState]]:
    tags = [Tag.objects.get_or_create(name=name)[0] for name in ("họp dân", "xã Tân Hòa")]
    authors = [Author.objects.create(name=name) for name in ("Thu Hà", "Bảo Ngọc")]
    pages = []
    for number, (slug, state, go_live_at, expire_at) in enumerate(PAGES, start=1):
        published = datetime(2024, 5, number, 2, 0, tzinfo=UTC)
        page = ArticlePage(
            title=f"Xã Tân Hòa họp dân lần {number}",
            slug=slug,
            lead="Sáng nay, xã tổ chức họp dân.",
            body=[
                (
                    "paragraph",
                    f"<p>Đoạn {number} của bài, <a href='https://tanhoa.example.vn/'>xem thêm</a>.</p>",
                )
            ],
            byline="Thu Hà",
            agency=agency,
            published_at=published,
            published_at_unknown=False,
            go_live_at=go_live_at,
            expire_at=expire_at,
        )
        if state is bulk.PageState.PUBLISHED:
            page.first_published_at = published
        # Tags and authors in every state: rows written with the page, held by its revision.
        page.tagged_items = [ArticleTag(tag=tag) for tag in tags[: number % 3]]
        page.authors = authors[: number % 3]
        pages.append((page, state))
    return pages


def _write_in_every_state(use_bulk: bool, section: SectionPage, capture) -> dict[str, list]:
    agency = Agency.objects.get_or_create(code="TTXVN", defaults={"name": "TTXVN"})[0]
    new = _new_pages(agency)
    safety_net().reschedule(None)  # the net's next look: its refresh time (settings), not a schedule
    started = timezone.now()  # the section, made just before, is not of the run
    with capture(execute=True):
        if use_bulk:
            with transaction.atomic():
                pages = bulk.create_articles(
                    [bulk.NewArticle(page, section, f"/thoi-su/{page.slug}/", state) for page, state in new],
                    now=timezone.now(),
                )
            bulk.announce_created(pages)
        else:
            for page, state in new:
                page.live = False
                page.expired = state is bulk.PageState.EXPIRED
                with transaction.atomic(), disable_reference_index_auto_update():
                    section.add_child(instance=page)
                    revision = page.save_revision(clean=False)
                    if state in (bulk.PageState.PUBLISHED, bulk.PageState.SCHEDULED):
                        revision.publish()
                ReferenceIndex.create_or_update_for_object(page)
    snapshot = Snapshot(started, timezone.now() + timedelta(seconds=1)).take()
    # What the publishing safety net (in process memory) learnt: when to look next.
    snapshot["<safety net>"] = [{"check_at": datetime.fromtimestamp(safety_net()._check_at, UTC).isoformat()}]
    return snapshot


def test_pages_in_every_state_equal_wagtails_own(make_section, settings, django_capture_on_commit_callbacks):
    settings.EDITORIAL_SAFETY_NET_SECONDS = 10**10  # so a schedule in 2099 is sooner than the refresh
    section = make_section("Thời sự")
    runs = _runs(
        lambda use_bulk: _write_in_every_state(use_bulk, section, django_capture_on_commit_callbacks)
    )
    _assert_equal(runs)
    written = runs[True]
    # The comparison saw each state as Wagtail leaves it.
    pages = {row["slug"]: row for row in written["articles.articlepage"]}
    assert {slug: (row["live"], row["expired"], row["has_unpublished_changes"])
            for slug, row in pages.items()} == {
        "da-dang": (True, False, False), "dang-den-khi": (True, False, False),
        "ban-nhap": (False, False, True), "nhap-co-hen": (False, False, True),
        "het-han": (False, True, True), "hen-gio": (False, False, True), "hen-gio-som": (False, False, True),
    }  # fmt: skip
    assert pages["hen-gio"]["live_revision"] is None and pages["hen-gio"]["latest_revision"]
    scheduled = [row["approved_go_live_at"] for row in written["wagtailcore.revision"]
                 if row["approved_go_live_at"] is not None]  # fmt: skip
    assert sorted(scheduled) == sorted([GO_LIVE.isoformat(), (GO_LIVE - timedelta(days=30)).isoformat()])
    actions = sorted(row["action"] for row in written["wagtailcore.pagelogentry"] if row["page"] in
                     {row["path"] for row in pages.values()})  # fmt: skip
    assert actions == sorted(
        ["wagtail.create"] * 7 + ["wagtail.publish"] * 2 + ["wagtail.publish.schedule"] * 2
    )
    assert len(written["portal_search.searchdocument"]) == 2  # the published ones only
    assert len(written["wagtailcore.referenceindex"]) >= len(PAGES)  # each page names its agency
    assert len(written["articles.articletag"]) == len(written["articles.articlepage_authors"]) == 7
    assert written["<safety net>"] == [{"check_at": (GO_LIVE - timedelta(days=30)).isoformat()}]
