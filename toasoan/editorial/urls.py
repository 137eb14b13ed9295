"""Story thread pages and feeds, at /dong-su-kien/ (included from toasoan/urls.py)."""

from django.urls import path

from . import views
from .feeds import StoryThreadFeed

app_name = "editorial"

urlpatterns = [
    path("", views.thread_index, name="threads"),
    path("<slug:slug>/", views.thread_detail, name="thread"),
    path("<slug:slug>/rss/", StoryThreadFeed(), name="thread_rss"),
]
