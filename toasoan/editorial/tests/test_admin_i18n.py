"""The admin in Vietnamese: every screen an editor, a moderator and an administrator use is translated.

The screens (docs/editorial.md lists them) are rendered in Vietnamese by the users who use
them, with content on them (articles live, draft, scheduled, under review, locked; images,
documents, snippets, comments, redirects), and with the messages and e-mails the review
workflow produces. Any message the Vietnamese catalogues miss fails the test, listed.
"""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupApprovalTask, Workflow
from wagtail.test.utils.form_data import querydict_from_html

from toasoan import vntext
from toasoan.accounts.testing import login_verified
from toasoan.articles.models import Agency, ArticlePage, Author
from toasoan.editorial.models import StoryThread, StoryThreadItem

from .i18n_audit import MissRecorder

pytestmark = [
    pytest.mark.filterwarnings(
        r"ignore:get_connection\(\) is deprecated:django.utils.deprecation.RemovedInDjango2028Warning"
    ),
]


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (30, 80, 160)).save(buffer, "PNG")
    return SimpleUploadedFile("anh-thu.png", buffer.getvalue(), content_type="image/png")


def _form(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    return data


@pytest.fixture
def content(newsroom, make_article):
    image = get_image_model().objects.create(title="Ảnh lễ hội", file=_png())
    document = get_document_model().objects.create(
        title="Quyết định số 12", file=SimpleUploadedFile("quyet-dinh.txt", b"Noi dung")
    )
    agency = Agency.objects.create(code="HNP", name="Cổng GTĐT Hà Nội")
    author = Author.objects.create(name="Nguyễn Văn An", pen_name="Văn An")
    live = make_article(
        newsroom.thoi_su,
        "Hà Nội khai mạc lễ hội mùa thu",
        published_at="16:20 16/09/2020",
        agency=agency,
        listing_image=image,
        body=[
            ("paragraph", "<p>Nội dung bài.</p>"),
            ("image", {"image": image, "alt": "", "caption": "", "credit": ""}),
        ],
    )
    live.authors.add(author)
    live.tags.add("lễ hội")
    live.save_revision(user=newsroom.editor).publish()
    draft = live.get_parent().add_child(
        instance=ArticlePage(
            title="Bản nháp về giao thông", lead="Sapo.", live=False, owner=newsroom.reporter
        )
    )
    draft.save_revision(user=newsroom.reporter)
    scheduled = newsroom.the_thao.add_child(
        instance=ArticlePage(title="Trận chung kết tối nay", lead="Sapo.", live=False)
    )
    scheduled.go_live_at = timezone.now() + timedelta(hours=3)
    scheduled.save_revision(user=newsroom.managing_editor).publish()
    locked = make_article(newsroom.thoi_su, "Bài đang khóa")
    locked.locked, locked.locked_by, locked.locked_at = True, newsroom.editor, timezone.now()
    locked.save()
    thread = StoryThread.objects.create(title="Lễ hội mùa thu 2020", description="Diễn biến lễ hội.")
    StoryThreadItem.objects.create(thread=thread, article=live)

    from toasoan.comments.models import Comment

    comment = Comment.objects.create(
        page=live, name="Bạn đọc", title="Góp ý", content="Bài viết hay.", status="pending"
    )
    # Every age a date can have on screen: "2 giờ trước", "3 ngày trước", … "2 năm trước".
    from wagtail.models import Page, PageLogEntry, PageViewRestriction

    ages = [timedelta(hours=2), *(timedelta(days=days) for days in (3, 15, 150, 800))]
    for page, age in zip([live, draft, scheduled, locked, newsroom.the_thao], ages, strict=True):
        when = timezone.now() - age
        Page.objects.filter(pk=page.pk).update(latest_revision_created_at=when, last_published_at=when)
        PageLogEntry.objects.filter(page=page).update(timestamp=when)
    expired = make_article(newsroom.the_thao, "Thông báo đã hết hạn")
    expired.expire_at = timezone.now() - timedelta(days=1)
    expired.save_revision().publish()
    Page.objects.filter(pk=expired.pk).update(live=False, expired=True)
    private = make_article(newsroom.thoi_su, "Bài nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="mat-khau")
    with_draft = make_article(newsroom.thoi_su, "Bài đang đăng có bản nháp")
    with_draft.title = "Bài đang đăng có bản nháp (sửa)"
    with_draft.save_revision(user=newsroom.editor)
    from wagtail.contrib.redirects.models import Redirect

    redirect = Redirect.objects.create(old_path="/tin-cu", redirect_link="/")
    return {
        "image": image,
        "document": document,
        "agency": agency,
        "author": author,
        "live": live,
        "draft": draft,
        "scheduled": scheduled,
        "locked": locked,
        "thread": thread,
        "comment": comment,
        "redirect": redirect,
    }


def _admin_screens(newsroom, content) -> list[tuple[str, str, str]]:
    """(screen name, user attribute, URL): every screen of docs/editorial.md's list."""
    live, draft, scheduled = content["live"], content["draft"], content["scheduled"]
    image, document = content["image"], content["document"]
    workflow = Workflow.objects.get(name="Quy trình duyệt tin")
    task = GroupApprovalTask.objects.get(name="Thư ký tòa soạn duyệt và xuất bản")
    editor_group = newsroom.editor.groups.get()
    revision = live.latest_revision
    screens = [
        ("dashboard", "admin", reverse("wagtailadmin_home")),
        ("dashboard", "reporter", reverse("wagtailadmin_home")),
        ("dashboard", "editor", reverse("wagtailadmin_home")),
        ("dashboard", "managing_editor", reverse("wagtailadmin_home")),
        ("dashboard", "moderator", reverse("wagtailadmin_home")),
        ("explorer root", "admin", reverse("wagtailadmin_explore_root")),
        ("explorer home", "admin", reverse("wagtailadmin_explore", args=(newsroom.home.pk,))),
        ("explorer section", "admin", reverse("wagtailadmin_explore", args=(newsroom.thoi_su.pk,))),
        ("explorer section", "reporter", reverse("wagtailadmin_explore", args=(newsroom.thoi_su.pk,))),
        (
            "explorer filtered",
            "admin",
            reverse("wagtailadmin_explore", args=(newsroom.thoi_su.pk,))
            + "?ordering=-latest_revision_created_at&has_unpublished_changes=true",
        ),
        ("page search", "admin", reverse("wagtailadmin_pages:search") + "?q=lễ+hội"),
        ("add subpage", "admin", reverse("wagtailadmin_pages:add_subpage", args=(newsroom.thoi_su.pk,))),
        (
            "create article",
            "admin",
            reverse("wagtailadmin_pages:add", args=("articles", "articlepage", newsroom.thoi_su.pk)),
        ),
        (
            "create article",
            "reporter",
            reverse("wagtailadmin_pages:add", args=("articles", "articlepage", newsroom.thoi_su.pk)),
        ),
        ("edit article", "admin", reverse("wagtailadmin_pages:edit", args=(live.pk,))),
        ("edit draft", "reporter", reverse("wagtailadmin_pages:edit", args=(draft.pk,))),
        ("edit scheduled", "managing_editor", reverse("wagtailadmin_pages:edit", args=(scheduled.pk,))),
        ("edit locked", "admin", reverse("wagtailadmin_pages:edit", args=(content["locked"].pk,))),
        ("edit section", "admin", reverse("wagtailadmin_pages:edit", args=(newsroom.thoi_su.pk,))),
        ("edit home", "admin", reverse("wagtailadmin_pages:edit", args=(newsroom.home.pk,))),
        ("history", "admin", reverse("wagtailadmin_pages:history", args=(live.pk,))),
        (
            "revision compare",
            "admin",
            reverse("wagtailadmin_pages:revisions_compare", args=(live.pk, "earliest", "latest")),
        ),
        (
            "revision revert",
            "admin",
            reverse("wagtailadmin_pages:revisions_revert", args=(live.pk, revision.pk)),
        ),
        (
            "unschedule",
            "managing_editor",
            reverse(
                "wagtailadmin_pages:revisions_unschedule", args=(scheduled.pk, scheduled.latest_revision.pk)
            ),
        ),
        ("workflow history", "admin", reverse("wagtailadmin_pages:workflow_history", args=(live.pk,))),
        ("usage", "admin", reverse("wagtailadmin_pages:usage", args=(live.pk,))),
        ("delete page", "admin", reverse("wagtailadmin_pages:delete", args=(live.pk,))),
        ("unpublish page", "admin", reverse("wagtailadmin_pages:unpublish", args=(live.pk,))),
        ("move page", "admin", reverse("wagtailadmin_pages:move", args=(live.pk,))),
        (
            "move confirm",
            "admin",
            reverse("wagtailadmin_pages:move_confirm", args=(live.pk, newsroom.the_thao.pk)),
        ),
        ("copy page", "admin", reverse("wagtailadmin_pages:copy", args=(live.pk,))),
        ("privacy", "admin", reverse("wagtailadmin_pages:set_privacy", args=(live.pk,))),
        ("page chooser", "admin", reverse("wagtailadmin_choose_page")),
        (
            "page chooser child",
            "admin",
            reverse("wagtailadmin_choose_page_child", args=(newsroom.thoi_su.pk,)),
        ),
        ("page chooser search", "admin", reverse("wagtailadmin_choose_page_search") + "?q=hội"),
        ("external link chooser", "admin", reverse("wagtailadmin_choose_page_external_link")),
        ("email link chooser", "admin", reverse("wagtailadmin_choose_page_email_link")),
        ("phone link chooser", "admin", reverse("wagtailadmin_choose_page_phone_link")),
        ("anchor link chooser", "admin", reverse("wagtailadmin_choose_page_anchor_link")),
        ("images", "admin", reverse("wagtailimages:index")),
        ("image edit", "admin", reverse("wagtailimages:edit", args=(image.pk,))),
        ("image delete", "admin", reverse("wagtailimages:delete", args=(image.pk,))),
        ("image usage", "admin", reverse("wagtailimages:image_usage", args=(image.pk,))),
        ("image url generator", "admin", reverse("wagtailimages:url_generator", args=(image.pk,))),
        ("image add", "admin", reverse("wagtailimages:add_multiple")),
        ("image chooser", "admin", reverse("wagtailimages_chooser:choose")),
        ("image chooser format", "admin", reverse("wagtailimages_chooser:select_format", args=(image.pk,))),
        ("documents", "admin", reverse("wagtaildocs:index")),
        ("document edit", "admin", reverse("wagtaildocs:edit", args=(document.pk,))),
        ("document delete", "admin", reverse("wagtaildocs:delete", args=(document.pk,))),
        ("document usage", "admin", reverse("wagtaildocs:document_usage", args=(document.pk,))),
        ("document add", "admin", reverse("wagtaildocs:add_multiple")),
        ("document chooser", "admin", reverse("wagtaildocs_chooser:choose")),
        ("embed chooser", "admin", reverse("wagtailembeds:chooser")),
        ("collections", "admin", reverse("wagtailadmin_collections:index")),
        ("collection add", "admin", reverse("wagtailadmin_collections:add")),
        ("snippets", "admin", reverse("wagtailsnippets:index")),
        ("agencies", "admin", reverse("wagtailsnippets_articles_agency:list")),
        ("agency add", "admin", reverse("wagtailsnippets_articles_agency:add")),
        (
            "agency edit",
            "admin",
            reverse("wagtailsnippets_articles_agency:edit", args=(content["agency"].pk,)),
        ),
        (
            "agency delete",
            "admin",
            reverse("wagtailsnippets_articles_agency:delete", args=(content["agency"].pk,)),
        ),
        (
            "agency history",
            "admin",
            reverse("wagtailsnippets_articles_agency:history", args=(content["agency"].pk,)),
        ),
        (
            "agency usage",
            "admin",
            reverse("wagtailsnippets_articles_agency:usage", args=(content["agency"].pk,)),
        ),
        ("authors", "admin", reverse("wagtailsnippets_articles_author:list")),
        (
            "author edit",
            "admin",
            reverse("wagtailsnippets_articles_author:edit", args=(content["author"].pk,)),
        ),
        ("author chooser", "admin", reverse("wagtailsnippetchoosers_articles_author:choose")),
        ("story threads", "admin", reverse("wagtailsnippets_editorial_storythread:list")),
        ("story thread add", "editor", reverse("wagtailsnippets_editorial_storythread:add")),
        (
            "story thread edit",
            "editor",
            reverse("wagtailsnippets_editorial_storythread:edit", args=(content["thread"].pk,)),
        ),
        ("users", "admin", reverse("wagtailusers_users:index")),
        ("user add", "admin", reverse("wagtailusers_users:add")),
        ("user edit", "admin", reverse("wagtailusers_users:edit", args=(newsroom.reporter.pk,))),
        ("user delete", "admin", reverse("wagtailusers_users:delete", args=(newsroom.reporter.pk,))),
        ("groups", "admin", reverse("wagtailusers_groups:index")),
        ("group add", "admin", reverse("wagtailusers_groups:add")),
        ("group edit", "admin", reverse("wagtailusers_groups:edit", args=(editor_group.pk,))),
        ("group delete", "admin", reverse("wagtailusers_groups:delete", args=(editor_group.pk,))),
        ("sites", "admin", reverse("wagtailsites:index")),
        ("site add", "admin", reverse("wagtailsites:add")),
        ("site edit", "admin", reverse("wagtailsites:edit", args=(newsroom.home.get_site().pk,))),
        ("redirects", "admin", reverse("wagtailredirects:index")),
        ("redirect add", "admin", reverse("wagtailredirects:add")),
        ("redirect edit", "admin", reverse("wagtailredirects:edit", args=(content["redirect"].pk,))),
        ("redirect import", "admin", reverse("wagtailredirects:start_import")),
        ("workflows", "admin", reverse("wagtailadmin_workflows:index")),
        ("workflow add", "admin", reverse("wagtailadmin_workflows:add")),
        ("workflow edit", "admin", reverse("wagtailadmin_workflows:edit", args=(workflow.pk,))),
        ("workflow usage", "admin", reverse("wagtailadmin_workflows:usage", args=(workflow.pk,))),
        ("workflow disable", "admin", reverse("wagtailadmin_workflows:disable", args=(workflow.pk,))),
        ("tasks", "admin", reverse("wagtailadmin_workflows:task_index")),
        ("task type", "admin", reverse("wagtailadmin_workflows:select_task_type")),
        (
            "task add",
            "admin",
            reverse("wagtailadmin_workflows:add_task", args=("editorial", "sectionapprovaltask")),
        ),
        ("task edit", "admin", reverse("wagtailadmin_workflows:edit_task", args=(task.pk,))),
        ("task chooser", "admin", reverse("wagtailadmin_workflows:task_chooser")),
        ("locked pages report", "admin", reverse("wagtailadmin_reports:locked_pages")),
        ("workflow report", "admin", reverse("wagtailadmin_reports:workflow")),
        ("workflow tasks report", "admin", reverse("wagtailadmin_reports:workflow_tasks")),
        ("site history", "admin", reverse("wagtailadmin_reports:site_history")),
        ("aging pages", "admin", reverse("wagtailadmin_reports:aging_pages")),
        ("page types usage", "admin", reverse("wagtailadmin_reports:page_types_usage")),
        ("account", "reporter", reverse("wagtailadmin_account")),
        ("comments queue", "moderator", reverse("comments_admin:index")),
        ("comments all", "moderator", reverse("comments_admin:index") + "?status=all"),
        ("comment detail", "moderator", reverse("comments_admin:detail", args=(content["comment"].pk,))),
        ("comment personal data", "managing_editor", reverse("comments_admin:personal_data")),
        ("blocked terms", "moderator", reverse("binh_luan_tu_khoa_chan:index")),
        ("blocked term add", "moderator", reverse("binh_luan_tu_khoa_chan:add")),
        ("admin 404", "admin", "/admin/khong-co-trang-nay/"),
        *[
            (f"bulk {model} {action}", "admin", f"/admin/bulk/{app}/{model}/{action}/?id={pk}")
            for app, model, pk, actions in (
                ("wagtailcore", "page", live.pk, ("publish", "unpublish", "delete", "move")),
                ("wagtailimages", "image", image.pk, ("delete", "add_tags", "add_to_collection")),
                ("wagtaildocs", "document", document.pk, ("delete", "add_tags", "add_to_collection")),
                ("auth", "user", newsroom.reporter.pk, ("delete", "assign_role", "set_active_state")),
                ("articles", "author", content["author"].pk, ("delete",)),
            )
            for action in actions
        ],
        (
            "story thread history",
            "admin",
            reverse("wagtailsnippets_editorial_storythread:history", args=(content["thread"].pk,)),
        ),
        (
            "story thread delete",
            "admin",
            reverse("wagtailsnippets_editorial_storythread:delete", args=(content["thread"].pk,)),
        ),
        (
            "choose parent",
            "admin",
            reverse("wagtailadmin_pages:choose_parent", args=("articles", "articlepage")),
        ),
        (
            "page type usage",
            "admin",
            reverse("wagtailadmin_pages:type_use", args=("articles", "articlepage")),
        ),
        ("user history", "admin", reverse("wagtailusers_users:history", args=(newsroom.reporter.pk,))),
    ]
    return screens


def _review_flow(client, newsroom, recorder: MissRecorder) -> None:
    """Submit, reject, resubmit, approve twice: the workflow's dialogs, messages and e-mails."""
    section = newsroom.thoi_su
    recorder.screen = "workflow: submit"
    login_verified(client, newsroom.reporter)
    url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", section.pk))
    data = _form(client, url)
    data.update({"title": "Tin gửi duyệt", "lead": "Sapo tin gửi duyệt.", "action-submit": "1"})
    client.post(url, data, follow=True)
    article = ArticlePage.objects.get(title="Tin gửi duyệt")
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))

    login_verified(client, newsroom.editor)
    state = article.current_workflow_task_state
    recorder.screen = "workflow: review screens"
    client.get(reverse("wagtailadmin_home"))
    client.get(edit_url)
    client.get(reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "reject", state.pk)))
    client.get(reverse("wagtailadmin_pages:workflow_preview", args=(article.pk, state.task_id)))
    client.get(reverse("wagtailadmin_pages:workflow_history", args=(article.pk,)))
    client.get(
        reverse(
            "wagtailadmin_pages:workflow_history_detail", args=(article.pk, article.current_workflow_state.pk)
        )
    )
    recorder.screen = "workflow: reject"
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "reject", state.pk)),
        {"comment": "Cần sửa sapo."},
        follow=True,
    )
    recorder.screen = "workflow: resubmit"
    login_verified(client, newsroom.reporter)
    client.get(edit_url)
    data = _form(client, edit_url)
    data.update({"action-submit": "1"})
    response = client.post(edit_url, data)
    assert response.status_code == 302, [str(m) for m in response.context["messages"]]
    for user in (newsroom.editor, newsroom.managing_editor):
        recorder.screen = f"workflow: approve ({user.username})"
        login_verified(client, user)
        state = ArticlePage.objects.get(pk=article.pk).current_workflow_task_state
        client.get(edit_url)
        client.post(
            reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", state.pk)), follow=True
        )
    recorder.screen = "editor: save, schedule, publish, unpublish"
    login_verified(client, newsroom.managing_editor)
    data = _form(client, edit_url)
    client.post(edit_url, data, follow=True)  # save draft
    data = _form(client, edit_url)
    go_live = timezone.localtime() + timedelta(days=1)
    data.update({"go_live_at": go_live.strftime(settings.WAGTAIL_DATETIME_FORMAT), "action-publish": "1"})
    client.post(edit_url, data, follow=True)
    client.get(edit_url)
    data = _form(client, edit_url)
    data.update({"go_live_at": "", "action-publish": "1"})
    client.post(edit_url, data, follow=True)
    client.post(reverse("wagtailadmin_pages:unpublish", args=(article.pk,)), follow=True)
    client.post(reverse("wagtailadmin_pages:lock", args=(article.pk,)), follow=True)
    client.post(reverse("wagtailadmin_pages:unlock", args=(article.pk,)), follow=True)
    recorder.screen = "editor: invalid form"
    data = _form(client, edit_url)
    data.update({"title": "", "action-publish": "1"})
    client.post(edit_url, data)
    recorder.screen = "login"
    client.logout()
    client.get(reverse("wagtailadmin_login"))
    client.post(reverse("wagtailadmin_login"), {"username": "khong-co", "password": "sai-mat-khau"})
    client.get(reverse("wagtailadmin_password_reset"))


def test_admin_is_fully_translated_into_vietnamese(newsroom, content, client):
    recorder = MissRecorder()
    failures = []
    with recorder.recording(), translation.override("vi"):
        for name, user, url in _admin_screens(newsroom, content):
            recorder.screen = name
            login_verified(client, newsroom.user(user))
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
            if response.status_code not in {200, 404}:
                failures.append(f"{name} ({user}): {url} → {response.status_code}")
        _review_flow(client, newsroom, recorder)
    dump = os.environ.get("TOASOAN_I18N_DUMP")
    if dump:
        recorder.write_po(dump)
    assert not failures, "\n".join(failures)
    assert recorder.looked_up > 1000  # the recorder saw the screens' lookups
    assert not recorder.missing, recorder.report()


def test_admin_javascript_strings_are_translated():
    """Wagtail's JavaScript catalogue (djangojs: editor toolbar, comments, explorer menu) is complete."""
    import wagtail.admin

    locale_dir = Path(wagtail.admin.__file__).parent / "locale"
    source = (locale_dir / "en" / "LC_MESSAGES" / "djangojs.po").read_text(encoding="utf-8")
    from django.utils.translation.trans_real import DjangoTranslation

    catalog = DjangoTranslation("vi", domain="djangojs", localedirs=[str(locale_dir)])._catalog
    msgids = _po_msgids(source)
    missing = [msgid for msgid in msgids if msgid not in catalog and (msgid, 0) not in catalog]
    assert len(msgids) > 50
    assert not missing, f"{len(missing)} JavaScript message(s) untranslated: {missing}"


def _po_msgids(source: str) -> list[str]:
    import re

    msgids = []
    for block in source.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        text, context, current = "", "", None
        for line in lines:
            if line.startswith("msgctxt "):
                current, context = "ctx", line[8:].strip().strip('"')
            elif line.startswith("msgid "):
                current, text = "id", line[6:].strip()[1:-1]
            elif line.startswith("msgid_plural") or line.startswith("msgstr"):
                current = None
            elif line.startswith('"') and current == "id":
                text += line.strip()[1:-1]
            elif line.startswith('"') and current == "ctx":
                context += line.strip()[1:-1]
        if text:
            text = re.sub(
                r"\\(.)", lambda match: {"n": "\n", "t": "\t"}.get(match.group(1), match.group(1)), text
            )
            msgids.append(f"{context}\x04{text}" if context else text)
    return msgids


def test_english_admin_still_works(newsroom, client):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(newsroom.editor)
    profile.preferred_language = "en"
    profile.save()
    login_verified(client, newsroom.editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'lang="en"' in html
    assert "Dashboard" in html
    assert "Bảng điều khiển" not in html


def test_vietnamese_admin_by_default(newsroom, client, django_user_model):
    user = django_user_model.objects.create_user(username="moi", password="mat-khau-thu-nghiem")
    from wagtail.users.models import UserProfile

    assert UserProfile.get_for_user(user).preferred_language == "vi"
    login_verified(client, newsroom.editor)
    html = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html
    assert "Bảng điều khiển" in html


def test_admin_is_vietnamese_whatever_the_browser(newsroom, client):
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    html = client.get(reverse("wagtailadmin_login"), **english_browser).content.decode()
    assert 'lang="vi"' in html and "Đăng nhập" in html
    # An account made before the editorial app (no language chosen) is in Vietnamese too.
    from wagtail.users.models import UserProfile

    UserProfile.objects.filter(user=newsroom.editor).update(preferred_language="")
    login_verified(client, newsroom.editor)
    html = client.get(reverse("wagtailadmin_home"), **english_browser).content.decode()
    assert 'lang="vi"' in html and "Bảng điều khiển" in html


def test_admin_listing_shows_hanoi_time_day_first(newsroom, make_article, client):
    article = make_article(newsroom.thoi_su, "Tin lúc bốn giờ chiều", published_at="16:20 16/09/2020")
    hanoi = vntext.parse_datetime("16:20 16/09/2020")
    type(article).objects.filter(pk=article.pk).update(
        last_published_at=hanoi, latest_revision_created_at=hanoi
    )
    login_verified(client, newsroom.admin)
    html = client.get(reverse("wagtailadmin_explore", args=(newsroom.thoi_su.pk,))).content.decode()
    assert "16:20 16/09/2020" in html
    assert "Sept" not in html and "September" not in html


def test_admin_date_pickers_are_day_first(newsroom, make_article, client):
    article = make_article(newsroom.thoi_su, "Tin hẹn giờ")
    login_verified(client, newsroom.admin)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    assert 'value="01/09/2020 08:00"' in html  # published_at, 08:00 Hanoi time
    assert "d/m/Y H:i" in html  # the picker's own format


@pytest.mark.parametrize("collection_name", ["Ảnh thời sự"], ids=["collection"])
def test_collections_screen_in_vietnamese(newsroom, client, collection_name):
    Collection.get_first_root_node().add_child(name=collection_name)
    login_verified(client, newsroom.admin)
    html = client.get(reverse("wagtailadmin_collections:index")).content.decode()
    assert collection_name in html


#: Wagtail modules that translate at import time (module or class level `gettext`), which the
#: recorder cannot see; they are imported while the default language (vi) is active.
IMPORT_TIME_MODULES = [
    "wagtail.admin.forms.collections",
    "wagtail.admin.forms.comments",
    "wagtail.admin.forms.models",
    "wagtail.admin.forms.pages",
    "wagtail.admin.forms.search",
    "wagtail.admin.forms.view_restrictions",
    "wagtail.admin.forms.workflows",
    "wagtail.forms",
    "wagtail.images.forms",
    "wagtail.users.forms",
    "wagtail.sites.forms",
    "wagtail.documents.forms",
    "wagtail.contrib.redirects.forms",
]


def _import_time_messages(module_name: str) -> list[str]:
    import ast
    import importlib.util

    tree = ast.parse(Path(importlib.util.find_spec(module_name).origin).read_text(encoding="utf-8"))
    found: list[str] = []

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if (
                not inside
                and isinstance(child, ast.Call)
                and getattr(child.func, "id", "") == "_"
                and child.args
                and isinstance(child.args[0], ast.Constant)
                and isinstance(child.args[0].value, str)
            ):
                found.append(child.args[0].value)
            visit(child, inside)

    visit(tree, False)
    return found


def test_messages_translated_at_import_time_are_in_the_catalogue():
    from django.utils.translation import trans_real

    catalog = trans_real.translation("vi")._catalog
    missing = [
        f"{module}: {message!r}"
        for module in IMPORT_TIME_MODULES
        for message in _import_time_messages(module)
        if message not in catalog
    ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("domain", ["django", "djangojs"], ids=["django", "djangojs"])
def test_compiled_catalogue_matches_its_source(domain):
    """The committed .mo is the compiled .po (run `manage.py compilemessages -l vi` after editing)."""
    import gettext

    from .i18n_audit import read_po

    folder = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES"
    source = read_po(folder / f"{domain}.po")
    with open(folder / f"{domain}.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    compiled_texts = {
        (key[0] if isinstance(key, tuple) else key): value
        for key, value in compiled.items()
        if (key[0] if isinstance(key, tuple) else key)
    }
    assert len(source) > 50
    assert compiled_texts == {msgid: text for msgid, text in source.items() if text}


def test_english_admin_reads_dates_day_first(newsroom, make_article, client):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(newsroom.editor)
    profile.preferred_language = "en"
    profile.save()
    article = make_article(newsroom.thoi_su, "Tin ngày 5 tháng 9")
    login_verified(client, newsroom.editor)
    url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    html = client.get(url).content.decode()
    assert 'value="01/09/2020 08:00"' in html
    data = querydict_from_html(html, form_id="page-edit-form")
    data.setdefault("body-count", "0")
    data["published_at"] = "05/09/2020 08:00"
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    saved = article.get_latest_revision_as_object().published_at
    assert timezone.localtime(saved).strftime("%d/%m/%Y %H:%M") == "05/09/2020 08:00"
