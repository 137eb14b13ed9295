"""Handling a question in the admin: assign to a unit, mark in progress, answer, publish, refuse,
mark as frequently asked — small action objects in the style of comments' moderation.

Every action: permission checked (`questions.change_question`), saved with who and when, written
to Wagtail's audit log (label "Câu hỏi #id", data without personal details); whatever changes what
readers see declares the list and the question's page stale after the commit. The asker's words
are never edited here.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from toasoan.comments.services import clock
from toasoan.comments.services.text import multiline, one_line

from ..models import Question, QuestionStatus
from . import cache, notify

logger = logging.getLogger(__name__)

HANDLE_PERMISSION = "questions.change_question"
ANSWER_MAX_LENGTH = 20000


class QuestionPermissionError(PermissionDenied):
    pass


class WorkflowError(ValueError):
    """The action does not apply to the question as it is (a Vietnamese message for staff)."""


class QuestionAction:
    permission: ClassVar[str] = HANDLE_PERMISSION
    log_action: ClassVar[str] = ""

    def __init__(self, question: Question, user=None):
        self.question = question
        self.user = user

    def check(self, skip_permission_checks: bool = False) -> None:
        if skip_permission_checks:
            return
        if self.user is None or not self.user.has_perm(self.permission):
            raise QuestionPermissionError(_("Bạn không có quyền xử lý câu hỏi."))

    def execute(self, skip_permission_checks: bool = False) -> bool:
        """Apply the action; False when there was nothing to change."""
        self.check(skip_permission_checks=skip_permission_checks)
        was_public = self.question.is_public
        with transaction.atomic():
            changed = self._execute()
            if changed:
                log(self.question, self.log_action, user=self.user, data=self.log_data())
                if was_public or self.question.is_public:
                    cache.public_changed(self.question)
        if changed:
            logger.info("questions: %s on question %s", self.log_action, self.question.pk)
            self.after()
        return changed

    def _execute(self) -> bool:
        raise NotImplementedError

    def log_data(self) -> dict:
        return {}

    def after(self) -> None:
        """Work outside the transaction (e-mails)."""

    def save(self, *fields: str) -> None:
        question = self.question
        if {"title", "content", "answer"} & set(fields):
            question.refresh_search_key()
            fields = (*fields, "search_key")
        question.save(update_fields=list(fields))


class AssignAction(QuestionAction):
    log_action = "questions.assign"

    def __init__(self, question: Question, user=None, unit=None):
        super().__init__(question, user)
        self.unit = unit

    def _execute(self) -> bool:
        question = self.question
        if question.status == QuestionStatus.REFUSED:
            raise WorkflowError(_("Câu hỏi đã bị từ chối, không giao được."))
        unit_id = self.unit.pk if self.unit is not None else None
        if question.unit_id == unit_id:
            return False
        question.unit = self.unit
        question.assigned_at = clock.now() if self.unit is not None else None
        fields = ["unit", "assigned_at"]
        if self.unit is not None and question.status == QuestionStatus.NEW:
            question.status = QuestionStatus.IN_PROGRESS
            fields.append("status")
        self.save(*fields)
        return True

    def log_data(self) -> dict:
        return {"unit": self.question.unit_id}


class MarkInProgressAction(QuestionAction):
    log_action = "questions.in_progress"

    def _execute(self) -> bool:
        question = self.question
        if question.status != QuestionStatus.NEW:
            return False
        question.status = QuestionStatus.IN_PROGRESS
        self.save("status")
        return True


class AnswerAction(QuestionAction):
    """The official answer, with the answering official's name and title; published at once or later."""

    log_action = "questions.answer"

    def __init__(self, question: Question, user=None, *, text: str = "", name: str = "", title: str = ""):
        super().__init__(question, user)
        self.text = multiline(text)[:ANSWER_MAX_LENGTH]
        self.name = one_line(name)[:120]
        self.title = one_line(title)[:160]

    def _execute(self) -> bool:
        question = self.question
        if not self.text:
            raise WorkflowError(_("Vui lòng nhập nội dung trả lời."))
        if question.status == QuestionStatus.REFUSED:
            raise WorkflowError(_("Câu hỏi đã bị từ chối, không trả lời được."))
        if question.status == QuestionStatus.ANSWERED and (
            question.answer,
            question.answerer_name,
            question.answerer_title,
        ) == (self.text, self.name, self.title):
            return False
        question.answer = self.text
        question.answerer_name = self.name
        question.answerer_title = self.title
        question.answered_by = self.user
        if question.status != QuestionStatus.ANSWERED:
            question.answered_at = clock.now()
        question.status = QuestionStatus.ANSWERED
        self.save("answer", "answerer_name", "answerer_title", "answered_by", "answered_at", "status")
        return True


class PublishAction(QuestionAction):
    """Show the answered question on the page; the asker is told by e-mail the first time."""

    log_action = "questions.publish"

    def _execute(self) -> bool:
        question = self.question
        if question.status != QuestionStatus.ANSWERED:
            raise WorkflowError(_("Chỉ công bố được câu hỏi đã trả lời."))
        if question.is_published:
            return False
        question.is_published = True
        question.published_at = question.published_at or clock.now()
        self.save("is_published", "published_at")
        return True

    def after(self) -> None:
        question = self.question
        if question.notified_at is None and notify.answered(question):
            question.notified_at = clock.now()
            question.save(update_fields=["notified_at"])


class UnpublishAction(QuestionAction):
    log_action = "questions.unpublish"

    def _execute(self) -> bool:
        question = self.question
        if not question.is_published:
            return False
        question.is_published = False
        self.save("is_published")
        return True


class RefuseAction(QuestionAction):
    """Not answered (out of the agency's remit, abusive…), with the reason sent to the asker."""

    log_action = "questions.refuse"

    def __init__(self, question: Question, user=None, *, reason: str = ""):
        super().__init__(question, user)
        self.reason = multiline(reason)[:2000]

    def _execute(self) -> bool:
        question = self.question
        if not self.reason:
            raise WorkflowError(_("Vui lòng nhập lý do từ chối."))
        if question.status == QuestionStatus.REFUSED:
            return False
        question.status = QuestionStatus.REFUSED
        question.refusal_reason = self.reason
        question.refused_at = clock.now()
        question.is_published = False
        question.is_faq = False
        self.save("status", "refusal_reason", "refused_at", "is_published", "is_faq")
        return True

    def after(self) -> None:
        if notify.refused(self.question):
            self.question.notified_at = clock.now()
            self.question.save(update_fields=["notified_at"])


class FaqAction(QuestionAction):
    log_action = "questions.faq"

    def __init__(self, question: Question, user=None, *, is_faq: bool = True):
        super().__init__(question, user)
        self.is_faq = is_faq

    def _execute(self) -> bool:
        question = self.question
        if question.is_faq == self.is_faq:
            return False
        if self.is_faq and question.status != QuestionStatus.ANSWERED:
            raise WorkflowError(_("Chỉ câu hỏi đã trả lời mới đánh dấu là câu hỏi thường gặp."))
        question.is_faq = self.is_faq
        self.save("is_faq")
        return True

    def log_data(self) -> dict:
        return {"is_faq": self.is_faq}


def assign(question: Question, user, unit, **kwargs) -> bool:
    return AssignAction(question, user, unit).execute(**kwargs)


def mark_in_progress(question: Question, user, **kwargs) -> bool:
    return MarkInProgressAction(question, user).execute(**kwargs)


def answer(question: Question, user, text: str, name: str = "", title: str = "", **kwargs) -> bool:
    return AnswerAction(question, user, text=text, name=name, title=title).execute(**kwargs)


def publish(question: Question, user, **kwargs) -> bool:
    return PublishAction(question, user).execute(**kwargs)


def unpublish(question: Question, user, **kwargs) -> bool:
    return UnpublishAction(question, user).execute(**kwargs)


def refuse(question: Question, user, reason: str, **kwargs) -> bool:
    return RefuseAction(question, user, reason=reason).execute(**kwargs)


def mark_faq(question: Question, user, is_faq: bool = True, **kwargs) -> bool:
    return FaqAction(question, user, is_faq=is_faq).execute(**kwargs)
