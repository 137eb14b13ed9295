"""View beacons, under /luot-xem/ (toasoan/urls.py, before Wagtail's catch-all)."""

from django.urls import path

from toasoan.operations import converters  # noqa: F401 (registers <db_id:…>)

from . import views

app_name = "analytics"
#: Where the article page's beacon posts; the component builds its URL from this.
BEACON_PREFIX = "/luot-xem/"

urlpatterns = [
    path("<db_id:article_id>/", views.beacon, name="beacon"),
    path("<db_id:article_id>.svg", views.pixel, name="pixel"),
]
