"""Readers' personal data (Law 91/2025/QH15, Decree 356/2025/ND-CP): keep little, keep it briefly.

- Phone numbers are erased `COMMENTS_PHONE_RETENTION_DAYS` (90) days after the moderation
  decision (or after submission while still undecided); the consent record stays, as proof.
- IP hashes and user agents are erased `COMMENTS_IP_RETENTION_DAYS` (30) days after submission.
- A reader may ask for every comment given with their phone number: exported as JSON, or erased.
`manage.py purge_personal_data` runs the retention daily (docs/comments.md).

Other apps that keep readers' data (questions) register a `Provider` from their `ready()`, so the
same command, the same daily purge and the same export/erasure cover them too.

Export and erasure take `within`, the tree paths of the portals asked about
(`sections.portal.staff_portal_paths` for someone in the admin, `portal_paths` for a command's
`--portal`): a commune answers a request for what its portal holds, never another portal's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from captcha.models import CaptchaStore
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from wagtail.log_actions import log

from toasoan.sections.portal import under

from ..models import Comment, RateLimitBucket
from . import cache, clock
from .phone import normalize_phone

logger = logging.getLogger(__name__)

#: The tree paths of the portals a request is about (None: every portal).
Within = tuple[str, ...] | None


@dataclass(frozen=True)
class PurgeResult:
    phones_erased: int
    ip_hashes_erased: int
    captchas_removed: int
    #: Rate-limit records (services.ratelimit) past their last window: they hold IP hashes.
    rate_limits_removed: int = 0
    #: Records erased (or that would be) by each registered provider, by its name.
    others: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Provider:
    """Another app's readers' data: `purge(now, dry_run)` applies its retention and returns a count;
    `export(phone, email, user, within)` returns JSON-ready records; `erase(phone, email, user,
    within)` deletes them and returns a count; `count(phone, email, within)` says how many erase
    would delete. `within`: the portals' tree paths (None: every portal)."""

    name: str
    purge: Callable[[datetime, bool], int]
    export: Callable[..., list[dict[str, Any]]]
    erase: Callable[..., int]
    count: Callable[..., int]


_providers: dict[str, Provider] = {}


def register_provider(provider: Provider) -> None:
    _providers[provider.name] = provider


def providers() -> list[Provider]:
    return list(_providers.values())


def phone_retention_days() -> int:
    return int(getattr(settings, "COMMENTS_PHONE_RETENTION_DAYS", 90))


def ip_retention_days() -> int:
    return int(getattr(settings, "COMMENTS_IP_RETENTION_DAYS", 30))


def purge(*, phone_days: int | None = None, ip_days: int | None = None, dry_run: bool = False) -> PurgeResult:
    now = clock.now()
    phone_cutoff = now - timedelta(days=phone_retention_days() if phone_days is None else phone_days)
    ip_cutoff = now - timedelta(days=ip_retention_days() if ip_days is None else ip_days)
    phones = Comment.objects.filter(phone__isnull=False).filter(
        Q(decided_at__lte=phone_cutoff) | Q(decided_at__isnull=True, created_at__lte=phone_cutoff)
    )
    ips = Comment.objects.filter(created_at__lte=ip_cutoff).exclude(ip_hash="", user_agent="")
    expired_captchas = CaptchaStore.objects.filter(expiration__lte=now)
    expired_limits = RateLimitBucket.objects.filter(expires_at__lte=now)
    if dry_run:
        others = {provider.name: provider.purge(now, True) for provider in providers()}
        return PurgeResult(
            phones.count(), ips.count(), expired_captchas.count(), expired_limits.count(), others
        )
    # Plain UPDATEs: no field readers see changes, so no page needs purging.
    with transaction.atomic():
        phones_erased = phones.update(phone=None, phone_erased_at=now)
        ips_erased = ips.update(ip_hash="", user_agent="")
    captchas, _ = expired_captchas.delete()
    limits, _ = expired_limits.delete()
    logger.info(
        "comments: personal data purge: %s phone numbers, %s IP hashes, %s expired codes, "
        "%s rate-limit records",
        phones_erased,
        ips_erased,
        captchas,
        limits,
    )
    others = {provider.name: provider.purge(now, False) for provider in providers()}
    return PurgeResult(phones_erased, ips_erased, captchas, limits, others)


def comments_for_phone(raw_phone: str, within: Within = None):
    """Every comment given with this phone number (any accepted spelling of it) on the portals
    `within` (every portal when None)."""
    phone = normalize_phone(raw_phone)
    if phone is None:
        return Comment.objects.none()
    return (
        Comment.objects.filter(under(within, "page__path"), phone=phone)
        .select_related("page")
        .order_by("created_at", "pk")
    )


def export_for_phone(raw_phone: str, user=None, within: Within = None) -> dict[str, Any]:
    """Everything held about comments given with this phone number, as JSON-ready data."""
    phone = normalize_phone(raw_phone)
    comments = list(comments_for_phone(raw_phone, within))
    for comment in comments:
        log(comment, "comments.personal_data_export", user=user)
    logger.info("comments: personal data export of %s comments", len(comments))
    return {
        "phone": phone,
        "exported_at": clock.now().isoformat(),
        "comments": [_as_dict(comment) for comment in comments],
    }


def _as_dict(comment: Comment) -> dict[str, Any]:
    def iso(value):
        return value.isoformat() if value else None

    return {
        "id": comment.pk,
        "page": {
            "id": comment.page_id,
            "title": comment.page.title,
            "url": comment.page.full_url,
        },
        "status": comment.status,
        "name": comment.name,
        "phone": comment.phone,
        "title": comment.title,
        "content": comment.content,
        "created_at": iso(comment.created_at),
        "phone_consent_at": iso(comment.phone_consent_at),
        "phone_consent_notice": comment.phone_consent_notice,
        "ip_hash": comment.ip_hash,
        "user_agent": comment.user_agent,
        "decided_at": iso(comment.decided_at),
        "reply_text": comment.reply_text,
        "replied_at": iso(comment.replied_at),
    }


def erase_for_phone(raw_phone: str, user=None, within: Within = None) -> int:
    """Delete every comment given with this phone number; pages showing them are purged."""
    comments = list(comments_for_phone(raw_phone, within))
    with transaction.atomic(), cache.batched_purges():
        for comment in comments:
            log(comment, "comments.personal_data_erase", user=user, deleted=True)
            comment.delete()
    logger.info("comments: personal data erasure of %s comments", len(comments))
    return len(comments)


def export_others(
    *, phone: str | None = None, email: str | None = None, user=None, within: Within = None
) -> dict[str, Any]:
    """The registered providers' records for this phone number or e-mail, by provider name."""
    return {provider.name: provider.export(phone, email, user, within) for provider in providers()}


def count_others(
    *, phone: str | None = None, email: str | None = None, within: Within = None
) -> dict[str, int]:
    return {provider.name: provider.count(phone, email, within) for provider in providers()}


def erase_others(
    *, phone: str | None = None, email: str | None = None, user=None, within: Within = None
) -> dict[str, int]:
    return {provider.name: provider.erase(phone, email, user, within) for provider in providers()}
