"""E-mails to the asker, in Vietnamese, through Django's mail API (console backend in development).

Links are absolute at the address of the Site the question's page belongs to (its `root_url`),
never the Host of whichever request made the change. Askers who left no e-mail get nothing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from ..models import Question
from .cache import question_path

logger = logging.getLogger(__name__)


def question_url(question: Question) -> str:
    parts = question.index.get_url_parts()
    if parts is None:
        return ""
    _site_id, root_url, _page_path = parts
    return root_url + (question_path(question) or "")


def ask_url(question: Question) -> str:
    parts = question.index.get_url_parts()
    if parts is None:
        return ""
    _site_id, root_url, page_path = parts
    return root_url + page_path.rstrip("/") + "/" + question.index.reverse_subpage("ask")


def _send(question: Question, template: str, subject: str, url: str) -> bool:
    if not question.email:
        return False
    context = {"question": question, "url": url}
    body = render_to_string(template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [question.email])
    logger.info("questions: e-mail %s sent for question %s", template.rsplit("/", 1)[-1], question.pk)
    return True


def answered(question: Question) -> bool:
    subject = f"Câu hỏi của bạn đã được trả lời: {question.title}"[:150]
    return _send(question, "questions/email/answered.txt", subject, question_url(question))


def refused(question: Question) -> bool:
    subject = f"Về câu hỏi của bạn: {question.title}"[:150]
    return _send(question, "questions/email/refused.txt", subject, ask_url(question))
