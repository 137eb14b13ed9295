"""Discovery URLs; included before Wagtail's catch-all. Section feeds are `SectionPage` routes."""

from django.urls import path

from . import views
from .feeds import SiteFeed

app_name = "discovery"

urlpatterns = [
    path("rss/", SiteFeed(), name="rss"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
]
