"""Readers' personal data: retention (purge_personal_data), export and erasure, and clean logs."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from io import StringIO

import pytest
from captcha.models import CaptchaStore
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import ModelLogEntry

from toasoan.accounts.testing import login_verified
from toasoan.comments.models import Comment, CommentStatus
from toasoan.comments.services import moderation, personal_data

NAME = "Hoàng Thị Riêng Tư"
PHONE = "+84987654321"
PHONE_SPELLINGS = ("+84987654321", "0987654321", "0987 654 321", "987654321", "84987654321")


@pytest.fixture
def make_comment(article, clock):
    def make(**fields) -> Comment:
        fields.setdefault("name", NAME)
        fields.setdefault("title", "Phản ánh")
        fields.setdefault("content", "Nội dung phản ánh")
        fields.setdefault("page", article)
        fields.setdefault("created_at", clock.now())
        return Comment.objects.create(**fields)

    return make


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_phone_erased_90_days_after_the_decision(make_comment, moderator, clock):
    decided = make_comment(phone=PHONE, phone_consent_at=clock.now())
    moderation.approve(decided, moderator)
    waiting = make_comment(phone=PHONE)
    clock.advance(days=89)
    assert "0 phone numbers" in _run("purge_personal_data")
    clock.advance(days=1, seconds=1)
    assert "2 phone numbers" in _run("purge_personal_data")  # undecided ones count from submission
    decided.refresh_from_db()
    waiting.refresh_from_db()
    assert decided.phone is None and decided.phone_erased_at == clock.now()
    assert decided.phone_consent_at is not None  # the proof of consent stays
    assert waiting.phone is None


def test_phone_retention_counts_from_a_late_decision(make_comment, moderator, clock):
    comment = make_comment(phone=PHONE)
    clock.advance(days=80)
    moderation.approve(comment, moderator)
    clock.advance(days=89)
    _run("purge_personal_data")
    comment.refresh_from_db()
    assert comment.phone == PHONE
    clock.advance(days=2)
    _run("purge_personal_data")
    comment.refresh_from_db()
    assert comment.phone is None


def test_ip_hash_and_user_agent_erased_after_30_days(make_comment, clock):
    comment = make_comment(ip_hash="a" * 64, user_agent="Firefox")
    clock.advance(days=29)
    _run("purge_personal_data")
    comment.refresh_from_db()
    assert comment.ip_hash
    clock.advance(days=1, seconds=1)
    assert "1 IP hashes" in _run("purge_personal_data")
    comment.refresh_from_db()
    assert comment.ip_hash == "" and comment.user_agent == ""


@override_settings(COMMENTS_PHONE_RETENTION_DAYS=7, COMMENTS_IP_RETENTION_DAYS=1)
def test_retention_is_configurable(make_comment, moderator, clock):
    comment = make_comment(phone=PHONE, ip_hash="b" * 64)
    moderation.approve(comment, moderator)
    clock.advance(days=7, seconds=1)
    _run("purge_personal_data")
    comment.refresh_from_db()
    assert comment.phone is None and comment.ip_hash == ""


def test_command_options_and_dry_run(make_comment, clock):
    comment = make_comment(phone=PHONE, ip_hash="c" * 64)
    clock.advance(days=3)
    assert "would erase: 1 phone numbers, 1 IP hashes" in _run(
        "purge_personal_data", "--phone-days", "2", "--ip-days", "2", "--dry-run"
    )
    comment.refresh_from_db()
    assert comment.phone == PHONE
    _run("purge_personal_data", "--phone-days", "2", "--ip-days", "2")
    comment.refresh_from_db()
    assert comment.phone is None and comment.ip_hash == ""
    with pytest.raises(SystemExit):
        call_command("purge_personal_data", "--phone-days", "-1", stderr=StringIO())


def test_purge_removes_expired_captcha_codes(db, clock):
    CaptchaStore.generate_key()
    clock.advance(minutes=31)
    CaptchaStore.objects.update(expiration=clock.now() - timedelta(minutes=1))
    assert "1 expired captcha codes" in _run("purge_personal_data")
    assert not CaptchaStore.objects.exists()


def test_export_by_phone_command(make_comment, other_article, moderator):
    first = make_comment(
        phone=PHONE, phone_consent_at=make_comment().created_at, phone_consent_notice="2025-07-v1"
    )
    second = make_comment(
        phone=PHONE, page=other_article, status=CommentStatus.APPROVED, reply_text="Đã nhận"
    )
    make_comment(phone="+84911111111")
    data = json.loads(_run("comments_personal_data", "export", "0987 654 321"))
    assert data["phone"] == PHONE
    assert [c["id"] for c in data["comments"]] == [first.pk, second.pk]
    exported = data["comments"][0]
    assert exported["name"] == NAME and exported["phone_consent_notice"] == "2025-07-v1"
    assert exported["page"]["title"] and exported["page"]["url"]
    assert data["comments"][1]["reply_text"] == "Đã nhận"
    assert ModelLogEntry.objects.filter(action="comments.personal_data_export").count() == 2


def test_export_to_file(make_comment, tmp_path):
    make_comment(phone=PHONE)
    target = tmp_path / "yeu-cau.json"
    call_command(
        "comments_personal_data", "export", "+84 987 654 321", "--output", str(target), stderr=StringIO()
    )
    assert json.loads(target.read_text(encoding="utf-8"))["comments"][0]["phone"] == PHONE


def test_erase_by_phone_command_needs_confirmation(
    make_comment, django_capture_on_commit_callbacks, monkeypatch
):
    from toasoan.comments.services import cache

    purged = []
    monkeypatch.setattr(cache, "purge_page", lambda article: purged.append(article.pk))
    make_comment(phone=PHONE, status=CommentStatus.APPROVED)
    make_comment(phone=PHONE)
    keep = make_comment(phone="+84911111111")
    with pytest.raises(CommandError, match="2 comments would be deleted"):
        call_command("comments_personal_data", "erase", "0987654321")
    assert Comment.objects.count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert "deleted: 2" in _run("comments_personal_data", "erase", "0987654321", "--yes")
    assert list(Comment.objects.values_list("pk", flat=True)) == [keep.pk]
    assert len(purged) == 1  # the approved one was on the page
    entries = ModelLogEntry.objects.filter(action="comments.personal_data_erase")
    assert entries.count() == 2 and all(entry.deleted for entry in entries)


def test_bad_phone_is_refused_by_the_command(db):
    with pytest.raises(CommandError):
        call_command("comments_personal_data", "export", "12345")


def test_admin_export_and_erase(client, make_comment, moderator):
    make_comment(phone=PHONE)
    login_verified(client, moderator)
    page = client.get("/admin/binh-luan/du-lieu-ca-nhan/", {"phone": "0987 654 321"})
    assert page.status_code == 200 and "1 bình luận có số điện thoại này" in page.content.decode()
    response = client.post("/admin/binh-luan/du-lieu-ca-nhan/", {"phone": "0987654321", "action": "export"})
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["comments"][0]["name"] == NAME
    response = client.post("/admin/binh-luan/du-lieu-ca-nhan/", {"phone": "0987654321", "action": "erase"})
    assert Comment.objects.count() == 1  # not confirmed
    client.post(
        "/admin/binh-luan/du-lieu-ca-nhan/", {"phone": "0987654321", "action": "erase", "confirm": "yes"}
    )
    assert Comment.objects.count() == 0


def test_no_names_or_phone_numbers_in_logs(
    client,
    article,
    valid_data,
    write_url,
    moderator,
    caplog,
    clock,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """Every path a comment travels, logged at DEBUG: ids and counts only."""
    caplog.set_level(logging.DEBUG)
    name, phone = "Lý Thị Nhật Ký", "0987 654 321"
    assert client.post(write_url, valid_data(name=name, phone=phone, phone_consent="on")).status_code == 303
    clock.advance(3)
    assert client.post(write_url, valid_data(name=name, phone=phone, phone_consent="on")).status_code == 429
    assert client.post(write_url, valid_data(name=name, phone="12", phone_consent="on")).status_code == 400
    from django.db import OperationalError

    from toasoan.comments import views

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(views, "create_comment", locked)
        clock.advance(60)
        assert (
            client.post(write_url, valid_data(name=name, phone=phone, phone_consent="on")).status_code == 503
        )
    comment = Comment.objects.get()
    login_verified(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/binh-luan/{comment.pk}/approve/")
        client.post(f"/admin/binh-luan/{comment.pk}/tra-loi/", {"reply_text": f"Chào {name}"})
    client.get("/admin/binh-luan/?q=nhat+ky")
    _run("comments_personal_data", "export", phone)
    clock.advance(days=120)
    _run("purge_personal_data")
    logged = caplog.text + "\n".join(str(record.args) for record in caplog.records)
    assert "comments:" in logged  # our own lines are there…
    for secret in (name, "Nhật Ký", *PHONE_SPELLINGS, "987654321", "987 654 321"):
        assert secret not in logged, secret  # …without the reader


def test_personal_data_view_is_never_cached(client, moderator):
    login_verified(client, moderator)
    cache_control = client.get("/admin/binh-luan/du-lieu-ca-nhan/")["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_services_accept_any_spelling(make_comment):
    make_comment(phone=PHONE)
    assert personal_data.comments_for_phone("84987654321").count() == 1
    assert personal_data.comments_for_phone("").count() == 0


def test_purge_removes_rate_limit_records_past_their_window(db, clock, without_redis):
    from toasoan.comments.models import RateLimitBucket
    from toasoan.comments.services import ratelimit

    ratelimit.hit("a" * 64)
    clock.advance(seconds=1800)
    ratelimit.counted(f"comments:audio:{'b' * 64}", 30, 3600)
    clock.advance(seconds=1801)  # the first record's hour is over, the second's is not
    assert RateLimitBucket.objects.count() == 2
    output = _run("purge_personal_data", "--dry-run")
    assert "1 expired rate-limit records" in output and RateLimitBucket.objects.count() == 2
    assert "1 expired rate-limit records" in _run("purge_personal_data")
    assert list(RateLimitBucket.objects.values_list("key", flat=True)) == [f"comments:audio:{'b' * 64}"]
