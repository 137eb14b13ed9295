"""RSS 2.0 feed of one story thread, at /dong-su-kien/<slug>/rss/ (same format as the section feeds)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from toasoan.discovery import absolute_url, in_current_site
from toasoan.discovery.feeds import ArticleFeed
from toasoan.sections import portal

from .services import threads


class StoryThreadFeed(ArticleFeed):
    def get_object(self, request, *args, slug: str = "", **kwargs):
        return get_object_or_404(threads.live_threads(), slug=slug)

    def title(self, obj) -> str:
        return f"{obj.title} – {portal.name(self.request)}"

    def description(self, obj) -> str:
        return obj.description or portal.description(self.request)

    def link(self, obj) -> str:
        return absolute_url(self.request, obj.get_absolute_url())

    def articles(self, obj):
        return in_current_site(self.request, threads.thread_articles(obj, images=False))
