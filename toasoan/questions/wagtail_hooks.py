"""The "Hỏi đáp" admin menu (with the number of new questions), its URLs, log actions, permissions."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from toasoan.sections.portal import staff_portal_paths

from . import admin_urls
from .services import queue

HANDLE = "questions.change_question"


class QuestionsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(HANDLE)

    def render_component(self, request):
        component = super().render_component(request)
        new = queue.open_count(within=staff_portal_paths(request.user))
        if new:
            component.label = f"{self.label} ({new})"
        return component


@hooks.register("register_admin_urls")
def register_question_urls():
    return [path("hoi-dap/", include(admin_urls, namespace="questions_admin"))]


@hooks.register("register_admin_menu_item")
def register_questions_menu():
    return QuestionsMenuItem(
        _("Hỏi đáp"), reverse("questions_admin:index"), name="hoi-dap", icon_name="help", order=260
    )


@hooks.register("register_log_actions")
def register_question_log_actions(actions):
    for action, label, message in (
        ("questions.assign", _("Giao đơn vị trả lời"), _("Đã giao câu hỏi cho đơn vị")),
        ("questions.in_progress", _("Đang xử lý"), _("Đã chuyển câu hỏi sang đang xử lý")),
        ("questions.answer", _("Trả lời câu hỏi"), _("Đã trả lời câu hỏi")),
        ("questions.publish", _("Công bố câu hỏi"), _("Đã công bố câu hỏi và câu trả lời")),
        ("questions.unpublish", _("Gỡ công bố câu hỏi"), _("Đã gỡ câu hỏi khỏi trang Hỏi đáp")),
        ("questions.refuse", _("Từ chối câu hỏi"), _("Đã từ chối câu hỏi")),
        ("questions.faq", _("Câu hỏi thường gặp"), _("Đã đổi đánh dấu câu hỏi thường gặp")),
        (
            "questions.personal_data_export",
            _("Xuất dữ liệu cá nhân"),
            _("Đã xuất dữ liệu cá nhân của người hỏi"),
        ),
        (
            "questions.personal_data_erase",
            _("Xóa theo yêu cầu"),
            _("Đã xóa câu hỏi theo yêu cầu của người hỏi"),
        ),
    ):
        actions.register_action(action, label, message)


@hooks.register("register_permissions")
def register_question_permissions():
    return Permission.objects.filter(
        content_type__app_label="questions",
        codename__in=["change_question", "view_question", "manage_personal_data"],
    )
