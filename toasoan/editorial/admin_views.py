"""The page editor's views where the newsroom differs from Wagtail's defaults."""

from __future__ import annotations

from typing import Any

from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page


class NewPageCreateView(CreateView):
    """A new page exists only once the editor saves it: the add form is not autosaved.

    Autosave would create the page in the background while the editor types; a "Xuất bản" pressed
    while that request runs then posts the add form again and fails on the slug the autosaved page
    took, and a closed tab leaves an orphan draft. Autosave stays on in the edit form.
    """

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["autosave_enabled"] = False
        context.pop("autosave_indicator", None)
        return context


class NewsroomPageViewSet(PageViewSet):
    model = Page
    add_view_class = NewPageCreateView
