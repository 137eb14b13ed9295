"""Page locking while someone edits.

Wagtail locks a page only when someone clicks "Lock" (and, during a review step, for users
outside the step's groups); it has no "lock on edit" setting. Opening the editor here locks
the page for the editor (when their permissions allow locking), recorded as an `EditLock`;
the worker releases the lock once that editor's Wagtail editing session for the page has
gone quiet (the editor page pings every 10 seconds while open, and says goodbye when it
closes), so a forgotten tab does not hold a page for more than about a minute and a half.
A reviewer's lock also goes when they approve or send the article back, a writer's when
they submit it, and an article sent back to its writer is not locked by reviewers who look
at it. A lock someone takes or removes by hand is never touched.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.log_actions import log
from wagtail.models import Page

from ..models import EditLock


def quiet_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "EDITORIAL_EDIT_LOCK_RELEASE_SECONDS", 60))


def lock_for_editing(page: Page, user) -> bool:
    """Lock `page` for `user` who just opened its editor; False when it was not locked by us."""
    if not getattr(settings, "EDITORIAL_LOCK_ON_EDIT", True) or page.locked:
        return False
    if not page.permissions_for_user(user).can_lock():
        return False
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES and state.requested_by_id != user.pk:
        return False  # sent back to its writer: a reviewer looking at it must not block them
    with transaction.atomic():
        updated = Page.objects.filter(pk=page.pk, locked=False).update(
            locked=True, locked_by=user, locked_at=timezone.now()
        )
        if not updated:
            return False
        page.locked, page.locked_by, page.locked_at = True, user, timezone.now()
        EditLock.objects.update_or_create(
            page_id=page.pk, defaults={"user": user, "created_at": timezone.now()}
        )
        log(instance=page, action="wagtail.lock", user=user)
    return True


def release_stale_locks() -> list[str]:
    """Unlock pages whose editor left: no editing-session ping for `quiet_after()`."""
    released: list[str] = []
    since = timezone.now() - quiet_after()
    for lock in EditLock.objects.select_related("page", "user").filter(created_at__lt=since):
        page = lock.page
        if not (page.locked and page.locked_by_id == lock.user_id):
            lock.delete()  # unlocked or re-locked by hand meanwhile
            continue
        content_types = ContentType.objects.get_for_models(Page, page.specific_class or Page).values()
        active = EditingSession.objects.filter(
            user_id=lock.user_id,
            content_type__in=content_types,
            object_id=str(page.pk),
            last_seen_at__gte=since,
        ).exists()
        if active:
            continue
        with transaction.atomic():
            Page.objects.filter(pk=page.pk, locked_by_id=lock.user_id).update(
                locked=False, locked_by=None, locked_at=None
            )
            lock.delete()
            log(instance=page.specific_deferred, action="wagtail.unlock", user=None)
        released.append(f"{page.pk} {page.title}")
    return released


def release_for(page: Page, user) -> bool:
    """Drop the lock opening the editor gave `user` on `page` (they acted on it: review, submit)."""
    lock = EditLock.objects.filter(page_id=page.pk, user_id=user.pk).first()
    if lock is None:
        return False
    with transaction.atomic():
        Page.objects.filter(pk=page.pk, locked_by_id=user.pk).update(
            locked=False, locked_by=None, locked_at=None
        )
        lock.delete()
    page.locked, page.locked_by, page.locked_at = False, None, None
    return True
