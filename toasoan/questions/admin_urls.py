"""The "Hỏi đáp" admin under /admin/hoi-dap/ (registered by wagtail_hooks)."""

from django.urls import path

from toasoan.operations import converters  # noqa: F401 (registers <db_id:…>)

from . import admin_views

app_name = "questions_admin"

urlpatterns = [
    path("", admin_views.queue_view, name="index"),
    path("<db_id:pk>/", admin_views.detail_view, name="detail"),
    path("<db_id:pk>/xu-ly/", admin_views.action_view, name="action"),
    path("<db_id:pk>/tep/", admin_views.attachment_view, name="attachment"),
]
