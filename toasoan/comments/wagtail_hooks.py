"""The "Bình luận" admin menu (with the number waiting), its views, audit-log actions, permissions."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from toasoan.sections.portal import staff_portal_paths

from . import admin_urls
from .models import BlockedTerm
from .services import queue


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


class CommentsMenuItem(SubmenuMenuItem):
    """ "Bình luận (3)": the number of comments waiting for a decision, counted per page view."""

    def render_component(self, request):
        component = super().render_component(request)
        if request.user.has_perm("comments.change_comment"):
            pending = queue.pending_count(within=staff_portal_paths(request.user))
            if pending:
                component.label = f"{self.label} ({pending})"
                component.attrs = {**component.attrs, "data-pending-count": str(pending)}
        return component


class BlockedTermViewSet(ModelViewSet):
    model = BlockedTerm
    name = "binh_luan_tu_khoa_chan"
    url_prefix = "binh-luan/tu-khoa-chan"
    icon = "cross"
    form_fields = ["term"]
    list_display = ["term", "folded", "created_at"]
    search_fields = ["term", "folded"]
    copy_view_enabled = False
    add_to_admin_menu = False
    menu_label = _("Từ khóa chặn")


blocked_terms = BlockedTermViewSet()


@hooks.register("register_admin_viewset")
def register_blocked_terms():
    return blocked_terms


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [path("binh-luan/", include(admin_urls, namespace="comments_admin"))]


class _LazyMenu(Menu):
    """Submenu items are built on first use: their URLs need the URLconf loaded."""

    def __init__(self, build):
        super().__init__()
        self._build = build

    @property
    def registered_menu_items(self):
        if self.initial_menu_items is None:
            self.initial_menu_items = self._build()
        return self.initial_menu_items


def _submenu_items() -> list[MenuItem]:
    queue_url = reverse("comments_admin:index")
    return [
        PermissionMenuItem(
            _("Chờ duyệt"),
            queue_url,
            name="binh-luan-cho-duyet",
            icon_name="time",
            order=1,
            permission="comments.change_comment",
        ),
        PermissionMenuItem(
            _("Tất cả bình luận"),
            f"{queue_url}?status=all",
            name="binh-luan-tat-ca",
            icon_name="list-ul",
            order=2,
            permission="comments.change_comment",
        ),
        blocked_terms.get_menu_item(order=3),
        PermissionMenuItem(
            _("Dữ liệu cá nhân"),
            reverse("comments_admin:personal_data"),
            name="binh-luan-du-lieu-ca-nhan",
            icon_name="user",
            order=4,
            permission="comments.manage_personal_data",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_comments_menu():
    return CommentsMenuItem(
        _("Bình luận"), _LazyMenu(_submenu_items), name="binh-luan", icon_name="comment", order=250
    )


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    actions.register_action("comments.approve", _("Duyệt bình luận"), _("Đã duyệt bình luận"))
    actions.register_action("comments.reject", _("Từ chối bình luận"), _("Đã từ chối bình luận"))
    actions.register_action("comments.spam", _("Đánh dấu thư rác"), _("Đã đánh dấu bình luận là thư rác"))
    actions.register_action("comments.reply", _("Trả lời bình luận"), _("Đã trả lời bình luận"))
    actions.register_action("comments.reply_remove", _("Gỡ trả lời"), _("Đã gỡ trả lời của Ban biên tập"))
    actions.register_action(
        "comments.personal_data_export",
        _("Xuất dữ liệu cá nhân"),
        _("Đã xuất dữ liệu cá nhân của người bình luận"),
    )
    actions.register_action(
        "comments.personal_data_erase",
        _("Xóa theo yêu cầu"),
        _("Đã xóa bình luận theo yêu cầu của người gửi"),
    )


@hooks.register("register_permissions")
def register_comment_permissions():
    return Permission.objects.filter(
        content_type__app_label="comments",
        codename__in=[
            "change_comment",
            "manage_personal_data",
            "view_comment",
            "add_blockedterm",
            "change_blockedterm",
            "delete_blockedterm",
            "view_blockedterm",
        ],
    )
