"""The asker's personal data: kept while the question is handled, erased after.

- E-mail, phone, address, the attachment, the IP hash and user agent are erased
  QUESTIONS_CONTACT_RETENTION_DAYS (90) days after the answer or refusal; the consent record and
  the name (published, as initials unless the asker chose otherwise) stay with the question.
- Export and erasure by e-mail or phone go through the comments' command
  (`manage.py comments_personal_data export|erase <phone or e-mail>`), and the retention through
  its `purge_personal_data`: this module registers a provider with the comments' service.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from wagtail.log_actions import log

from toasoan.comments.services.personal_data import Provider, Within
from toasoan.sections.portal import under

from ..models import Question
from . import attachments, cache

logger = logging.getLogger(__name__)


def retention_days() -> int:
    return int(getattr(settings, "QUESTIONS_CONTACT_RETENTION_DAYS", 90))


def purge(now: datetime, dry_run: bool = False) -> int:
    cutoff = now - timedelta(days=retention_days())
    due = Question.objects.filter(contact_erased_at__isnull=True).filter(
        Q(answered_at__lte=cutoff) | Q(refused_at__lte=cutoff)
    )
    if dry_run:
        return due.count()
    names = list(due.exclude(attachment="").values_list("attachment", flat=True))
    # A plain UPDATE: nothing readers see changes, so no page needs purging.
    with transaction.atomic():
        erased = due.update(
            email="",
            phone="",
            address="",
            ip_hash="",
            user_agent="",
            attachment="",
            attachment_name="",
            contact_erased_at=now,
        )
    for name in names:
        attachments.delete_file(name)
    logger.info("questions: contact data of %s questions erased", erased)
    return erased


def _matching(phone: str | None, email: str | None, within: Within = None):
    if not phone and not email:
        return Question.objects.none()
    condition = Q()
    if phone:
        condition |= Q(phone=phone)
    if email:
        condition |= Q(email__iexact=email)
    return (
        Question.objects.filter(condition)
        .filter(under(within, "index__path"))
        .select_related("index", "topic", "unit")
        .order_by("created_at", "pk")
    )


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def as_dict(question: Question) -> dict[str, Any]:
    return {
        "id": question.pk,
        "page": {"id": question.index_id, "title": question.index.title},
        "status": question.status,
        "name": question.name,
        "show_full_name": question.show_full_name,
        "email": question.email,
        "phone": question.phone,
        "address": question.address,
        "topic": question.topic.name if question.topic else "",
        "title": question.title,
        "content": question.content,
        "attachment": question.attachment_name,
        "created_at": _iso(question.created_at),
        "consent_at": _iso(question.consent_at),
        "consent_notice": question.consent_notice,
        "ip_hash": question.ip_hash,
        "user_agent": question.user_agent,
        "unit": question.unit.title if question.unit else "",
        "answer": question.answer,
        "answered_at": _iso(question.answered_at),
        "published": question.is_public,
        "refusal_reason": question.refusal_reason,
        "refused_at": _iso(question.refused_at),
    }


def export(phone: str | None, email: str | None, user=None, within: Within = None) -> list[dict[str, Any]]:
    questions = list(_matching(phone, email, within))
    for question in questions:
        log(question, "questions.personal_data_export", user=user)
    return [as_dict(question) for question in questions]


def count(phone: str | None, email: str | None, within: Within = None) -> int:
    return _matching(phone, email, within).count()


def erase(phone: str | None, email: str | None, user=None, within: Within = None) -> int:
    """Delete every question given with this phone or e-mail, its file too; published ones go
    from the page on the next request."""
    questions = list(_matching(phone, email, within))
    with transaction.atomic():
        for question in questions:
            if question.is_public:
                cache.public_changed(question)
            log(question, "questions.personal_data_erase", user=user, deleted=True)
            name = question.attachment.name
            question.delete()
            if name:
                transaction.on_commit(lambda name=name: attachments.delete_file(name))
    logger.info("questions: personal data erasure of %s questions", len(questions))
    return len(questions)


PROVIDER = Provider(name="questions", purge=purge, export=export, erase=erase, count=count)
