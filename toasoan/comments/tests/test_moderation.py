"""Moderation: decisions one by one and in bulk, replies, the audit log, permissions, page purges."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import ModelLogEntry

from toasoan.accounts.testing import confirmed_device, current_code, login_verified
from toasoan.comments.models import Comment, CommentStatus
from toasoan.comments.services import cache as cache_service
from toasoan.comments.services import moderation
from toasoan.comments.services.moderation import CommentPermissionError


@pytest.fixture
def make_comment(article):
    def make(**fields) -> Comment:
        fields.setdefault("name", "Phạm Minh Châu")
        fields.setdefault("title", "Hỏi về thủ tục")
        fields.setdefault("content", "Xin hỏi thủ tục cấp phép.")
        fields.setdefault("page", article)
        return Comment.objects.create(**fields)

    return make


@pytest.fixture
def purged(monkeypatch):
    """Every article the comments app asks to purge, in order."""
    calls: list[int] = []
    monkeypatch.setattr(cache_service, "purge_page", lambda article: calls.append(article.pk))
    return calls


def test_actions_record_who_and_when_and_log(make_comment, moderator):
    comment = make_comment()
    assert moderation.approve(comment, moderator) is True
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    assert comment.decided_by == moderator and comment.decided_at is not None
    assert moderation.approve(comment, moderator) is False  # nothing to change, nothing logged
    assert moderation.reject(comment, moderator) and moderation.mark_spam(comment, moderator)
    entries = ModelLogEntry.objects.filter(object_id=str(comment.pk)).order_by("timestamp", "pk")
    assert [entry.action for entry in entries] == ["comments.approve", "comments.reject", "comments.spam"]
    assert entries[0].user == moderator and entries[0].data == {"from": "pending", "to": "approved"}
    assert entries[0].label == f"Bình luận #{comment.pk}"  # an id, never the reader's name
    assert entries[0].message == "Đã duyệt bình luận"


def test_actions_check_permission(make_comment, editor):
    comment = make_comment()
    with pytest.raises(CommentPermissionError):
        moderation.approve(comment, editor)
    with pytest.raises(CommentPermissionError):
        moderation.approve(comment, None)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_reply_is_stored_logged_and_removable(make_comment, moderator):
    comment = make_comment(status=CommentStatus.APPROVED)
    assert moderation.reply(comment, moderator, "  Cảm ơn bạn.\r\nBan biên tập đã chuyển câu hỏi.  ")
    comment.refresh_from_db()
    assert comment.reply_text == "Cảm ơn bạn.\nBan biên tập đã chuyển câu hỏi."
    assert comment.replied_by == moderator and comment.replied_at
    assert moderation.reply(comment, moderator, "")
    comment.refresh_from_db()
    assert comment.reply_text == "" and comment.replied_at is None
    actions = list(ModelLogEntry.objects.filter(object_id=str(comment.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["comments.reply", "comments.reply_remove"]


# --- purging the cached article page, whatever path changed the status ---------------------------


def test_purge_on_plain_save(make_comment, purged, django_capture_on_commit_callbacks, article):
    comment = make_comment()
    with django_capture_on_commit_callbacks(execute=True):
        comment.status = CommentStatus.APPROVED
        comment.save()
    assert purged == [article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        comment = Comment.objects.get(pk=comment.pk)
        comment.status = CommentStatus.REJECTED
        comment.save(update_fields=["status"])
    assert purged == [article.pk, article.pk]


def test_no_purge_when_nothing_public_changes(make_comment, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment()  # a new pending comment: the page is unchanged
        comment.status = CommentStatus.SPAM
        comment.save()  # pending → spam: still not public
        comment.ip_hash = ""
        comment.save(update_fields=["ip_hash"])
    assert purged == []


def test_purge_waits_for_the_commit(make_comment, purged, django_capture_on_commit_callbacks):
    comment = make_comment()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment.status = CommentStatus.APPROVED
        comment.save()
        assert purged == []
    for callback in callbacks:
        callback()
    assert len(purged) == 1


def test_purge_on_admin_view(
    client, make_comment, moderator, purged, django_capture_on_commit_callbacks, article
):
    comment = make_comment()
    login_verified(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/binh-luan/{comment.pk}/approve/")
    assert response.status_code == 302
    assert purged == [article.pk]


def test_purge_on_bulk_action_once_per_article(
    client, make_comment, moderator, purged, django_capture_on_commit_callbacks, article, other_article
):
    ids = [make_comment().pk for _ in range(3)] + [make_comment(page=other_article).pk]
    login_verified(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/binh-luan/hang-loat/", {"action": "approve", "ids": ids})
    assert response.status_code == 302
    assert sorted(purged) == sorted([article.pk, other_article.pk])
    assert Comment.objects.filter(status=CommentStatus.APPROVED).count() == 4


def test_purge_on_command(make_comment, purged, django_capture_on_commit_callbacks, article, capsys):
    comment = make_comment()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("moderate_comment", "approve", str(comment.pk))
    assert purged == [article.pk]
    assert Comment.objects.get().status == CommentStatus.APPROVED
    assert ModelLogEntry.objects.filter(action="comments.approve").count() == 1


def test_purge_on_reply_to_an_approved_comment_and_on_delete(
    make_comment, moderator, purged, django_capture_on_commit_callbacks, article
):
    comment = make_comment(status=CommentStatus.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reply(comment, moderator, "Trả lời")
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.get(pk=comment.pk).delete()
    assert purged == [article.pk, article.pk]


def test_purge_page_says_the_page_changed(article):
    """Comments say what changed (toasoan.cache.events); delivery alone turns it into purges."""
    from toasoan.cache import events

    received = []

    def receiver(sender, kind, **details):
        received.append((kind, [page.pk for page in details["pages"]]))

    events.content_changed.connect(receiver, dispatch_uid="test-comments-event")
    try:
        cache_service.purge_page(article)
    finally:
        events.content_changed.disconnect(dispatch_uid="test-comments-event")
    assert received == [(events.COMMENTS, [article.pk])]


# --- admin views ---------------------------------------------------------------------------------


def test_queue_filters_by_status_article_date_and_text(
    client, make_comment, moderator, article, other_article, clock
):
    from datetime import datetime

    from toasoan.vntext.dates import VIETNAM_TZ

    make_comment(title="Đường Hoàng Hoa Thám ngập", created_at=datetime(2025, 9, 10, 8, tzinfo=VIETNAM_TZ))
    make_comment(
        title="Cây xanh", page=other_article, created_at=datetime(2025, 9, 12, 23, tzinfo=VIETNAM_TZ)
    )
    make_comment(title="Đã duyệt rồi", status=CommentStatus.APPROVED)
    login_verified(client, moderator)

    def titles(query: str) -> list[str]:
        response = client.get(f"/admin/binh-luan/{query}")
        assert response.status_code == 200
        return [c.title for c in response.context["comments"]]

    assert titles("") == ["Đường Hoàng Hoa Thám ngập", "Cây xanh"]  # pending, oldest first
    assert titles("?status=approved") == ["Đã duyệt rồi"]
    assert len(titles("?status=all")) == 3
    assert titles(f"?page={other_article.pk}") == ["Cây xanh"]
    assert titles("?q=hoang+hoa+tham") == ["Đường Hoàng Hoa Thám ngập"]  # without diacritics
    assert titles("?q=NGẬP") == ["Đường Hoàng Hoa Thám ngập"]
    assert titles("?q=duong") == ["Đường Hoàng Hoa Thám ngập"]
    assert titles("?date_from=2025-09-11") == ["Cây xanh"]
    assert titles("?date_to=10/09/2025") == ["Đường Hoàng Hoa Thám ngập"]
    assert titles("?date_from=2025-09-12&date_to=2025-09-12") == ["Cây xanh"]  # 23:00 Hanoi time counts


def test_queue_escapes_readers_words(client, make_comment, moderator):
    make_comment(title="<script>alert(1)</script>", name='"><img src=x onerror=alert(1)>')
    login_verified(client, moderator)
    html = client.get("/admin/binh-luan/").content.decode()
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_detail_shows_phone_to_moderators_and_reply_form_only(client, make_comment, moderator):
    comment = make_comment(phone="+84912345678")
    login_verified(client, moderator)
    response = client.get(f"/admin/binh-luan/{comment.pk}/")
    html = response.content.decode()
    assert "0912 345 678" in html
    # Moderators never edit a reader's words: the only text field is the reply.
    assert 'name="reply_text"' in html
    for field in ("name", "title", "content", "phone"):
        assert f'name="{field}"' not in html


def test_moderators_cannot_edit_readers_words(client, make_comment, moderator):
    comment = make_comment()
    login_verified(client, moderator)
    client.post(
        f"/admin/binh-luan/{comment.pk}/tra-loi/", {"reply_text": "Đã nhận", "content": "SỬA", "name": "X"}
    )
    comment.refresh_from_db()
    assert comment.content == "Xin hỏi thủ tục cấp phép." and comment.name == "Phạm Minh Châu"
    assert comment.reply_text == "Đã nhận"


def test_bulk_reject_and_spam(client, make_comment, moderator):
    first, second = make_comment(), make_comment()
    login_verified(client, moderator)
    response = client.post(
        "/admin/binh-luan/hang-loat/",
        {"action": "spam", "ids": [first.pk, second.pk], "next": "/admin/binh-luan/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/binh-luan/"
    assert set(Comment.objects.values_list("status", flat=True)) == {"spam"}
    client.post("/admin/binh-luan/hang-loat/", {"action": "reject", "ids": [first.pk]})
    assert Comment.objects.get(pk=first.pk).status == "rejected"
    # An offsite "next" is ignored.
    response = client.post(
        "/admin/binh-luan/hang-loat/",
        {"action": "reject", "ids": [second.pk], "next": "https://evil.example/"},
    )
    assert response["Location"] == "/admin/binh-luan/"


def test_bulk_without_selection_changes_nothing(client, make_comment, moderator):
    make_comment()
    login_verified(client, moderator)
    client.post("/admin/binh-luan/hang-loat/", {"action": "approve"})
    client.post("/admin/binh-luan/hang-loat/", {"action": "delete", "ids": [1]})
    assert Comment.objects.get().status == CommentStatus.PENDING


def test_menu_item_shows_the_pending_count(client, make_comment, moderator, editor):
    for _ in range(3):
        make_comment()
    make_comment(status=CommentStatus.APPROVED)
    login_verified(client, moderator)
    html = client.get("/admin/").content.decode()
    # The sidebar is drawn from JSON: labels are \u-escaped there.
    assert json.dumps("Bình luận (3)")[1:-1] in html
    login_verified(client, editor)
    html = client.get("/admin/").content.decode()
    assert json.dumps("Bình luận (")[1:-1] not in html and json.dumps("Bình luận")[1:-1] not in html


# --- permission matrix ---------------------------------------------------------------------------

MODERATION_URLS = [
    ("get", "/admin/binh-luan/"),
    ("get", "/admin/binh-luan/{pk}/"),
    ("post", "/admin/binh-luan/{pk}/approve/"),
    ("post", "/admin/binh-luan/{pk}/reject/"),
    ("post", "/admin/binh-luan/{pk}/spam/"),
    ("post", "/admin/binh-luan/{pk}/tra-loi/"),
    ("post", "/admin/binh-luan/hang-loat/"),
    ("get", "/admin/binh-luan/du-lieu-ca-nhan/?phone=0912345678"),
    ("post", "/admin/binh-luan/du-lieu-ca-nhan/"),
    ("get", "/admin/binh-luan/tu-khoa-chan/"),
]


@pytest.mark.parametrize(("method", "url"), MODERATION_URLS)
@pytest.mark.parametrize("who", ["anonymous", "editor", "moderator"])
def test_permission_matrix(client, make_comment, editor, moderator, who, method, url):
    comment = make_comment(phone="+84912345678", title="Bí mật chưa duyệt")
    if who == "editor":
        login_verified(client, editor)
    elif who == "moderator":
        login_verified(client, moderator)
    data = {"action": "approve", "ids": [comment.pk], "reply_text": "x", "phone": "0912345678"}
    response = getattr(client, method)(url.format(pk=comment.pk), data if method == "post" else None)
    body = response.content.decode()
    comment.refresh_from_db()
    if who == "moderator":
        assert response.status_code in (200, 302)
        return
    # Anonymous: to the login page; a plain editor: back to the dashboard. Nothing shown, nothing changed.
    assert response.status_code == 302
    assert ("/admin/login/" in response["Location"]) is (who == "anonymous")
    assert "Bí mật chưa duyệt" not in body and "0912" not in body
    assert comment.status == CommentStatus.PENDING and comment.reply_text == ""
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_moderators_group_can_moderate_without_other_editing_rights(moderator):
    assert moderator.has_perm("comments.change_comment")
    assert moderator.has_perm("comments.manage_personal_data")
    assert moderator.has_perm("comments.add_blockedterm")
    assert not moderator.has_perm("comments.delete_comment")
    assert not moderator.has_perm("articles.change_agency")
    assert not moderator.has_perm("wagtailcore.change_page")
    from wagtail.models import Page

    home = Page.objects.get(depth=2)
    assert not home.permissions_for_user(moderator).can_edit()


def test_moderator_logs_in_and_approves(make_comment, moderator):
    comment = make_comment()
    browser = Client()
    device = confirmed_device(moderator)
    credentials = {"username": "kiemduyet", "password": "mat-khau-kiem-duyet"}
    assert browser.post("/admin/login/", credentials).status_code == 302
    assert browser.post("/admin/tai-khoan/xac-thuc/", {"code": current_code(device)}).status_code == 302
    assert browser.get("/admin/binh-luan/").status_code == 200
    browser.post(f"/admin/binh-luan/{comment.pk}/approve/", {"next": "/admin/binh-luan/"})
    assert Comment.objects.get().status == CommentStatus.APPROVED


def test_audit_log_appears_in_wagtails_site_history(client, make_comment, moderator, admin_user):
    comment = make_comment()
    moderation.approve(comment, moderator)
    login_verified(client, admin_user)
    html = client.get("/admin/reports/site-history/").content.decode()
    assert f"Bình luận #{comment.pk}" in html and "Phạm Minh Châu" not in html


def test_log_data_is_json_without_personal_details(make_comment, moderator):
    comment = make_comment(phone="+84912345678")
    moderation.approve(comment, moderator)
    moderation.decide_many([comment], "reject", moderator)
    for entry in ModelLogEntry.objects.all():
        dumped = json.dumps({"label": entry.label, "data": entry.data}, ensure_ascii=False)
        assert "Phạm Minh Châu" not in dumped and "912345678" not in dumped


def test_purge_when_the_previous_state_is_unknown(make_comment, purged, django_capture_on_commit_callbacks):
    comment = make_comment(status=CommentStatus.APPROVED)
    stand_in = Comment(
        pk=comment.pk,
        page_id=comment.page_id,
        name="x",
        title="x",
        content="x",
        status=CommentStatus.REJECTED,
        created_at=comment.created_at,
    )
    with django_capture_on_commit_callbacks(execute=True):
        stand_in.save()
    assert purged == [comment.page_id]


def test_refresh_from_db_keeps_the_status_tracking(make_comment, purged, django_capture_on_commit_callbacks):
    comment = make_comment()
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.APPROVED)  # behind its back
    comment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        comment.status = CommentStatus.REJECTED
        comment.save()
    assert purged == [comment.page_id]
