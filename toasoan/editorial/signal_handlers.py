"""Signals: new users work in Vietnamese, new sections get their desks, schedules wake the safety net."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from toasoan.cache import events

from .services import threads
from .services.threads import thread_paths


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

    home = newsroom.portal_home(instance)  # the main portal's or a component portal's
    if home is not None and instance.depth == home.depth + 1 and instance.path.startswith(home.path):
        newsroom.ensure_section_groups(instance)
    else:
        newsroom.grant_on_translation(instance)


def translated_home_desks(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """The English home page (a translation of the home): the paper's desks work on it too."""
    if not created or raw:
        return
    from .services import newsroom

    newsroom.grant_on_translation(instance)


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


def remember_thread_slug(sender, instance, raw: bool = False, **kwargs) -> None:
    """Before a thread is saved: its old slug, whose pages must go if the slug changes."""
    if raw or instance.pk is None:
        return
    instance._slug_before = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()


def thread_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """A thread saved: purge its pages (old and new slug) and its articles' pages after the commit."""
    if raw:
        return
    threads.threads_changed()
    slugs = {instance.slug, getattr(instance, "_slug_before", None)}
    thread_id = instance.pk

    def run() -> None:
        # The articles as they are once the whole save is committed (modelcluster writes the
        # items after the thread); those that left it come from the items' own signal.
        from .models import StoryThreadItem

        articles = StoryThreadItem.objects.filter(thread_id=thread_id).values_list("article_id", flat=True)
        events.send(events.CONTENT, paths=thread_paths(slugs), page_ids=list(articles))

    transaction.on_commit(run)


def thread_item_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """An article added to a thread or taken out of it: its page, and the thread's."""
    if raw:
        return
    from .models import StoryThread

    threads.threads_changed()
    thread_id, article_id = instance.thread_id, instance.article_id

    def run() -> None:
        slugs = StoryThread.objects.filter(pk=thread_id).values_list("slug", flat=True)
        events.send(events.CONTENT, paths=thread_paths(slugs), page_ids=[article_id])

    transaction.on_commit(run)


def thread_deleted(sender, instance, **kwargs) -> None:
    """pre_delete: the articles are known only while the items exist."""
    threads.threads_changed()
    slugs = [instance.slug]
    articles = list(instance.items.values_list("article_id", flat=True))
    transaction.on_commit(lambda: events.send(events.CONTENT, paths=thread_paths(slugs), page_ids=articles))


def thread_article_written(sender, instance, raw: bool = False, **kwargs) -> None:
    """An article saved, unpublished or moved: the thread boxes that show it (if any) change."""
    if not raw:
        threads.article_written(instance.pk)


def reset_on_setting_change(setting: str, **kwargs) -> None:
    if setting == "EDITORIAL_SAFETY_NET_SECONDS":
        from .services.scheduling import reset_safety_net

        reset_safety_net()


def register() -> None:
    from wagtail.models import Page, Revision
    from wagtail.signals import page_unpublished, post_page_move

    from toasoan.articles.models import ArticlePage
    from toasoan.sections.models import HomePage, SectionPage

    from . import notifications
    from .models import StoryThread, StoryThreadItem

    notifications.register()

    post_save.connect(
        default_admin_language, sender=get_user_model(), dispatch_uid="editorial.admin_language"
    )
    post_save.connect(section_desks, sender=SectionPage, dispatch_uid="editorial.section_desks")
    post_save.connect(translated_home_desks, sender=HomePage, dispatch_uid="editorial.translated_home_desks")
    from wagtail.signals import task_approved, task_rejected, workflow_submitted

    for name, signal in (
        ("approved", task_approved),
        ("rejected", task_rejected),
        ("submitted", workflow_submitted),
    ):
        signal.connect(release_lock_after_review, dispatch_uid=f"editorial.release_lock.{name}")
    post_save.connect(wake_safety_net, sender=Revision, dispatch_uid="editorial.wake_safety_net")
    setting_changed.connect(reset_on_setting_change, dispatch_uid="editorial.reset_safety_net")
    pre_save.connect(remember_thread_slug, sender=StoryThread, dispatch_uid="editorial.thread_slug")
    post_save.connect(thread_changed, sender=StoryThread, dispatch_uid="editorial.thread_saved")
    pre_delete.connect(thread_deleted, sender=StoryThread, dispatch_uid="editorial.thread_deleted")
    for signal, event in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(thread_item_changed, sender=StoryThreadItem, dispatch_uid=f"editorial.item_{event}")
    # Wagtail saves a page as its own type or, in some actions (unpublishing), as a plain Page.
    for model in (ArticlePage, Page):
        label = model._meta.label_lower
        uid = f"editorial.thread_article.{label}"
        post_save.connect(thread_article_written, sender=model, dispatch_uid=uid)
    page_unpublished.connect(thread_article_written, dispatch_uid="editorial.thread_article_unpublished")
    post_page_move.connect(thread_article_written, dispatch_uid="editorial.thread_article_moved")
