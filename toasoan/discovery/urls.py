"""Discovery URLs; included before Wagtail's catch-all. Section feeds are `SectionPage` routes."""

from django.urls import path, re_path

from . import views
from .feeds import SiteFeed

app_name = "discovery"

urlpatterns = [
    path("rss/", SiteFeed(), name="rss"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    # A file's number has no leading zero and at most 6 digits: one address per file, and its
    # block of ids stays far inside 64 bits.
    re_path(
        r"^sitemap-trang-(?P<number>[1-9][0-9]{0,5})\.xml$", views.structure_sitemap, name="sitemap_pages"
    ),
    re_path(
        r"^sitemap-bai-viet-(?P<number>[1-9][0-9]{0,5})\.xml$", views.article_sitemap, name="sitemap_articles"
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
]
