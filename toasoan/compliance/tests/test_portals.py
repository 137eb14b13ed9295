"""With several portals on one install, each is checked on its own: its English pages, its
questions, at its own address; the command and the admin name the portal to check."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Locale, Page, Site

from toasoan.compliance.services import checks
from toasoan.compliance.services.checks import Status
from toasoan.questions.models import Question, QuestionIndexPage, QuestionStatus
from toasoan.sections.models import ContentPage, HomePage
from toasoan.vntext.dates import VIETNAM_TZ

from .test_report_admin import _editor

pytestmark = pytest.mark.django_db
COMMUNE = "xa-dong-son.localhost"


@pytest.fixture
def commune(home, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, COMMUNE]
    commune_home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Xã Đông Sơn", slug="xa-dong-son")
    )
    return Site.objects.create(hostname=COMMUNE, port=80, root_page=commune_home, site_name="Xã Đông Sơn")


def _portal(site: Site) -> checks.Portal:
    return checks.Portal(site=Site.objects.select_related("root_page").get(pk=site.pk))


def _main() -> Site:
    return Site.objects.get(is_default_site=True)


def test_english_pages_count_for_their_own_portal_only(home, commune):
    english, _ = Locale.objects.get_or_create(language_code="en")
    commune_home = commune.root_page.specific
    english_home = commune_home.copy_for_translation(english)
    english_home.save_revision().publish()
    english_home.add_child(instance=ContentPage(title="About Dong Son", slug="about", locale=english))
    assert checks.check_english_pages(_portal(commune), {}).detail == "2 trang tiếng Anh đang đăng công khai."
    main = checks.check_english_pages(_portal(_main()), {})
    assert main.status is Status.FAILED and "có 0" in main.detail


def test_question_delays_count_the_portals_own_questions(home, commune):
    asked = datetime(2026, 11, 2, 9, 0, tzinfo=VIETNAM_TZ)
    index = QuestionIndexPage(title="Hỏi đáp", slug="hoi-dap")
    commune.root_page.add_child(instance=index)
    Question.objects.create(
        index=index, name="Người hỏi", email="nguoihoi@example.vn", title="Quá hạn", content="Nội dung.",
        created_at=asked, consent_at=asked, due_on=date(2026, 11, 5), status=QuestionStatus.IN_PROGRESS,
    )  # fmt: skip
    params = {"max_overdue": 0}
    assert checks.check_question_delays(_portal(commune), params).status is Status.FAILED
    main = checks.check_question_delays(_portal(_main()), params)
    assert main.status is Status.PASSED and "0 câu hỏi chưa trả lời đã quá hạn" in main.detail


def test_the_command_checks_the_portal_it_is_given(home, commune, backups, capsys):
    with pytest.raises(CommandError):  # a new portal passes few checks; the report is still printed
        call_command("compliance_report", portal=COMMUNE)
    assert f"Báo cáo tuân thủ của http://{COMMUNE}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("address", "message"),
    [("xa-khong-co.localhost", "Không có cổng thông tin nào ở địa chỉ"), (f"{COMMUNE}:ab", "không hợp lệ")],
)
def test_the_command_names_an_unknown_portal_plainly(home, commune, address, message):
    with pytest.raises(CommandError, match=message):
        call_command("compliance_report", portal=address)


def test_the_admin_report_checks_the_portal_chosen(
    client, home, commune, backups, django_user_model, otp_login
):
    otp_login(client, _editor(django_user_model, site_manager=True))
    page = client.get("/admin/bao-cao-tuan-thu/").content.decode()
    assert 'name="cong"' in page and "Xã Đông Sơn" in page
    assert "Địa chỉ của cổng: <strong>http://localhost</strong>" in page
    chosen = client.get("/admin/bao-cao-tuan-thu/", {"cong": commune.pk}).content.decode()
    assert f'value="{commune.pk}" selected' in chosen
    assert f"Địa chỉ của cổng: <strong>http://{COMMUNE}</strong>" in chosen
    unknown = client.get("/admin/bao-cao-tuan-thu/", {"cong": "khong-phai-so"}).content.decode()
    assert "Địa chỉ của cổng: <strong>http://localhost</strong>" in unknown  # the main portal, no error
