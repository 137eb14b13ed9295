"""Drafts for public comment: the window opens at 00:00 of its first day and closes at 24:00 of
its last (Vietnamese time), for the page, the comment form and every cached copy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from conftest import sitemap_paths
from toasoan.cache import events
from toasoan.comments.forms import sign_timestamp
from toasoan.comments.models import Comment, CommentStatus
from toasoan.comments.services import clock as comments_clock
from toasoan.legal.services import daily, window
from toasoan.legal.services.window import DraftState

from .conftest import make_file, pdf_bytes

TYPED = {
    "name": "Nguyễn Thị Hoa",
    "title": "Góp ý Điều 5",
    "content": "Đề nghị nêu rõ giờ họp chợ.\nXin cảm ơn.",
}


def comment_post(page_id: int, **overrides) -> dict:
    """A complete, valid submission: a real code, a form shown 10 s ago."""
    key = CaptchaStore.generate_key()
    CaptchaStore.objects.filter(hashkey=key).update(expiration=comments_clock.now() + timedelta(minutes=30))
    data = {
        **TYPED,
        "phone": "",
        "captcha_key": key,
        "captcha": CaptchaStore.objects.get(hashkey=key).response,
        "timestamp": sign_timestamp(page_id, comments_clock.timestamp() - 10),
    }
    data.update(overrides)
    return data


def test_the_window_rule_in_vietnamese_days():
    first, last = date(2026, 12, 1), date(2026, 12, 31)
    assert window.opens_at(first).isoformat() == "2026-12-01T00:00:00+07:00"
    assert window.closes_at(last).isoformat() == "2027-01-01T00:00:00+07:00"
    before = window.opens_at(first) - timedelta(microseconds=1)
    assert window.state(first, last, False, before) is DraftState.UPCOMING
    assert window.state(first, last, False, window.opens_at(first)) is DraftState.OPEN
    assert (
        window.state(first, last, True, window.closes_at(last) - timedelta(microseconds=1)) is DraftState.OPEN
    )
    assert window.state(first, last, False, window.closes_at(last)) is DraftState.CLOSED
    assert window.state(first, last, True, window.closes_at(last)) is DraftState.REPORTED
    assert window.period_text(first, last) == "Lấy ý kiến từ 01/12/2026 đến hết 31/12/2026"


def test_the_comment_window_opens_and_closes_on_time(client, clock, make_draft):
    clock.set("12:00 30/11/2026")
    draft = make_draft()
    write = f"/binh-luan/viet/{draft.pk}/"

    # The day before: no form, and a post is refused, every word kept.
    html = client.get(draft.url).content.decode()
    assert "Sắp lấy ý kiến" in html and "Lấy ý kiến từ 01/12/2026 đến hết 31/12/2026" in html
    assert "data-comment-write" not in html
    assert 'name="captcha"' not in client.get(write).content.decode()
    refused = client.post(write, comment_post(draft.pk))
    assert refused.status_code == 403
    text = refused.content.decode()
    assert "chưa đến thời gian lấy ý kiến" in text
    assert "Nguyễn Thị Hoa" in text and "Đề nghị nêu rõ giờ họp chợ.\nXin cảm ơn." in text
    assert Comment.objects.count() == 0

    # 00:00 of the first day: the form, and the comment goes to moderation.
    clock.set("00:00 01/12/2026")
    html = client.get(draft.url).content.decode()
    assert "Đang lấy ý kiến" in html and "data-comment-write" in html
    assert 'name="captcha"' in client.get(f"/binh-luan/form/{draft.pk}/").content.decode()
    accepted = client.post(write, comment_post(draft.pk))
    assert accepted.status_code == 303
    comment = Comment.objects.get()
    assert comment.page_id == draft.pk and comment.status == CommentStatus.PENDING

    # The last second of the last day is still inside.
    clock.set("23:59 31/12/2026")
    clock.advance(seconds=59)
    assert "data-comment-write" in client.get(draft.url).content.decode()

    # 24:00 of the last day: the form is gone and a post is refused with the reason.
    clock.advance(seconds=1)
    html = client.get(draft.url).content.decode()
    assert "Đã hết hạn lấy ý kiến" in html and "data-comment-write" not in html
    refused = client.post(write, comment_post(draft.pk, title="Ý kiến muộn"))
    assert refused.status_code == 403
    text = refused.content.decode()
    assert "đã hết hạn lấy ý kiến (hạn cuối: hết ngày 31/12/2026)" in text and "Ý kiến muộn" in text
    assert Comment.objects.count() == 1
    fragment = client.get(f"/binh-luan/form/{draft.pk}/", headers={"X-Requested-With": "XMLHttpRequest"})
    assert fragment.status_code == 200 and 'name="captcha"' not in fragment.content.decode()


def test_approved_comments_and_the_feedback_report_show_on_the_page(client, clock, make_draft):
    clock.set("10:00 15/12/2026")
    report = make_file("bao-cao.pdf", pdf_bytes("Bao cao tiep thu"), title="Báo cáo tiếp thu")
    draft = make_draft(feedback_summary="<p>Đã tiếp thu 12 ý kiến.</p>", feedback=[report])
    Comment.objects.create(
        page=draft, name="Lê Văn Nam", title="Đồng ý", content="Tán thành.", status="approved"
    )
    Comment.objects.create(page=draft, name="Ẩn danh", title="Chờ duyệt", content="…")
    html = client.get(draft.url).content.decode()
    assert "Đồng ý" in html and "Chờ duyệt" not in html
    assert "Đã tiếp thu 12 ý kiến." not in html  # not while the window is open
    clock.set("08:00 02/01/2027")
    html = client.get(draft.url).content.decode()
    assert "Đã có báo cáo tiếp thu" in html and "Đã tiếp thu 12 ý kiến." in html
    assert "Báo cáo tiếp thu" in html and report.url in html and "Đồng ý" in html
    assert "(PDF, " in html  # the file's type read from its bytes, and its size


def test_the_drafts_list_shows_open_and_closed_and_the_registry_links_to_it(
    client, clock, registry, make_draft
):
    clock.set("10:00 15/12/2026")
    open_draft = make_draft("Dự thảo đang mở")
    make_draft("Dự thảo đã đóng", start=date(2026, 10, 1), end=date(2026, 10, 31))
    make_draft("Dự thảo sắp mở", start=date(2027, 1, 5), end=date(2027, 2, 5))
    index_html = client.get(registry.url).content.decode()
    assert "Dự thảo đang lấy ý kiến" in index_html and open_draft.url in index_html
    assert "Dự thảo đã đóng" not in index_html
    listing = client.get(f"{registry.url}du-thao/").content.decode()
    assert (
        listing.index("Dự thảo đang mở") < listing.index("Dự thảo sắp mở") < listing.index("Dự thảo đã đóng")
    )
    closed = client.get(f"{registry.url}du-thao/?tinh-trang=het-han-lay-y-kien").content.decode()
    assert "Dự thảo đã đóng" in closed and "Dự thảo đang mở" not in closed
    bad = client.get(f"{registry.url}du-thao/?tinh-trang=xyz")
    assert bad.status_code == 200 and "không có" in bad.content.decode()
    feed = client.get(f"{registry.url}du-thao/rss/").content.decode()
    assert "Dự thảo: Dự thảo đang mở" in feed and "http://testserver/" in feed


def test_a_private_or_unpublished_draft_appears_nowhere(client, clock, registry, make_draft):
    clock.set("10:00 15/12/2026")
    hidden = make_draft("Dự thảo chưa đăng", live=False)
    secret = make_draft("Dự thảo nội bộ")
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="mat-khau")
    Comment.objects.create(page=secret, name="A", title="Ý kiến nội bộ", content="…", status="approved")
    shown = make_draft("Dự thảo công khai")
    pages = [registry.url, f"{registry.url}du-thao/", f"{registry.url}du-thao/rss/", "/rss/"]
    for url in [*pages, *sitemap_paths(client)]:
        body = client.get(url).content.decode()
        assert "Dự thảo chưa đăng" not in body and "Dự thảo nội bộ" not in body, url
        assert hidden.slug not in body and secret.slug not in body, url  # sitemaps name pages by address
        assert "Ý kiến nội bộ" not in body, url
    assert "Dự thảo công khai" in client.get(f"{registry.url}du-thao/").content.decode()
    for page in (hidden, secret):
        assert client.get(f"/binh-luan/form/{page.pk}/").status_code == 404
        assert client.post(f"/binh-luan/viet/{page.pk}/", comment_post(page.pk)).status_code == 404
    password_form = client.get(secret.url).content.decode()
    assert 'name="password"' in password_form and "Ý kiến nội bộ" not in password_form
    search = client.get("/tim-kiem/", {"q": "nội bộ"})
    assert "Dự thảo nội bộ" not in search.content.decode()
    assert shown.pk  # the public one is reachable


def test_queries_do_not_grow_with_drafts(client, clock, registry, make_draft):
    clock.set("10:00 15/12/2026")

    def add(n):
        for i in range(n):
            draft = make_draft(f"Dự thảo số {i}", files=[make_file(f"d{i}.pdf", pdf_bytes("Du thao"))])
            Comment.objects.create(page=draft, name="B", title="Ý kiến", content="…", status="approved")

    def measure() -> dict[str, int]:
        counts = {}
        for name, url in {
            "list": f"{registry.url}du-thao/",
            "feed": f"{registry.url}du-thao/rss/",
            "registry": registry.url,
        }.items():
            client.get(url)  # the site's fragments kept, as on a warm site
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[name] = len(queries)
        return counts

    add(2)
    few = measure()
    add(4)
    assert measure() == few == EXPECTED_QUERIES


#: Measured on a warm site (the navigation and Site fragments kept): see docs/legal.md.
EXPECTED_QUERIES = {"list": 4, "feed": 3, "registry": 5}


def test_the_draft_page_in_a_fixed_number_of_queries(client, clock, make_draft, django_assert_num_queries):
    clock.set("10:00 15/12/2026")
    draft = make_draft(files=[make_file("a.pdf", pdf_bytes("A")), make_file("b.pdf", pdf_bytes("B"))])
    for n in range(3):
        Comment.objects.create(page=draft, name="C", title=f"Ý kiến {n}", content="…", status="approved")
    client.get(draft.url)
    with django_assert_num_queries(DRAFT_PAGE_QUERIES):
        assert client.get(draft.url).status_code == 200


DRAFT_PAGE_QUERIES = 5


@pytest.fixture
def declared():
    found: list[dict] = []

    def capture(sender, kind, signal=None, **details):
        found.append({"kind": kind, **details})

    events.content_changed.connect(capture, dispatch_uid="test_drafts.capture")
    yield found
    events.content_changed.disconnect(dispatch_uid="test_drafts.capture")


def test_the_midnight_job_declares_drafts_opening_and_closing(clock, registry, make_draft, declared):
    clock.set("10:00 01/03/2026")
    opening = make_draft("Mở ngày 15", start=date(2026, 3, 15), end=date(2026, 4, 15))
    closing = make_draft("Hết ngày 14", start=date(2026, 2, 1), end=date(2026, 3, 14))
    make_draft("Hết ngày 15", start=date(2026, 2, 1), end=date(2026, 3, 15))
    make_draft("Mở ngày 16", start=date(2026, 3, 16), end=date(2026, 4, 16))
    make_draft("Chưa đăng, mở ngày 15", start=date(2026, 3, 15), end=date(2026, 4, 15), live=False)
    clock.set("23:59 14/03/2026")
    daily.status_day_job()
    assert declared == []
    clock.advance(minutes=1, seconds=30)
    daily.status_day_job()
    assert declared == [{"kind": events.CONTENT, "page_ids": sorted([opening.pk, closing.pk, registry.pk])}]
