"""What the pages show of the counts: an article's views and the most-read lists.

Called through `articles.services.pages.contributions` while the page's context is built,
so templates only display what is here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from wagtail.models import Page

from toasoan.articles.services import listing

from ..urls import BEACON_PREFIX
from .counter import flushed_generation

WINDOW_TITLES = {"day": "Trong ngày", "week": "Trong tuần", "all": "Mọi lúc"}
#: Most-read lists are kept this long, or until a flush writes counts (the key's generation).
MOST_READ_SECONDS = 60
MOST_READ_LIMIT = 5


def article_views(article: Page) -> int:
    """The article's views as of the last flush.

    Free when the page was routed (the app adds ``view_stats`` to ArticlePage's
    ``route_select_related``); one query otherwise.
    """
    try:
        return article.view_stats.total
    except ObjectDoesNotExist:
        return 0


def most_read_lists(section: Page | None, limit: int = MOST_READ_LIMIT) -> list[dict]:
    """Day, week and all-time lists that have counts: three queries, then from the cache."""
    key = f"{settings.VIEW_KEY_PREFIX}:most-read:{flushed_generation()}:{getattr(section, 'pk', 0)}:{limit}"
    windows = cache.get(key)
    if windows is None:
        windows = []
        for window, title in WINDOW_TITLES.items():
            items = [
                {"title": article.title, "url": article.url, "view_count": article.view_count}
                for article in listing.most_read(window, within=section, limit=limit)
            ]
            if items:
                windows.append({"key": window, "title": title, "articles": items})
        cache.set(key, windows, timeout=MOST_READ_SECONDS)
    return windows


def article_context(article: Page) -> dict:
    return {
        "article_views": {
            "views": article_views(article),
            "beacon_url": f"{BEACON_PREFIX}{article.pk}/",
            "pixel_url": f"{BEACON_PREFIX}{article.pk}.svg",
        }
    }


def listing_context(page: Page) -> dict:
    """Home (all sections) or one section's most-read lists."""
    from toasoan.sections.models import SectionPage

    return {"most_read": most_read_lists(page if isinstance(page, SectionPage) else None)}
