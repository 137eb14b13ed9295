"""Each kind of check, passing and failing, against a portal built per test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from wagtail.models import Locale, Site

from toasoan.compliance.services import checklist, checks
from toasoan.compliance.services.checks import Status
from toasoan.sections.models import ContentPage, ContentRole

from .conftest import write_backup

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


def test_the_checklist_file_is_valid_and_cites_a_source_for_every_item():
    loaded = checklist.load(known_kinds=frozenset(checks.KINDS))
    ids = [item.id for item in loaded.items]
    assert len(ids) == len(set(ids)) >= 15
    assert all(item.source.strip() and item.title.strip() for item in loaded.items)
    assert {item.kind for item in loaded.items} == set(checks.KINDS)
    assert "không phải ý kiến tư vấn pháp lý" in loaded.notice
    accessibility = next(item for item in loaded.items if item.id == "kha-nang-tiep-can")
    assert "51/2010/QH12, Điều 43" in accessibility.citation and "26/2020/TT-BTTTT" in accessibility.citation
    unsure = next(item for item in loaded.items if item.id == "gioi-thieu")
    assert unsure.citation.endswith("(cần kiểm tra)")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('notice = "x"\n[[muc]]\nid = "a"\ntitle = "A"\nkind = "rss"\n', "a thiếu “source”"),
        ('notice = "x"\n[[muc]]\nid = "a"\ntitle = "A"\nsource = "S"\nkind = "doan"\n', "“doan” không được"),
        ('[[muc]]\nid = "a"\ntitle = "A"\nsource = "S"\nkind = "rss"\n', "thiếu câu lưu ý"),
        ('notice = "x"\n[[muc]\n', "Không đọc được"),
    ],
)
def test_a_broken_checklist_is_refused_with_the_reason(tmp_path, text, message):
    path = tmp_path / "checklist.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(checklist.ChecklistError, match=message):
        checklist.load(path, known_kinds=frozenset(checks.KINDS))


def test_content_role_passes_on_a_live_page_and_fails_when_it_is_unpublished_or_empty(portal):
    params = {"role": ContentRole.ACCESSIBILITY}
    result = checks.check_content_role(portal, params)
    assert result.status is Status.PASSED and "Tuyên bố về khả năng tiếp cận" in result.detail

    page = ContentPage.objects.get(role=ContentRole.ACCESSIBILITY)
    page.body, page.lead = [], ""
    page.save_revision().publish()
    assert checks.check_content_role(portal, params) == checks.Result(
        Status.FAILED, f"Trang “{page.title}” (/{page.slug}/) chưa có nội dung."
    )
    page.unpublish()
    result = checks.check_content_role(portal, params)
    assert result.status is Status.FAILED
    assert result.detail == (
        "Chưa có trang nội dung đang đăng công khai với vai trò “Tuyên bố về khả năng tiếp cận”."
    )


def test_a_renamed_slug_keeps_the_page_found_by_its_role(portal):
    page = ContentPage.objects.get(role=ContentRole.CONTACT)
    page.slug = "lien-lac"
    page.save_revision().publish()
    result = checks.check_content_role(portal, {"role": ContentRole.CONTACT})
    assert result.status is Status.PASSED and "/lien-lac/" in result.detail


def test_page_kind_counts_the_registry_documents_and_names_an_absent_app(portal):
    legal = {"model": "legal.LegalIndexPage", "children": "legal.LegalDocumentPage", "min_children": 1}
    result = checks.check_page(portal, legal)
    assert result.status is Status.PASSED and "Văn bản" in result.detail
    assert checks.check_page(portal, {**legal, "min_children": 10_000}).status is Status.FAILED
    absent = {"model": "hoi_dap_cu.QuestionIndexPage", "missing": "chưa có chức năng hỏi đáp"}
    assert checks.check_page(portal, absent) == checks.Result(Status.FAILED, "Chưa có chức năng hỏi đáp.")
    links = checks.check_page(portal, {"model": "links.LinkIndexPage", "min_children": 1})
    assert links.status is Status.FAILED and "cần ít nhất 1" in links.detail


def test_a_portal_without_english_pages_fails_with_a_clear_line_then_passes_with_one(portal, home):
    result = checks.check_english_pages(portal, {"language": "en"})
    assert result.status is Status.FAILED
    assert result.detail.startswith("Chưa có trang tiếng Anh")
    english, _ = Locale.objects.get_or_create(language_code="en")  # made by a migration (docs/english.md)
    assert checks.check_english_pages(portal, {}).status is Status.FAILED
    english_home = home.copy_for_translation(english)  # the English home: a translation of the root
    english_home.save_revision().publish()
    english_home.add_child(instance=ContentPage(title="About Hoa Phong", slug="about", locale=english))
    assert checks.check_english_pages(portal, {}) == checks.Result(
        Status.PASSED, "2 trang tiếng Anh đang đăng công khai."
    )


def test_search_rss_sitemap_and_print_fail_without_an_article(portal):
    assert checks.check_search(portal, {}).status is Status.FAILED
    assert checks.check_print_view(portal, {}).status is Status.FAILED
    rss = checks.check_rss(portal, {"path": "/rss/", "min_items": 1})
    assert rss == checks.Result(Status.FAILED, "Tin RSS /rss/ có 0 tin, cần ít nhất 1.")
    broken = checks.check_sitemap(portal, {"path": "/khong-co/"})
    assert broken == checks.Result(Status.FAILED, "Sơ đồ trang /khong-co/ trả lời mã 404.")


def test_search_rss_sitemap_and_print_pass_with_an_article(portal, article):
    search = checks.check_search(portal, {"path": "/tim-kiem/"})
    assert search.status is Status.PASSED, search.detail
    rss = checks.check_rss(portal, {"path": "/rss/"})
    assert rss.status is Status.PASSED and "1 tin" in rss.detail
    sitemap = checks.check_sitemap(portal, {"path": "/sitemap.xml"})
    assert sitemap.status is Status.PASSED, sitemap.detail
    printed = checks.check_print_view(portal, {"routes": ["in/", "tai-ve/"]})
    assert printed.status is Status.PASSED
    assert f"{article.url}in/" in printed.detail and f"{article.url}tai-ve/" in printed.detail


def test_requests_go_to_the_configured_sites_address_not_a_default_host(portal, article, settings):
    settings.ALLOWED_HOSTS = ["cong.hoaphong.example.vn"]
    site = portal.site
    site.hostname, site.port = "cong.hoaphong.example.vn", 80
    site.save()
    portal = checks.Portal(site=Site.objects.select_related("root_page").get(pk=site.pk))
    assert checks.check_rss(portal, {"path": "/rss/"}).status is Status.PASSED
    assert portal._client.defaults["HTTP_HOST"] == "cong.hoaphong.example.vn"


@pytest.mark.parametrize(
    ("hostname", "port", "hsts", "status", "words"),
    [
        ("localhost", 80, 0, Status.NOT_APPLICABLE, "địa chỉ máy phát triển"),
        ("127.0.0.1", 8000, 0, Status.NOT_APPLICABLE, "địa chỉ máy phát triển"),
        ("cong.hoaphong.example.vn", 80, 0, Status.FAILED, "chưa dùng HTTPS"),
        ("cong.hoaphong.example.vn", 443, 0, Status.FAILED, "chưa bật HSTS"),
        ("cong.hoaphong.example.vn", 443, 31_536_000, Status.PASSED, "HSTS 365 ngày"),
    ],
)
def test_https_and_hsts(portal, settings, hostname, port, hsts, status, words):
    settings.SECURE_HSTS_SECONDS = hsts
    portal.site.hostname, portal.site.port = hostname, port
    result = checks.check_https_hsts(portal, {})
    assert result.status is status and words in result.detail


def test_backup_fails_when_none_or_too_old_and_passes_when_recent(portal, backups):
    portal.now = NOW
    result = checks.check_backup(portal, {"max_age_hours": 36})
    assert result.status is Status.FAILED and "Chưa có bản sao lưu nào" in result.detail
    write_backup(backups, (NOW - timedelta(hours=40)).strftime("%Y%m%dT%H%M%S%fZ"))
    old = checks.check_backup(portal, {"max_age_hours": 36})
    assert old == checks.Result(Status.FAILED, "Bản sao lưu mới nhất lúc 18:00 04/12/2026, cũ hơn 36 giờ.")
    write_backup(backups, (NOW - timedelta(hours=2)).strftime("%Y%m%dT%H%M%S%fZ"))
    recent = checks.check_backup(portal, {"max_age_hours": 36})
    assert recent.status is Status.PASSED and "08:00 06/12/2026" in recent.detail


def test_question_delays_fail_plainly_without_the_questions_app(portal):
    # A portal without the app: the label names a model that is not installed.
    assert checks.check_question_delays(portal, {"model": "hoi_dap_cu.Question"}) == checks.Result(
        Status.FAILED, "Chưa có chức năng hỏi đáp."
    )


def test_question_delays_count_answers_on_time_and_open_questions_past_due(portal, home):
    from datetime import date, datetime

    from toasoan.questions.models import Question, QuestionIndexPage, QuestionStatus
    from toasoan.vntext.dates import VIETNAM_TZ

    index = QuestionIndexPage(title="Hỏi đáp", slug="hoi-dap")
    home.add_child(instance=index)
    asked = datetime(2026, 11, 2, 9, 0, tzinfo=VIETNAM_TZ)

    def ask(title: str, due_on: date, status=QuestionStatus.NEW, answered_at=None) -> Question:
        return Question.objects.create(
            index=index, name="Người hỏi", email="nguoihoi@example.vn", title=title, content="Nội dung.",
            created_at=asked, consent_at=asked, due_on=due_on, status=status, answered_at=answered_at,
        )  # fmt: skip

    params = {"model": "questions.Question", "min_on_time_share": 0.8, "max_overdue": 0}
    for number in range(4):
        ask(f"Đúng hạn {number}", date(2026, 11, 16), QuestionStatus.ANSWERED, asked.replace(day=10))
    ask("Chưa tới hạn", date(2099, 1, 1))
    result = checks.check_question_delays(portal, params)
    assert result == checks.Result(
        Status.PASSED, "4/4 câu trả lời đúng hạn (100%), 0 câu hỏi chưa trả lời đã quá hạn."
    )

    # Two answers after their due day: 4 of 6 on time is below 80 %.
    for number in range(2):
        ask(f"Trễ hạn {number}", date(2026, 11, 5), QuestionStatus.ANSWERED, asked.replace(day=20))
    assert checks.check_question_delays(portal, params).status == Status.FAILED

    # An open question past its due day fails even when every answer was on time.
    Question.objects.filter(title__startswith="Trễ hạn").delete()
    ask("Quá hạn", date(2026, 11, 5), QuestionStatus.IN_PROGRESS)
    result = checks.check_question_delays(portal, params)
    assert result.status == Status.FAILED
    assert result.detail.endswith("1 câu hỏi chưa trả lời đã quá hạn.")
