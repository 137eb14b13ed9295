"""The project's URLs, plus the view beacon in front when toasoan/urls.py does not route it yet."""

from django.urls import NoReverseMatch, include, path, reverse

from toasoan import urls as project_urls

urlpatterns = list(project_urls.urlpatterns)
try:
    reverse("analytics:beacon", args=[1], urlconf=project_urls)
except NoReverseMatch:
    urlpatterns.insert(0, path("luot-xem/", include("toasoan.analytics.urls")))
