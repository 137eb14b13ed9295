"""Admin integration: the newsroom dashboard, story threads, content checks in the editor, lock on edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from toasoan.sections.portal import staff_portal_paths

from .admin_views import NewsroomPageViewSet
from .models import StoryThread
from .services import checks, dashboard, locking


@hooks.register("register_admin_viewset")
def register_page_viewset() -> NewsroomPageViewSet:
    return NewsroomPageViewSet("newsroom_pages")


# --------------------------------------------------------------------------- dashboard


class MyDraftsPanel(Component):
    name = "editorial_my_drafts"
    template_name = "editorial/panels/my_drafts.html"
    order = 150

    def get_context_data(self, parent_context: dict[str, Any]) -> dict[str, Any]:
        return {"drafts": dashboard.my_drafts(parent_context["request"].user)}


class ScheduledTodayPanel(Component):
    name = "editorial_scheduled_today"
    template_name = "editorial/panels/scheduled_today.html"
    order = 160

    def get_context_data(self, parent_context: dict[str, Any]) -> dict[str, Any]:
        return {"items": dashboard.scheduled_today(within=staff_portal_paths(parent_context["request"].user))}


class PendingCommentsPanel(Component):
    name = "editorial_pending_comments"
    template_name = "editorial/panels/pending_comments.html"
    order = 170

    def get_context_data(self, parent_context: dict[str, Any]) -> dict[str, Any]:
        within = staff_portal_paths(parent_context["request"].user)
        count, comments = dashboard.pending_comments(within=within) or (0, [])
        return {"count": count, "comments": comments, "moderation_url": _comments_admin_url()}


class MostReadPanel(Component):
    name = "editorial_most_read"
    template_name = "editorial/panels/most_read.html"
    order = 180

    def __init__(self, articles: list[dashboard.MostRead]) -> None:
        self.articles = articles

    def get_context_data(self, parent_context: dict[str, Any]) -> dict[str, Any]:
        return {"articles": self.articles}


def _comments_admin_url() -> str | None:
    from django.urls import NoReverseMatch, reverse

    for name in ("comments:moderation", "comments_admin:index", "wagtailsnippets_comments_comment:list"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


@hooks.register("construct_homepage_panels")
def add_newsroom_panels(request, panels: list) -> None:
    panels.append(MyDraftsPanel())
    panels.append(ScheduledTodayPanel())
    if dashboard.comments_installed() and request.user.has_perm("comments.change_comment"):
        panels.append(PendingCommentsPanel())
    most_read = dashboard.most_read_today(within=staff_portal_paths(request.user))
    if most_read is not None:
        panels.append(MostReadPanel(most_read))


# --------------------------------------------------------------------------- admin in Vietnamese

#: Help menu entries that open Wagtail's English guides (guide.wagtail.org, release notes).
ENGLISH_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def only_our_help(request, menu_items: list) -> None:
    menu_items[:] = [item for item in menu_items if not item.name.startswith(ENGLISH_HELP_ITEMS)]


@hooks.register("insert_global_admin_js")
def vietnamese_widgets_js() -> str:
    return format_html('<script src="{}"></script>', static("editorial/admin/vietnamese-widgets.js"))


# --------------------------------------------------------------------------- story threads


class StoryThreadViewSet(SnippetViewSet):
    model = StoryThread
    icon = "list-ul"
    menu_label = gettext_lazy("Dòng sự kiện")
    menu_name = "story-threads"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "is_live", "updated_at"]
    list_filter = ["is_live"]
    search_fields = ["title", "description"]
    ordering = ["-updated_at"]


register_snippet(StoryThreadViewSet)


# --------------------------------------------------------------------------- editor: checks and locking

_INPUT_ISSUES = "_editorial_input_issues"


def _is_article(page_or_class) -> bool:
    from toasoan.articles.models import ArticlePage

    if isinstance(page_or_class, type):
        return issubclass(page_or_class, ArticlePage)
    return isinstance(page_or_class.specific_deferred, ArticlePage)


def _field_labels(page_class) -> dict[str, str]:
    return {
        field.name: str(field.verbose_name)
        for field in page_class._meta.get_fields()
        if hasattr(field, "verbose_name")
    }


def _warn(request, heading: str, issues: list[checks.Issue]) -> None:
    if issues:
        messages.warning(
            request,
            format_html(
                "{}<ul>{}</ul>",
                heading,
                format_html_join("", "<li>{}</li>", ((issue.message,) for issue in issues)),
            ),
        )


@hooks.register("before_edit_page")
def before_edit(request, page):
    if request.method == "POST":
        if _is_article(page):
            labels = _field_labels(page.specific_class)
            setattr(request, _INPUT_ISSUES, checks.check_submitted_text(request.POST, labels))
        return None
    locking.lock_for_editing(page, request.user)
    if _is_article(page):
        article = page.specific.get_latest_revision_as_object()
        _warn(request, _("Kiểm tra trước khi xuất bản:"), checks.check_article(article))
    return None


@hooks.register("before_create_page")
def before_create(request, parent_page, page_class):
    if request.method == "POST" and _is_article(page_class):
        setattr(request, _INPUT_ISSUES, checks.check_submitted_text(request.POST, _field_labels(page_class)))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def after_save(request, page):
    _warn(request, _("Văn bản sẽ được chuẩn hóa:"), getattr(request, _INPUT_ISSUES, []))
