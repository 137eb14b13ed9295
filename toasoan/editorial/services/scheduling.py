"""Publishing on the minute: scheduled revisions go live, expired pages come down.

Wagtail keeps a scheduled publication as a revision with `approved_go_live_at` and an expiry
as `expire_at` on the live object; its `publish_scheduled` command, run from cron, applies
them. Here the same work is a function, `publish_due()`, that the `run_worker` command calls
in a loop (sleeping until the next due time, at most `interval` seconds) and that the
request-time `SafetyNet` calls when the worker is down.

Each object is handled in its own transaction, after locking and re-reading its row, so two
workers (or a worker and the safety net) never publish the same revision twice: PostgreSQL
skips rows another process holds (`SKIP LOCKED`); SQLite's IMMEDIATE transactions (settings)
serialise writers, and the re-read sees that the other one already did it.

Publishing goes through Wagtail's `Revision.publish()` and `unpublish()`, so `page_published`
and `page_unpublished` are sent as when an editor clicks the button (cache purges hook them).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db import models, transaction
from django.db.models import Min
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger(__name__)


@dataclass
class PublishRun:
    """What one pass did, and when the next thing falls due (None: nothing scheduled)."""

    published: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    next_due_at: datetime | None = None

    @property
    def changed(self) -> bool:
        return bool(self.published or self.expired)


def draft_state_models() -> list[type[models.Model]]:
    """Page (covering every page type) and every other model with Wagtail's draft state."""
    others = [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    return [Page, *others]


def publish_due() -> PublishRun:
    """Unpublish what has expired, then publish every revision whose go-live time has come."""
    run = PublishRun()
    now = timezone.now()
    for model in draft_state_models():
        due = model.objects.filter(live=True, expire_at__lte=now).order_by("expire_at")
        for pk in list(due.values_list("pk", flat=True)):
            _expire_one(model, pk, run)
    due_revisions = Revision.objects.filter(approved_go_live_at__lte=now).order_by(
        "approved_go_live_at", "pk"
    )
    for pk in list(due_revisions.values_list("pk", flat=True)):
        _publish_one(pk, run)
    run.next_due_at = next_due_at()
    return run


def next_due_at() -> datetime | None:
    """The earliest pending go-live or expiry time, whether past or future."""
    times = [
        Revision.objects.filter(approved_go_live_at__isnull=False).aggregate(at=Min("approved_go_live_at"))[
            "at"
        ]
    ]
    for model in draft_state_models():
        times.append(
            model.objects.filter(live=True, expire_at__isnull=False).aggregate(at=Min("expire_at"))["at"]
        )
    pending = [at for at in times if at is not None]
    return min(pending) if pending else None


def _label(obj) -> str:
    return f"{obj._meta.label}:{obj.pk} {obj}"


def _publish_one(pk: int, run: PublishRun) -> None:
    try:
        with transaction.atomic():
            revision = (
                Revision.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, approved_go_live_at__lte=timezone.now())
                .first()
            )
            if revision is None:  # another worker has it, or already published it
                return
            revision.publish(log_action="wagtail.publish.scheduled")
            run.published.append(f"{revision.content_type.model}:{revision.object_id} {revision.object_str}")
    except Exception:
        logger.exception("Scheduled publication of revision %s failed", pk)
        run.failed.append(f"revision:{pk}")


def _expire_one(model: type[models.Model], pk, run: PublishRun) -> None:
    try:
        with transaction.atomic():
            obj = (
                model.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, live=True, expire_at__lte=timezone.now())
                .first()
            )
            if obj is None:
                return
            obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            run.expired.append(_label(obj))
    except Exception:
        logger.exception("Scheduled expiry of %s %s failed", model._meta.label, pk)
        run.failed.append(f"{model._meta.label}:{pk}")


class SafetyNet:
    """Publishes what is due before a request is served, when the worker has not.

    The hot path is one comparison with a time kept in process memory: no query, no cache
    round trip. The database is asked only when that time passes, which is the earliest of
    the next known due time and `refresh_seconds` after the last look (to see schedules other
    processes made). So, with the worker stopped, a due article appears with the first request
    after its time, and at worst `refresh_seconds` late when it was scheduled less than that
    before its time, in another process.
    """

    def __init__(self, refresh_seconds: float) -> None:
        self.refresh_seconds = refresh_seconds
        self._check_at = 0.0  # epoch seconds; 0: look at the first request
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.refresh_seconds > 0

    def is_due(self) -> bool:
        return self.enabled and timezone.now().timestamp() >= self._check_at

    def check(self) -> PublishRun | None:
        """Publish what is due if the time has come; None when nothing was looked at."""
        if not self.is_due():
            return None
        if not self._lock.acquire(blocking=False):
            return None  # another thread of this process is at it
        try:
            run = publish_due()
            self.reschedule(run.next_due_at)
            if run.changed:
                logger.warning(
                    "Safety net published %s and unpublished %s (is the worker running?)",
                    run.published,
                    run.expired,
                )
            return run
        finally:
            self._lock.release()

    def reschedule(self, next_due: datetime | None) -> None:
        now = timezone.now().timestamp()
        check_at = now + self.refresh_seconds
        if next_due is not None:
            check_at = min(check_at, next_due.timestamp())
        self._check_at = check_at

    def note_scheduled(self, at: datetime) -> None:
        """This process just scheduled something for `at`: be there on time."""
        self._check_at = min(self._check_at, at.timestamp())


_safety_net: SafetyNet | None = None


def safety_net() -> SafetyNet:
    global _safety_net
    if _safety_net is None:
        from django.conf import settings

        _safety_net = SafetyNet(getattr(settings, "EDITORIAL_SAFETY_NET_SECONDS", 60))
    return _safety_net


def before_request(path: str) -> None:
    """What every request does first, whoever answers it (Django's middleware or the WSGI fast
    path before a cached page): publish what is due, so no cached page hides it."""
    from django.conf import settings
    from django.db import DatabaseError, InterfaceError

    net = safety_net()
    if not net.is_due() or path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return
    try:
        net.check()
    except (DatabaseError, InterfaceError):
        # The database is unavailable: the request is served all the same (from the page cache,
        # or as the 503 page), and the net looks again after its usual interval rather than on
        # every request of the outage.
        net.reschedule(None)
        logger.warning("editorial: safety net skipped, the database is unavailable")


def reset_safety_net() -> None:
    """Forget the process's safety net (tests, and `setting_changed`)."""
    global _safety_net
    _safety_net = None
