"""A reader's comment, stored in one short transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction

from ..models import Comment, CommentStatus
from . import clock, spam

logger = logging.getLogger(__name__)

#: Version of the consent notice shown next to the phone number; stored with each consent.
CONSENT_NOTICE_VERSION = "2025-07-v1"


@dataclass(frozen=True)
class Submission:
    """What the form accepted, already cleaned (services.text) and validated."""

    name: str
    title: str
    content: str
    phone: str | None = None
    phone_consent: bool = False


def create_comment(page, submission: Submission, *, ip_hash: str = "", user_agent: str = "") -> Comment:
    """Store the comment as pending (or as spam, with the reason); never public until approved.

    One INSERT in its own transaction: on SQLite (IMMEDIATE mode) the write lock is held
    for that statement only.
    """
    reason = spam.held_reason(submission.name, submission.title, submission.content)
    now = clock.now()
    comment = Comment(
        page=page,
        status=CommentStatus.SPAM if reason else CommentStatus.PENDING,
        held_reason=reason,
        name=submission.name,
        title=submission.title,
        content=submission.content,
        phone=submission.phone,
        phone_consent_at=now if submission.phone else None,
        phone_consent_notice=CONSENT_NOTICE_VERSION if submission.phone else "",
        ip_hash=ip_hash,
        user_agent=user_agent,
        created_at=now,
    )
    comment.refresh_search_key()
    with transaction.atomic():
        comment.save(force_insert=True)
    # Ids only: names, phone numbers and words never go to logs.
    logger.info("comments: comment %s stored for page %s as %s", comment.pk, page.pk, comment.status)
    return comment
