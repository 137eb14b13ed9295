"""Readers' comment URLs, under /binh-luan/ (toasoan/urls.py, before Wagtail's catch-all)."""

from django.urls import path, re_path

from toasoan.operations import converters  # noqa: F401 (registers <db_id:…>)

from . import views

app_name = "comments"

urlpatterns = [
    path("form/<db_id:page_id>/", views.form_fragment, name="form"),
    path("viet/<db_id:page_id>/", views.write, name="write"),
    path("da-gui/<db_id:page_id>/", views.sent, name="sent"),
    path("ma-xac-nhan/moi/", views.captcha_refresh, name="captcha_refresh"),
    # Keys are SHA-1 hex (django-simple-captcha); nothing else reaches the database.
    re_path(r"^ma-xac-nhan/anh/(?P<key>[0-9a-f]{40})/$", views.captcha_image, name="captcha_image"),
    re_path(r"^ma-xac-nhan/nghe/(?P<key>[0-9a-f]{40})/$", views.captcha_audio, name="captcha_audio"),
]
