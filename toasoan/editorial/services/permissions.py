"""Who may review what: the section part of `SectionApprovalTask`, in two cached look-ups."""

from __future__ import annotations

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.models import AbstractGroupApprovalTask, Page, get_default_page_content_type
from wagtail.permissions import page_permission_policy

_CACHE_ATTR = "_editorial_approval_paths"


def approval_paths(task: AbstractGroupApprovalTask, user) -> list[str]:
    """Tree paths of the pages `user` may review for `task`.

    A path counts when one of the task's groups that the user belongs to has the "edit"
    permission there. Cached on the user object for the request, per task.
    """
    cache: dict[int, list[str]] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if task.pk not in cache:
        if not user.is_active or user.is_anonymous:
            cache[task.pk] = []
        else:
            task_groups = set(task.groups.values_list("pk", flat=True))
            cache[task.pk] = sorted(
                {
                    permission.page.path
                    for permission in page_permission_policy.get_cached_permissions_for_user(user)
                    if permission.group_id in task_groups and permission.permission.codename == "change_page"
                }
            )
    return cache[task.pk]


def task_states_in_paths(states: QuerySet, paths: list[str]) -> QuerySet:
    """Narrow task states to those whose page lies under one of `paths`."""
    if not paths:
        return states.none()
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    pages = Page.objects.filter(under, id=Cast(OuterRef("workflow_state__object_id"), IntegerField()))
    return states.filter(
        Exists(pages), workflow_state__base_content_type_id=get_default_page_content_type().id
    )
