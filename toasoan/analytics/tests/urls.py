"""The project's URLs with the view beacon in front, until toasoan/urls.py includes it."""

from django.urls import include, path

from toasoan import urls as project_urls

urlpatterns = [path("luot-xem/", include("toasoan.analytics.urls")), *project_urls.urlpatterns]
