"""View beacons, under /luot-xem/ (toasoan/urls.py, before Wagtail's catch-all)."""

from django.urls import path

from . import views

app_name = "analytics"
#: Where the article page's beacon posts; the component builds its URL from this.
BEACON_PREFIX = "/luot-xem/"

urlpatterns = [
    path("<int:article_id>/", views.beacon, name="beacon"),
    path("<int:article_id>.svg", views.pixel, name="pixel"),
]
