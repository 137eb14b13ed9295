"""Search URLs; included before Wagtail's catch-all (toasoan/urls.py)."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("tim-kiem/", views.search_page, name="page"),
    path("tim-kiem.json", views.search_json, name="json"),
    path("tim-kiem/goi-y.json", views.suggest_json, name="suggest"),
]
