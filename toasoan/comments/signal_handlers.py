"""Comments' signals: normalized text, page purges on every status change, the moderators' group."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

from toasoan import vntext

from .models import BlockedTerm, Comment, CommentStatus
from .services import cache, spam

#: Fields readers see once a comment is approved; changing one changes the page it is on.
PUBLIC_FIELDS = frozenset({"status", "name", "title", "content", "reply_text", "replied_at", "page"})
TEXT_FIELDS = ("name", "title", "content", "reply_text", "user_agent", "held_reason")
MODERATORS_GROUP = "Kiểm duyệt bình luận"
MODERATOR_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("comments", "change_comment"),
    ("comments", "view_comment"),
    ("comments", "manage_personal_data"),
    ("comments", "add_blockedterm"),
    ("comments", "change_blockedterm"),
    ("comments", "delete_blockedterm"),
    ("comments", "view_blockedterm"),
)


def normalize_comment(sender, instance: Comment, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    for name in TEXT_FIELDS:
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(instance, name, vntext.normalize(value))
    if update_fields is None or {"name", "title", "content"} & set(update_fields):
        instance.refresh_search_key()


def purge_on_change(
    sender, instance: Comment, created: bool, raw: bool = False, update_fields=None, **kwargs
):
    """Purge the page when what readers see may have changed, whatever saved it."""
    if raw:
        return
    public_now = instance.status == CommentStatus.APPROVED
    if created:
        needed = public_now
    elif not hasattr(instance, "_loaded_status"):
        needed = True  # built by hand, not loaded: its previous state is unknown, so purge
    else:
        loaded = instance._loaded_status
        public_fields_touched = update_fields is None or bool(PUBLIC_FIELDS & set(update_fields))
        needed = (loaded != instance.status and CommentStatus.APPROVED in (loaded, instance.status)) or (
            public_now and public_fields_touched
        )
    if needed:
        cache.request_purge(instance.page_id)
    instance._loaded_status = instance.status


def purge_on_delete(sender, instance: Comment, **kwargs) -> None:
    if instance.status == CommentStatus.APPROVED or getattr(instance, "_loaded_status", None) == (
        CommentStatus.APPROVED
    ):
        cache.request_purge(instance.page_id)


def forget_blocklist(sender, **kwargs) -> None:
    spam.forget_blocklist()


def ensure_moderators_group(sender, using="default", **kwargs) -> None:
    """Create the "Kiểm duyệt bình luận" group, or complete it: permissions are only ever added.

    The editorial app's newsroom setup makes the same group (moderating is `change_comment`);
    this adds what moderating needs here: the blocklist and readers' data requests.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # auth's own post_migrate handler may run after this one: make our permissions now.
    create_permissions(sender, verbosity=0, using=using)
    group, _ = Group.objects.using(using).get_or_create(name=MODERATORS_GROUP)
    for app_label, codename in MODERATOR_PERMISSIONS:
        permission = (
            Permission.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .first()
        )
        if permission is not None:
            group.permissions.add(permission)


def register(app_config) -> None:
    pre_save.connect(normalize_comment, sender=Comment, dispatch_uid="comments.normalize")
    post_save.connect(purge_on_change, sender=Comment, dispatch_uid="comments.purge_on_change")
    post_delete.connect(purge_on_delete, sender=Comment, dispatch_uid="comments.purge_on_delete")
    post_save.connect(forget_blocklist, sender=BlockedTerm, dispatch_uid="comments.blocklist_saved")
    post_delete.connect(forget_blocklist, sender=BlockedTerm, dispatch_uid="comments.blocklist_deleted")
    post_migrate.connect(ensure_moderators_group, sender=app_config, dispatch_uid="comments.moderators")
