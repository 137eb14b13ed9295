from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("xac-thuc/", views.verify, name="verify"),
    path("cai-dat-xac-thuc/", views.setup, name="setup"),
    path("ma-du-phong/", views.recovery_codes, name="recovery_codes"),
]
