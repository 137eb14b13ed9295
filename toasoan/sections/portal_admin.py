"""The admin of a snippet whose rows belong to one portal or, `site` left empty, to every portal of
the install (authors, agencies, link groups: docs/portals.md), each portal's staff keeping theirs.

One policy and one set of views serve them all, so that who may see, change or delete another
portal's row is decided in one place: the two copies this replaces (links, articles) had already
drifted apart in how they found the policy and in which views checked the action. The snippets
differ in one thing only, what a component portal's staff make of every portal's rows, and that is
the policy's parameter, not an import: `sections` lies below `articles` and `links`
(tests/test_import_graph.py). Someone who works on every portal (`staff_sites` None: an
administrator) keeps every row; to anyone else another portal's row is a 404, the way another
portal's comment is, and the form (`portal_forms.PortalRowForm`) lets them make their portal's rows
only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views import snippets

from .portal import staff_sites, visible_from

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import Model, QuerySet
    from django.http import HttpRequest

    User = AbstractBaseUser | AnonymousUser

#: Every action of a snippet's model: a row the staff member may do none of is not found.
ACTIONS = ("add", "change", "delete", "view")


class PortalRowPolicy(ModelPermissionPolicy):
    """The model's permissions, limited to the staff member's portals.

    `every_portal_rows_seen`: whether a component portal's staff see every portal's rows, to read
    and to choose but not to change (authors and agencies: an article of their portal names a
    province-wide writer or TTXVN). Without it every portal's rows are the administrators' alone
    and a component portal's staff do not see them at all (link groups).
    """

    def __init__(self, model: type[Model] | str, *, every_portal_rows_seen: bool = False) -> None:
        super().__init__(model)
        self.every_portal_rows_seen = every_portal_rows_seen

    def user_has_permission_for_instance(self, user: User, action: str, instance: Model) -> bool:
        if not self.user_has_permission(user, action):
            return False
        sites = staff_sites(user)
        if sites is None:
            return True
        if instance.site_id is None and self.every_portal_rows_seen:
            return action == "view"
        return instance.site_id in sites

    def instances_user_has_any_permission_for(self, user: User, actions: Iterable[str]) -> QuerySet:
        found = super().instances_user_has_any_permission_for(user, actions)
        sites = staff_sites(user)
        if sites is None:
            return found
        if self.every_portal_rows_seen and "view" in actions:
            return found.filter(visible_from(sites))
        return found.filter(site_id__in=sites)


class ScopedObjectMixin:
    """Another portal's row is not found; a row the staff member may only see is not theirs to
    change (`required_action`).

    Wagtail checks most of these views against the model, not the row they open: without this, a
    portal's editor could open another portal's row by its address."""

    #: The action the view does to the row, beyond seeing it; None for a view that only shows it.
    required_action: str | None = None

    def get_object(self, *args: Any, **kwargs: Any) -> Model:
        found = super().get_object(*args, **kwargs)
        user = self.request.user
        if not self.permission_policy.user_has_any_permission_for_instance(user, ACTIONS, found):
            raise Http404
        action = self.required_action
        if action is not None and not self.permission_policy.user_has_permission_for_instance(
            user, action, found
        ):
            raise PermissionDenied
        return found


class IndexView(snippets.IndexView):
    """A row the staff member may only see leads to its read-only page, not to a form they would be
    refused (Wagtail asks about the model, not the row)."""

    def get_edit_url(self, instance: Model) -> str | None:
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance: Model) -> str | None:
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "delete", instance):
            return super().get_delete_url(instance)
        return None


class EditView(ScopedObjectMixin, snippets.EditView):
    required_action = "change"


class DeleteView(ScopedObjectMixin, snippets.DeleteView):
    required_action = "delete"


class CopyView(ScopedObjectMixin, snippets.CopyView):
    pass


class UsageView(ScopedObjectMixin, snippets.UsageView):
    pass


class HistoryView(ScopedObjectMixin, snippets.HistoryView):
    pass


class InspectView(ScopedObjectMixin, snippets.InspectView):
    pass


class PortalRowViewSet(snippets.SnippetViewSet):
    """A snippet of one portal or of every portal, kept to the staff member's portals.

    Its model's policy is a `PortalRowPolicy`, registered (`register_permission_policy`) before the
    viewset, which would otherwise make a plain model policy of its own. The inspect view is off, as
    Wagtail has it; a snippet whose every portal's rows a component portal's staff see turns it on
    (`inspect_view_enabled`): that is where they read those rows."""

    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    copy_view_class = CopyView
    usage_view_class = UsageView
    history_view_class = HistoryView
    inspect_view_class = InspectView

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        policy = policy_registry.get_by_type(self.model)
        return policy.instances_user_has_any_permission_for(request.user, ACTIONS).select_related("site")
