"""The admin's views for articles: the explorer's publication time column, the authors' chooser."""

from __future__ import annotations

from django import forms
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from toasoan import vntext

from .models import ArticlePage, Author

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


class AuthorChooseView(ChooseView):
    filter_form_class = AuthorSearchForm


class AuthorChooseResultsView(ChooseResultsView):
    filter_form_class = AuthorSearchForm


class AuthorChooserViewSet(SnippetChooserViewSet):
    choose_view_class = AuthorChooseView
    choose_results_view_class = AuthorChooseResultsView


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    chooser_viewset_class = AuthorChooserViewSet
    chooser_per_page = 20
