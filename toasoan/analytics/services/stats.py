"""What the pages show of the counts: an article's views and the most-read lists.

Called through `sections.registry.contributions` while the page's context is built,
so templates only display what is here.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone
from wagtail.models import Page
from wagtail.query import PageQuerySet

from toasoan.articles.services import listing

from ..models import ArticleViewStats, DailyArticleViews
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


#: Most-read windows: name -> days of daily counts summed (None: the all-time total).
MOST_READ_WINDOWS = {"day": 1, "week": 7, "all": None}


def most_read(window: str = "day", *, within: Page | None = None, limit: int = 5, today=None) -> PageQuerySet:
    """The most-read live, public articles of today, the last 7 days or all time, most first.

    One query. Each article carries `view_count` (its views in the window, as last flushed by
    this app). The top ids are picked from the counts first (by the day index, or the
    total's), over-fetched threefold so restricted or unpublished ones can drop out, then
    joined to `articles()`; `within` keeps a section's articles (and its subsections').
    """
    days = MOST_READ_WINDOWS[window]
    if days is None:
        counts = ArticleViewStats.objects.filter(total__gt=0, article__live=True)
        top = counts.order_by("-total", "-article_id")
        per_article = ArticleViewStats.objects.filter(article_id=OuterRef("pk")).values("total")
    else:
        since = (today or timezone.localdate()) - timedelta(days=days - 1)
        counts = DailyArticleViews.objects.filter(day__gte=since, article__live=True)
        summed = counts.values("article_id").annotate(views=Sum("count")).order_by()
        top = summed.filter(views__gt=0).order_by("-views", "-article_id")
        per_article = summed.filter(article_id=OuterRef("pk")).values("views")
    if within is not None:
        top = top.filter(article__path__startswith=within.path)
    top_ids = top.values("article_id")[: limit * 3]
    return (
        listing.articles(images=False)
        .filter(pk__in=top_ids)
        .annotate(view_count=Subquery(per_article[:1]))
        .order_by("-view_count", *listing.NEWEST_FIRST)[:limit]
    )


def most_read_lists(section: Page | None, limit: int = MOST_READ_LIMIT) -> list[dict]:
    """Day, week and all-time lists that have counts: three queries, then from the cache."""
    key = f"{settings.VIEW_KEY_PREFIX}:most-read:{flushed_generation()}:{getattr(section, 'pk', 0)}:{limit}"
    windows = cache.get(key)
    if windows is None:
        windows = []
        for window, title in WINDOW_TITLES.items():
            items = [
                {"title": article.title, "url": article.url, "view_count": article.view_count}
                for article in most_read(window, within=section, limit=limit)
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
    """Home (all its sections) or one section's most-read lists: a home's own tree only, so the
    Vietnamese home never lists an English article, nor the English home a Vietnamese one."""
    return {"most_read": most_read_lists(page)}
