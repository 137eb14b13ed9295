"""Link groups in the admin, each portal's staff keeping their own (docs/portals.md).

A group belongs to one portal, or, with no portal, to every portal of the install (the province's
links to national services). Someone who works on every portal (an administrator) keeps them all;
a component portal's managing editor sees, adds, changes and deletes the groups of their portal
only, and cannot make a group for every portal. Another portal's group is a 404 to them, the way
another portal's comment is.
"""

from __future__ import annotations

from django.http import Http404
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import snippets

from toasoan.sections.portal import staff_sites

from .models import LinkGroup


class LinkGroupPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, limited to the groups of the staff member's portals."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        if not self.user_has_permission(user, action):
            return False
        sites = staff_sites(user)
        return sites is None or instance.site_id in sites

    def instances_user_has_any_permission_for(self, user, actions):
        found = super().instances_user_has_any_permission_for(user, actions)
        sites = staff_sites(user)
        return found if sites is None else found.filter(site_id__in=sites)


POLICY = LinkGroupPermissionPolicy(LinkGroup)
ACTIONS = ("add", "change", "delete", "view")


class ScopedObjectMixin:
    """A group outside the staff member's portals is not found."""

    def get_object(self, *args, **kwargs):
        found = super().get_object(*args, **kwargs)
        if not POLICY.user_has_any_permission_for_instance(self.request.user, ACTIONS, found):
            raise Http404
        return found


class EditView(ScopedObjectMixin, snippets.EditView):
    pass


class DeleteView(ScopedObjectMixin, snippets.DeleteView):
    pass


class CopyView(ScopedObjectMixin, snippets.CopyView):
    pass


class UsageView(ScopedObjectMixin, snippets.UsageView):
    pass


class HistoryView(ScopedObjectMixin, snippets.HistoryView):
    pass


class LinkGroupViewSet(snippets.SnippetViewSet):
    model = LinkGroup
    icon = "link"
    list_display = ["title", "site", "order", "show_in_footer"]
    ordering = ["order", "pk"]
    edit_view_class = EditView
    delete_view_class = DeleteView
    copy_view_class = CopyView
    usage_view_class = UsageView
    history_view_class = HistoryView

    def get_queryset(self, request):
        return POLICY.instances_user_has_any_permission_for(request.user, ACTIONS).select_related("site")
