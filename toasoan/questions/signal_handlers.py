"""Questions' signals: the staff group that answers them, after every migrate."""

from __future__ import annotations

from django.db.models.signals import post_migrate

#: Staff who handle questions: the queue, assigning, answering, publishing; readers' data requests.
HANDLERS_GROUP = "Trả lời hỏi đáp"
HANDLER_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("questions", "change_question"),
    ("questions", "view_question"),
    ("questions", "manage_personal_data"),
)


def ensure_handlers_group(sender, using="default", **kwargs) -> None:
    """Create the group, or complete it: permissions are only ever added (as comments' moderators)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    create_permissions(sender, verbosity=0, using=using)
    group, _ = Group.objects.using(using).get_or_create(name=HANDLERS_GROUP)
    for app_label, codename in HANDLER_PERMISSIONS:
        permission = (
            Permission.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .first()
        )
        if permission is not None:
            group.permissions.add(permission)


def register(app_config) -> None:
    post_migrate.connect(ensure_handlers_group, sender=app_config, dispatch_uid="questions.handlers")
