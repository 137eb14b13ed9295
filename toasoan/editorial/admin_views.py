"""The page editor's views where the newsroom differs from Wagtail's defaults."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.preview import PreviewOnCreateView, PreviewOnEditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from toasoan.articles.admin_views import PublicationTimeIndexView

from .services import preview


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


class ContentChecksMixin:
    """The preview panel's page carries what the checks panel reads (services/preview.py)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if preview.in_preview_panel(request):
            preview.add_content_checks(request, response, self.object)
        return response


class CheckedPreviewOnEditView(ContentChecksMixin, PreviewOnEditView):
    pass


class CheckedPreviewOnCreateView(ContentChecksMixin, PreviewOnCreateView):
    pass


class NewsroomPageViewSet(PageViewSet):
    model = Page
    add_view_class = NewPageCreateView
    index_view_class = PublicationTimeIndexView  # the explorer's "Thời gian đăng" column
    preview_on_edit_view_class = CheckedPreviewOnEditView
    preview_on_add_view_class = CheckedPreviewOnCreateView
