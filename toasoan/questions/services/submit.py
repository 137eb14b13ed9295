"""A reader's question, stored in one short transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction

from toasoan.comments.services import clock

from ..models import Question, QuestionIndexPage, QuestionStatus, QuestionTopic
from . import attachments, deadlines

logger = logging.getLogger(__name__)

#: Version of the consent notice shown on the form; stored with each question.
CONSENT_NOTICE_VERSION = "2026-01-v1"


@dataclass(frozen=True)
class Submission:
    """What the form accepted, cleaned (comments' text service) and validated."""

    name: str
    title: str
    content: str
    email: str = ""
    phone: str = ""
    address: str = ""
    topic: QuestionTopic | None = None
    show_full_name: bool = False
    attachment: object | None = None
    attachment_kind: str = ""
    attachment_label: str = ""


def create_question(
    index: QuestionIndexPage, submission: Submission, *, ip_hash: str = "", user_agent: str = ""
) -> Question:
    now = clock.now()
    question = Question(
        index=index,
        status=QuestionStatus.NEW,
        topic=submission.topic,
        name=submission.name,
        show_full_name=submission.show_full_name,
        email=submission.email,
        phone=submission.phone,
        address=submission.address,
        title=submission.title,
        content=submission.content,
        consent_at=now,
        consent_notice=CONSENT_NOTICE_VERSION,
        ip_hash=ip_hash,
        user_agent=user_agent,
        created_at=now,
        due_on=deadlines.due_on(now),
    )
    question.refresh_search_key()
    if submission.attachment is not None and submission.attachment_kind:
        question.attachment_kind = submission.attachment_kind
        question.attachment_name = submission.attachment_label
        # Saved by the storage under a random name: the reader's file name never reaches the disk.
        question.attachment.save(
            attachments.stored_name(submission.attachment_kind), submission.attachment, save=False
        )
    try:
        with transaction.atomic():
            question.save(force_insert=True)
    except Exception:
        attachments.delete_file(question.attachment.name)
        raise
    # Ids only: names, addresses and words never go to logs.
    logger.info("questions: question %s stored for page %s", question.pk, index.pk)
    return question
