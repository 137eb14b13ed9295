"""The admin's views for articles: the explorer's publication time column; authors and agencies,
each portal's staff keeping their portal's, with their choosers.

An author or an agency belongs to one portal or, with no portal, to every portal of the install
(docs/portals.md). Someone who works on every portal (an administrator, `staff_sites` None) keeps
them all. A component portal's staff see, add, change and delete their portal's rows; they see and
choose every portal's rows but leave them to the administrators; another portal's row is a 404 to
them, the way another portal's comment is. An article's choosers offer its portal's rows and every
portal's (`widgets.PORTAL_PARAMETER`).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views import snippets
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from toasoan import vntext
from toasoan.sections.portal import staff_sites

from .models import Agency, ArticlePage, Author
from .scope import visible_from
from .widgets import PORTAL_PARAMETER, PortalSnippetChooser

#: The annotation the explorer sorts by (the listing's rows are Page rows made specific).
SORT_KEY = "article_published_at"


def publication_time(page) -> str:
    """What the column shows: the article's time, "Khi lên trang" for one not yet dated."""
    if not isinstance(page, ArticlePage):
        return ""
    if page.published_at is None:
        return str(_("Khi lên trang"))
    return vntext.format_datetime(page.published_at)


class PublicationTimeColumn(Column):
    def __init__(self) -> None:
        super().__init__(
            "published_at",
            label=_("Thời gian đăng"),
            accessor=publication_time,
            sort_key=SORT_KEY,
            width="14%",
        )


def _with_publication_time(columns: list) -> list:
    """Wagtail's columns with ours before "Updated" (latest revision)."""
    position = next(
        (index for index, column in enumerate(columns) if column.name == "latest_revision_created_at"),
        len(columns),
    )
    return [*columns[:position], PublicationTimeColumn(), *columns[position:]]


class PublicationTimeIndexView(ExplorableIndexView):
    """Wagtail's explorer with a "Thời gian đăng" column, sortable, in the listing's own query."""

    base_columns = _with_publication_time(ExplorableIndexView.base_columns)

    def annotate_queryset(self, pages):
        pages = super().annotate_queryset(pages)
        published = ArticlePage.objects.filter(pk=OuterRef("pk")).values("published_at")[:1]
        return pages.annotate(**{SORT_KEY: Subquery(published)})


# --------------------------------------------------------------------------- portals' rows


class PortalRowPolicy(ModelPermissionPolicy):
    """The model's permissions, limited to the staff member's portals: their own rows to do
    anything with, every portal's rows to see (and choose) only."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        if not self.user_has_permission(user, action):
            return False
        sites = staff_sites(user)
        if sites is None:
            return True
        if instance.site_id is None:
            return action == "view"
        return instance.site_id in sites

    def instances_user_has_any_permission_for(self, user, actions):
        found = super().instances_user_has_any_permission_for(user, actions)
        sites = staff_sites(user)
        if sites is None:
            return found
        if "view" in actions:
            return found.filter(visible_from(sites))
        return found.filter(site_id__in=sites)


AUTHOR_POLICY = PortalRowPolicy(Author)
AGENCY_POLICY = PortalRowPolicy(Agency)
ACTIONS = ("add", "change", "delete", "view")


class ScopedObjectMixin:
    """Another portal's row is not found; a row the staff member may only see is not theirs to
    change (`required_action`)."""

    required_action: str | None = None

    def get_object(self, *args, **kwargs):
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
    """Every portal's rows lead a component portal's staff to their read-only page, not the form."""

    def get_edit_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
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


def portal_label(row) -> str:
    return str(row.site) if row.site_id is not None else str(_("Mọi cổng"))


def portal_column() -> Column:
    return Column("site", label=_("Cổng"), accessor=portal_label)


class PortalRowViewSet(SnippetViewSet):
    """A snippet of one portal or of every portal, kept to the staff member's portals."""

    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    copy_view_class = CopyView
    usage_view_class = UsageView
    history_view_class = HistoryView
    inspect_view_class = InspectView
    #: Where a component portal's staff read every portal's rows, theirs to choose, not to change.
    inspect_view_enabled = True

    def get_queryset(self, request):
        policy = policy_registry.get_by_type(self.model)
        return policy.instances_user_has_any_permission_for(request.user, ACTIONS).select_related("site")


def chooser_rows(request, model):
    """The rows a chooser offers: those of the article's portal (the address names it) and of
    every portal. A portal the staff member does not work on, or none named, falls back to their
    own portals'."""
    sites = staff_sites(request.user)
    wanted = request.GET.get(PORTAL_PARAMETER, "")
    if wanted.isdigit() and (sites is None or int(wanted) in sites):
        return model.objects.for_site(int(wanted))
    return model.objects.for_sites(sites)


class PortalChooseViewMixin:
    def get_object_list(self):
        return chooser_rows(self.request, self.model_class)


class PortalChosenView(SnippetChosenView):
    def get_object(self, pk):
        return chooser_rows(self.request, self.model_class).get(pk=pk)


class PortalChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return chooser_rows(self.request, self.model_class).filter(pk__in=pks)


class PortalChooseView(PortalChooseViewMixin, ChooseView):
    pass


class PortalChooseResultsView(PortalChooseViewMixin, ChooseResultsView):
    pass


class PortalChooserViewSet(SnippetChooserViewSet):
    choose_view_class = PortalChooseView
    choose_results_view_class = PortalChooseResultsView
    chosen_view_class = PortalChosenView
    chosen_multiple_view_class = PortalChosenMultipleView
    #: The search, the pages of results and the choice keep to the article's portal.
    preserve_url_parameters = ["multiple", PORTAL_PARAMETER]
    base_widget_class = PortalSnippetChooser


# --------------------------------------------------------------------------- agencies


class AgencyViewSet(PortalRowViewSet):
    model = Agency
    icon = "tag"
    list_display = ["__str__", portal_column(), UpdatedAtColumn()]
    chooser_viewset_class = PortalChooserViewSet


# --------------------------------------------------------------------------- authors


class AuthorSearchForm(BaseFilterForm):
    """The chooser's search: a name or a pen name, typed with or without diacritics.

    Authors are few (hundreds): matching folded text in Python needs no search index to be kept
    in step, and "minh khang" finds "Minh Khang" and "Nguyễn Minh Khang" alike.
    """

    q = forms.CharField(
        label=_("Tìm theo tên hoặc bút danh"),
        widget=forms.TextInput(attrs={"placeholder": _("Tên hoặc bút danh")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = vntext.fold(self.cleaned_data.get("q") or "").strip()
        if not query:
            return objects
        self.is_searching = True
        self.search_query = query
        rows = objects.values_list("pk", "name", "pen_name")
        matching = [pk for pk, name, pen_name in rows if query in vntext.fold(f"{name} {pen_name}")]
        return objects.filter(pk__in=matching)


class AuthorChooseView(PortalChooseView):
    filter_form_class = AuthorSearchForm


class AuthorChooseResultsView(PortalChooseResultsView):
    filter_form_class = AuthorSearchForm


class AuthorChooserViewSet(PortalChooserViewSet):
    choose_view_class = AuthorChooseView
    choose_results_view_class = AuthorChooseResultsView


class AuthorViewSet(PortalRowViewSet):
    model = Author
    icon = "user"
    list_display = ["__str__", portal_column(), UpdatedAtColumn()]
    chooser_viewset_class = AuthorChooserViewSet
    chooser_per_page = 20
