"""Statuses move with the calendar: at the Vietnamese midnight, the pages that show a status that
changed that day are declared stale, so no cached copy (page cache, baked file, nginx) keeps
yesterday's status until it expires.

Drafts for public comment go the same way: a draft whose window opens or closed at that midnight
(services.window) and its registry (the list of drafts, the box of open ones).

Which documents change is the status rule itself (`status.status_expression`) at the day before
and at the day, compared in one query: a document coming into force, one expiring, one whose
replacement or amendment comes into force. Their registries go with them (the list, feed and
JSON show the status and filter by it).

The last day handled is kept in the shared cache, so a worker restarted after midnight (or down
through it, for up to `CATCH_UP_DAYS`) still declares the days it missed.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from toasoan.cache import events

from ..models import LegalDocumentPage
from . import drafts, status

logger = logging.getLogger(__name__)

CACHE_KEY = "legal:status-day"
#: How often the job looks at the day at the latest; it asks to run again just after midnight.
EVERY = 3600.0
#: Days a stopped worker catches up on; beyond that, caches have long expired anyway.
CATCH_UP_DAYS = 7


def changed_on(day: date) -> list[int]:
    """Ids of the live documents whose status at `day` differs from the day before."""
    return list(
        LegalDocumentPage.objects.live()
        .annotate(
            before=status.status_expression(day - timedelta(days=1)), after=status.status_expression(day)
        )
        .exclude(before=F("after"))
        .values_list("pk", flat=True)
    )


def stale_pages(days: list[date]) -> list[int]:
    """The documents and drafts changing on any of `days`, and their registries."""
    documents = {pk for day in days for pk in (*changed_on(day), *drafts.changing_on(day))}
    if not documents:
        return []
    paths = Page.objects.filter(pk__in=documents).values_list("path", flat=True)
    parents = {path[: -Page.steplen] for path in paths}
    registries = set(Page.objects.filter(path__in=parents).values_list("pk", flat=True))
    return sorted(documents | registries)


def _seconds_to_midnight(now: datetime) -> float:
    local = timezone.localtime(now)
    midnight = datetime.combine(local.date() + timedelta(days=1), time.min, tzinfo=local.tzinfo)
    return (midnight - local).total_seconds() + 1.0


def status_day_job() -> float:
    """The periodic job (`LegalConfig.ready`): declares the day's changes once per Vietnamese day."""
    today = status.today()
    known = cache.get(CACHE_KEY)
    last = date.fromisoformat(known) if known else None
    if last is not None and last < today:
        first = max(last + timedelta(days=1), today - timedelta(days=CATCH_UP_DAYS - 1))
        days = [first + timedelta(days=n) for n in range((today - first).days + 1)]
        page_ids = stale_pages(days)
        if page_ids:
            logger.info("legal: statuses changed on %s: %d pages stale", today, len(page_ids))
            events.send(events.CONTENT, page_ids=page_ids)
    if last != today:
        cache.set(CACHE_KEY, today.isoformat(), timeout=None)
    return _seconds_to_midnight(timezone.now())
