"""Moderation URLs under /admin/binh-luan/ (registered by wagtail_hooks)."""

from django.urls import path, re_path

from toasoan.operations import converters  # noqa: F401 (registers <db_id:…>)

from . import admin_views

app_name = "comments_admin"

urlpatterns = [
    path("", admin_views.queue_view, name="index"),
    path("hang-loat/", admin_views.bulk_view, name="bulk"),
    path("du-lieu-ca-nhan/", admin_views.personal_data_view, name="personal_data"),
    path("<db_id:pk>/", admin_views.detail_view, name="detail"),
    path("<db_id:pk>/tra-loi/", admin_views.reply_view, name="reply"),
    re_path(
        r"^(?P<pk>[0-9]{1,18})/(?P<action>approve|reject|spam)/$", admin_views.decide_view, name="decide"
    ),
]
