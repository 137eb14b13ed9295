"""Signals: new users work in Vietnamese, new sections get their desks, schedules wake the safety net."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.signals import setting_changed
from django.db.models.signals import post_save


def default_admin_language(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A new account's admin language is the site's (Vietnamese), whatever their browser asks for.

    Wagtail otherwise follows the request's language (Accept-Language) until the user picks one.
    """
    if not created or raw:
        return
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(instance)
    if not profile.preferred_language:
        profile.preferred_language = settings.LANGUAGE_CODE
        profile.save(update_fields=["preferred_language"])


def section_desks(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A new top-level section gets its reporters' and editors' groups, and joins the review step."""
    if not created or raw:
        return
    from .services import newsroom

    home = newsroom.home_page()
    if home is not None and instance.depth == home.depth + 1 and instance.path.startswith(home.path):
        newsroom.ensure_section_groups(instance)


def wake_safety_net(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw or instance.approved_go_live_at is None:
        return
    from .services.scheduling import safety_net

    safety_net().note_scheduled(instance.approved_go_live_at)


def release_lock_after_review(sender, instance, user=None, **kwargs) -> None:
    """A reviewer who approved or sent back, or a writer who submitted, is done with the page."""
    if user is None:
        return
    from wagtail.models import Page

    from .services import locking

    obj = (
        instance.workflow_state.content_object
        if hasattr(instance, "workflow_state")
        else instance.content_object
    )
    if isinstance(obj, Page):
        locking.release_for(obj, user)


def reset_on_setting_change(setting: str, **kwargs) -> None:
    if setting == "EDITORIAL_SAFETY_NET_SECONDS":
        from .services.scheduling import reset_safety_net

        reset_safety_net()


def register() -> None:
    from wagtail.models import Revision

    from toasoan.sections.models import SectionPage

    from . import notifications

    notifications.register()

    post_save.connect(
        default_admin_language, sender=get_user_model(), dispatch_uid="editorial.admin_language"
    )
    post_save.connect(section_desks, sender=SectionPage, dispatch_uid="editorial.section_desks")
    from wagtail.signals import task_approved, task_rejected, workflow_submitted

    for name, signal in (
        ("approved", task_approved),
        ("rejected", task_rejected),
        ("submitted", workflow_submitted),
    ):
        signal.connect(release_lock_after_review, dispatch_uid=f"editorial.release_lock.{name}")
    post_save.connect(wake_safety_net, sender=Revision, dispatch_uid="editorial.wake_safety_net")
    setting_changed.connect(reset_on_setting_change, dispatch_uid="editorial.reset_safety_net")
