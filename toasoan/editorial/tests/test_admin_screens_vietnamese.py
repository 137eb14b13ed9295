"""What the template audit (test_admin_i18n) cannot see, checked on the rendered admin.

Messages Wagtail builds in Python (created, published, scheduled, validation errors, autosave),
history labels, labels Wagtail derives from field names (the sites listing's columns, the
workflow editor's page field, the account's e-mail), attributes written in English in Wagtail's
templates (the header's "Actions" landmark), empty listings, the default groups' names, and the
help links to Wagtail's English guides. Every screen is also searched for Wagtail's and Django's
English messages (english_on_screen).
"""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from wagtail.models import GroupPagePermission, Workflow
from wagtail.test.utils.form_data import querydict_from_html

from toasoan.accounts.testing import login_verified
from toasoan.articles.models import ArticlePage

from .english_on_screen import find_english, html_units
from .i18n_audit import parse_po


def _english(screen: str, response) -> list[str]:
    return [finding.line() for finding in find_english(screen, html_units(response.content.decode()))]


def _messages(response) -> list[str]:
    return [_text(str(message)) for message in response.context["messages"]]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _label(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def _form(client, url: str) -> dict:
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    return data


@pytest.fixture
def admin_client(client, newsroom):
    login_verified(client, newsroom.admin)
    return client


@pytest.fixture
def add_url(newsroom) -> str:
    return reverse("wagtailadmin_pages:add", args=("articles", "articlepage", newsroom.thoi_su.pk))


def test_publishing_messages_are_vietnamese(admin_client, add_url):
    data = _form(admin_client, add_url)
    data.update({"title": "Khai mạc hội chợ", "lead": "Sapo.", "action-publish": "1"})
    response = admin_client.post(add_url, data, follow=True)
    assert _messages(response) == ["Đã tạo và xuất bản trang “Khai mạc hội chợ”. Xem bản đang đăng Sửa"]
    assert _english("created and published", response) == []

    article = ArticlePage.objects.get(title="Khai mạc hội chợ")
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    data = _form(admin_client, edit_url)
    data["action-publish"] = "1"
    response = admin_client.post(edit_url, data, follow=True)
    assert _messages(response) == ["Đã xuất bản trang “Khai mạc hội chợ”. Xem bản đang đăng Sửa"]

    go_live = timezone.localtime() + timedelta(days=1)
    data = _form(admin_client, add_url)
    data.update(
        {
            "title": "Bế mạc hội chợ",
            "lead": "Sapo.",
            "go_live_at": go_live.strftime("%d/%m/%Y %H:%M"),
            "action-publish": "1",
        }
    )
    response = admin_client.post(add_url, data, follow=True)
    assert _messages(response) == ["Đã tạo trang “Bế mạc hội chợ” và hẹn giờ xuất bản. Sửa"]
    assert _english("created and scheduled", response) == []


def test_validation_errors_are_vietnamese(admin_client, add_url, newsroom, make_article):
    data = _form(admin_client, add_url)
    data.update({"title": "", "lead": "Sapo.", "action-publish": "1"})
    response = admin_client.post(add_url, data)
    assert _messages(response) == ["Chưa tạo được trang vì biểu mẫu có lỗi."]
    assert _english("create refused", response) == []

    article = make_article(newsroom.thoi_su, "Tin đã đăng")
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    data = _form(admin_client, edit_url)
    data["title"] = ""
    response = admin_client.post(edit_url, data)
    assert _messages(response) == ["Chưa lưu được trang vì biểu mẫu có lỗi."]
    # Autosave gets the reason as JSON and shows it in the editor's footer.
    response = admin_client.post(edit_url, data, HTTP_ACCEPT="application/json")
    assert response.json()["error_message"] == "Biểu mẫu có lỗi, hãy bấm Lưu để xem các lỗi được đánh dấu."


def test_slug_clashes_are_vietnamese():
    """Wagtail's own slug checks (copy, move, pages without our form) speak Vietnamese too."""
    from django.utils.translation import gettext

    with override("vi"):
        assert (
            gettext("The slug '%(page_slug)s' is already in use within the parent page.")
            % {"page_slug": "gia-xang"}
            == "Đường dẫn “gia-xang” đã có trang khác trong cùng chuyên mục dùng."
        )
        at = gettext(
            "The slug '%(page_slug)s' is already in use within the parent page at '%(parent_url_path)s'."
        )
        assert at % {"page_slug": "gia-xang", "parent_url_path": "/thoi-su/"} == (
            "Đường dẫn “gia-xang” đã có trang khác trong mục “/thoi-su/” dùng."
        )


def test_history_names_drafts_in_vietnamese(admin_client, newsroom, make_article):
    article = make_article(newsroom.thoi_su, "Tin có bản nháp")
    article.title = "Tin có bản nháp (sửa)"
    article.save_revision(user=newsroom.admin, log_action=True)
    response = admin_client.get(reverse("wagtailadmin_pages:history", args=(article.pk,)))
    text = " ".join(response.content.decode().split())
    assert "Đã lưu nháp" in text and "Bản nháp hiện tại" in text
    assert _english("history", response) == []


@pytest.mark.parametrize(
    ("url_name", "empty"),
    [
        ("wagtaildocs:index", "Chưa có tài liệu nào được tải lên. Tải lên tài liệu."),
        ("wagtailredirects:index", "Chưa có chuyển hướng nào. Thêm chuyển hướng."),
    ],
    ids=["documents", "redirects"],
)
def test_empty_listings_say_so_in_vietnamese(admin_client, url_name, empty):
    response = admin_client.get(reverse(url_name))
    assert ("text", empty) in html_units(response.content.decode())
    assert _english(url_name, response) == []


def test_default_groups_have_vietnamese_names_and_keep_their_permissions(admin_client, home):
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    editors, moderators = Group.objects.get(name="Biên tập viên"), Group.objects.get(name="Người duyệt bài")
    for group in (editors, moderators):
        assert group.permissions.filter(codename="access_admin").exists()
    assert set(
        GroupPagePermission.objects.filter(group=moderators).values_list("permission__codename", flat=True)
    ) >= {
        "add_page",
        "change_page",
        "publish_page",
    }
    review = Workflow.objects.get(name="Duyệt bài")
    assert [task.name for task in review.tasks] == ["Duyệt bài"]
    response = admin_client.get(reverse("wagtailusers_groups:index"))
    text = response.content.decode()
    assert "Biên tập viên" in text and "Người duyệt bài" in text
    assert _english("groups", response) == []


@pytest.mark.django_db
def test_group_migration_renames_in_place_and_back():
    migration = importlib.import_module("toasoan.editorial.migrations.0003_vietnamese_default_groups")
    apps = global_apps
    Group.objects.filter(name__in=["Biên tập viên", "Người duyệt bài"]).delete()
    editors = Group.objects.create(name="Editors")
    editors.permissions.add(
        *global_apps.get_model("auth", "Permission").objects.filter(codename="access_admin")
    )
    Group.objects.create(name="Người duyệt bài")  # an administrator's own group already has the name
    Group.objects.create(name="Moderators")

    migration.to_vietnamese(apps, None)
    assert Group.objects.get(pk=editors.pk).name == "Biên tập viên"
    assert Group.objects.get(pk=editors.pk).permissions.filter(codename="access_admin").exists()
    assert Group.objects.filter(name="Moderators").exists()  # left alone: its new name is taken

    migration.to_english(apps, None)
    assert Group.objects.get(pk=editors.pk).name == "Editors"


def test_sites_listing_columns_are_vietnamese(admin_client):
    response = admin_client.get(reverse("wagtailsites:index"))
    headers = [_label(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", response.content.decode(), re.S)]
    assert {"Cổng", "Tên trang web", "Trang gốc"} <= set(headers)
    assert "Sắp xếp theo “Cổng” tăng dần." in response.content.decode()
    assert _english("sites", response) == []


def test_workflow_editor_names_the_page_field(admin_client):
    workflow = Workflow.objects.get(name="Quy trình duyệt tin")
    response = admin_client.get(reverse("wagtailadmin_workflows:edit", args=(workflow.pk,)))
    labels = re.findall(
        r"<label[^>]*for=\"id_pages-\d+-page\"[^>]*>(.*?)</label>", response.content.decode(), re.S
    )
    assert labels and {_label(label) for label in labels} == {"Trang*"}
    assert _english("workflow editor", response) == []


def test_account_screen_is_vietnamese(admin_client):
    response = admin_client.get(reverse("wagtailadmin_account"))
    labels = re.findall(
        r"<label[^>]*for=\"id_name_email-email\"[^>]*>(.*?)</label>", response.content.decode(), re.S
    )
    assert [_label(label) for label in labels] == ["Thư điện tử*"]
    assert _english("account", response) == []


@pytest.mark.parametrize(
    "url_name",
    ["wagtailadmin_explore_root", "wagtaildocs:index", "wagtailimages:index", "wagtailredirects:index"],
)
def test_listings_name_their_actions_in_vietnamese(admin_client, url_name):
    response = admin_client.get(reverse(url_name))
    labels = re.findall(r'<nav aria-label="([^"]*)" id="w-slim-header-buttons"', response.content.decode())
    assert labels == ["Thao tác"]


def test_dashboard_sends_no_one_to_the_english_guide(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert "guide.wagtail.org" not in html and "docs.wagtail.org" not in html
    assert _english("dashboard", response) == []


def test_date_picker_button_is_translated_by_the_admin_script(admin_client):
    """The picker builds "Save Selected" itself; our admin script, loaded on every admin page, renames it."""
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<script src="/static/editorial/admin/vietnamese-widgets.js"></script>' in html
    script = (Path(__file__).parents[1] / "static/editorial/admin/vietnamese-widgets.js").read_text()
    assert 'SAVE_SELECTED = "Lưu lựa chọn"' in script and ".xdsoft_save_selected" in script


def test_preview_panel_carries_the_content_checker(admin_client, newsroom, make_article, client):
    article = make_article(newsroom.thoi_su, "Tin xem trước")
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    assert admin_client.post(preview_url, _form(admin_client, edit_url)).json()["is_valid"]

    panel = admin_client.get(preview_url, {"in_preview_panel": "true", "mode": ""})
    html = panel.content.decode()
    assert panel.status_code == 200 and "<h1" in html
    # Before </body>, hidden, with only the checker, its scripts from our own origin.
    userbar = html[html.index("<!-- Wagtail user bar embed code -->") :]
    assert userbar.rstrip().endswith("</html>") and "</body>" in userbar
    assert 'id="checker-trigger"' in userbar and "<aside hidden" in userbar
    scripts = [urlsplit(src) for src in re.findall(r'<script src="([^"]+)"', userbar)]
    assert scripts and {(src.netloc, src.path.split("/")[1]) for src in scripts} == {("testserver", "static")}
    assert int(panel["Content-Length"]) == len(panel.content)

    new_tab = admin_client.get(preview_url, {"mode": ""})
    assert "wagtail-userbar" not in new_tab.content.decode()
    client.logout()
    assert "wagtail-userbar" not in client.get(article.url).content.decode()


def test_every_message_the_editors_screens_build_in_python_is_translated():
    """Messages of the page editor's views, history, status panel, publish menu and the listings
    above, as Wagtail's English catalogues list them by source file: each has a Vietnamese text."""
    import wagtail

    root = Path(wagtail.__file__).parent
    sources = {
        root / "admin/locale/en/LC_MESSAGES/django.po": (
            "views/pages/create.py",
            "views/pages/edit.py",
            "views/generic/history.py",
            "templates/wagtailadmin/shared/side_panels/includes/status/workflow.html",
            "templates/wagtailadmin/pages/action_menu/publish.html",
            "templates/wagtailadmin/shared/side_panels/preview.html",
        ),
        root / "sites/locale/en/LC_MESSAGES/django.po": ("views.py",),
        root / "documents/locale/en/LC_MESSAGES/django.po": (
            "templates/wagtaildocs/documents/index_results.html",
        ),
        root / "contrib/redirects/locale/en/LC_MESSAGES/django.po": (
            "templates/wagtailredirects/index_results.html",
            "views.py",
        ),
    }
    from django.utils.translation import trans_real

    catalog = trans_real.translation("vi")._catalog
    checked, missing = 0, []
    for po, files in sources.items():
        for block in po.read_text(encoding="utf-8").split("\n\n"):
            references = " ".join(re.findall(r"^#: (.*)$", block, re.M)).split()
            if not any(reference.split(":")[0] in files for reference in references):
                continue
            for msgid in parse_po(block):
                checked += 1
                if msgid not in catalog and (msgid, 0) not in catalog:
                    missing.append(msgid)
    assert checked > 60
    assert missing == [], missing


def test_the_state_portal_screens_are_vietnamese(admin_client, home):
    from toasoan.legal.models import LegalIndexPage
    from toasoan.organisation.models import OrganisationPage

    registry = LegalIndexPage(title="Văn bản", slug="van-ban")
    home.add_child(instance=registry)
    chart = OrganisationPage(title="Cơ cấu tổ chức", slug="co-cau-to-chuc", agency_name="UBND huyện")
    home.add_child(instance=chart)
    screens = {
        "draft for comment": reverse("wagtailadmin_pages:add", args=("legal", "legaldraftpage", registry.pk)),
        "organisation": reverse("wagtailadmin_pages:add", args=("organisation", "organisationpage", home.pk)),
        "unit": reverse("wagtailadmin_pages:add", args=("organisation", "unitpage", chart.pk)),
        "questions page": reverse("wagtailadmin_pages:add", args=("questions", "questionindexpage", home.pk)),
        "questions queue": "/admin/hoi-dap/",
        "compliance report": "/admin/bao-cao-tuan-thu/",
        "registry": reverse("wagtailadmin_pages:add", args=("legal", "legalindexpage", home.pk)),
        "document": reverse("wagtailadmin_pages:add", args=("legal", "legaldocumentpage", registry.pk)),
        "content page": reverse("wagtailadmin_pages:add", args=("sections", "contentpage", home.pk)),
        "links page": reverse("wagtailadmin_pages:add", args=("links", "linkindexpage", home.pk)),
        "issuers": reverse("wagtailsnippets_legal_issuer:add"),
        "topics": reverse("wagtailsnippets_legal_topic:add"),
        "link groups": reverse("wagtailsnippets_links_linkgroup:add"),
    }
    found = []
    for screen, url in screens.items():
        response = admin_client.get(url)
        assert response.status_code == 200, screen
        found += _english(screen, response)
    assert found == []
