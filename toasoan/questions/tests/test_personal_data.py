"""The asker's data: retention through the comments' purge, export and erasure through the comments'
command, by e-mail or phone."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry

from toasoan.questions.models import Question
from toasoan.questions.services import workflow

from .conftest import ASKER


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_contact_data_is_erased_after_the_retention_by_the_one_purge(make_question, handler, clock, settings):
    answered = make_question(
        attachment_kind="pdf", attachment_name="don.pdf", ip_hash="a" * 64, user_agent="UA"
    )
    answered.attachment.save("tep.pdf", ContentFile(b"%PDF-1.4"), save=True)
    stored = Path(settings.QUESTIONS_PRIVATE_ROOT) / answered.attachment.name
    workflow.answer(answered, handler, "Trả lời.")
    workflow.publish(answered, handler)
    waiting = make_question(title="Còn chờ trả lời")
    clock.advance(days=89)
    assert "0 questions" in _run("purge_personal_data")
    clock.advance(days=2)
    assert "would erase" in _run("purge_personal_data", "--dry-run") and stored.exists()
    assert "1 questions" in _run("purge_personal_data")
    answered.refresh_from_db()
    assert (answered.email, answered.phone, answered.address, answered.ip_hash, answered.user_agent) == (
        "",
    ) * 5
    assert not answered.attachment and not stored.exists() and answered.contact_erased_at is not None
    assert answered.name == ASKER["name"] and answered.consent_at is not None  # the record stays
    waiting.refresh_from_db()
    assert waiting.email == ASKER["email"]  # still being handled: kept


def test_export_by_email_and_by_phone_through_the_comments_command(make_question):
    first = make_question()
    second = make_question(email="", title="Chỉ có số điện thoại")
    make_question(email="nguoi.khac@example.vn", phone="+84911000000")
    data = json.loads(_run("comments_personal_data", "export", "HongNhung.Rieng@example.vn"))
    assert [item["id"] for item in data["questions"]] == [first.pk]
    assert data["questions"][0]["address"] == ASKER["address"] and data["comments"] == []
    by_phone = json.loads(_run("comments_personal_data", "export", "0987 111 222"))
    assert [item["id"] for item in by_phone["questions"]] == [first.pk, second.pk]
    assert "comments" in by_phone
    assert ModelLogEntry.objects.filter(action="questions.personal_data_export").count() == 3


def test_erasure_needs_confirmation_and_deletes_questions_and_files(
    make_question, handler, settings, index, client, django_capture_on_commit_callbacks
):
    question = make_question()
    question.attachment.save("tep.pdf", ContentFile(b"%PDF-1.4"), save=True)
    stored = Path(settings.QUESTIONS_PRIVATE_ROOT) / question.attachment.name
    workflow.answer(question, handler, "Trả lời.")
    workflow.publish(question, handler)
    keep = make_question(email="nguoi.khac@example.vn", phone="+84911000000")
    with pytest.raises(CommandError, match="1 questions"):
        call_command("comments_personal_data", "erase", "0987111222")
    with django_capture_on_commit_callbacks(execute=True):
        assert "deleted: 0 comments, 1 questions" in _run(
            "comments_personal_data", "erase", "0987111222", "--yes"
        )
    assert list(Question.objects.values_list("pk", flat=True)) == [keep.pk]
    assert not stored.exists()
    assert client.get(index.url + f"{question.pk}/").status_code == 404
    entries = ModelLogEntry.objects.filter(action="questions.personal_data_erase")
    assert entries.count() == 1 and entries.get().deleted
    with pytest.raises(CommandError, match="not an e-mail"):
        call_command("comments_personal_data", "export", "a@b@c")
