"""The admin's views for articles: the explorer's publication time column; authors and agencies,
each portal's staff keeping their portal's, with their choosers.

An author or an agency belongs to one portal or, with no portal, to every portal of the install
(docs/portals.md). Someone who works on every portal (an administrator, `staff_sites` None) keeps
them all. A component portal's staff see, add, change and delete their portal's rows; they see and
choose every portal's rows but leave them to the administrators; another portal's row is a 404 to
them, the way another portal's comment is (the policy and views of sections.portal_admin). An
article's choosers offer its portal's rows and every portal's (`widgets.PORTAL_PARAMETER`).
"""

from __future__ import annotations

from django import forms
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from toasoan import vntext
from toasoan.sections.portal import staff_sites
from toasoan.sections.portal_admin import PortalRowPolicy, PortalRowViewSet

from .models import Agency, ArticlePage, Author
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

# Seen, unlike link groups': an article of any portal may name every portal's rows.
AUTHOR_POLICY = PortalRowPolicy(Author, every_portal_rows_seen=True)
AGENCY_POLICY = PortalRowPolicy(Agency, every_portal_rows_seen=True)


def portal_label(row) -> str:
    return str(row.site) if row.site_id is not None else str(_("Mọi cổng"))


def portal_column() -> Column:
    return Column("site", label=_("Cổng"), accessor=portal_label)


class SeenEverywhereViewSet(PortalRowViewSet):
    """A snippet whose every portal's rows a component portal's staff see and choose."""

    #: Where they read those rows, theirs to choose, not to change.
    inspect_view_enabled = True


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


class AgencyViewSet(SeenEverywhereViewSet):
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


class AuthorViewSet(SeenEverywhereViewSet):
    model = Author
    icon = "user"
    list_display = ["__str__", portal_column(), UpdatedAtColumn()]
    chooser_viewset_class = AuthorChooserViewSet
    chooser_per_page = 20
