"""Story threads (dòng sự kiện): an editor's grouping of articles into one running story."""

from __future__ import annotations

from django.db.models import Count, F, Max, Q
from wagtail.query import PageQuerySet

from toasoan.articles.services import listing
from toasoan.articles.services.pages import link
from toasoan.cache import fragments

from ..models import StoryThread

#: Articles of a thread shown in the box under an article.
ARTICLE_BOX_LIMIT = 5


def live_threads():
    return StoryThread.objects.filter(is_live=True)


def thread_articles(thread: StoryThread, *, images: bool = True) -> PageQuerySet:
    """The thread's live, public articles, newest first (through the one listing module)."""
    return listing.articles(images=images).filter(story_thread_items__thread=thread)


def threads_of(article) -> list[StoryThread]:
    """The live threads an article belongs to, most recently updated first (one query)."""
    return list(live_threads().filter(items__article=article).order_by("-updated_at", "-pk"))


def article_box(article) -> list[dict]:
    """For the article page: each thread with its newest other articles (two queries, one when none)."""
    threads = threads_of(article)
    if not threads:
        return []
    others = (
        listing.articles(images=False)
        .filter(story_thread_items__thread__in=threads)
        .exclude(pk=article.pk)
        .annotate(thread_ref=F("story_thread_items__thread_id"))
    )
    by_thread: dict[int, list] = {thread.pk: [] for thread in threads}
    for other in others[: ARTICLE_BOX_LIMIT * len(threads) * 2]:
        bucket = by_thread.get(other.thread_ref)
        if bucket is not None and len(bucket) < ARTICLE_BOX_LIMIT:
            bucket.append(other)
    return [{"thread": thread, "articles": by_thread[thread.pk]} for thread in threads]


def article_context(article) -> dict:
    """The article page's ``story_threads`` (articles.services.pages calls it), as plain data kept
    until the content changes: a thread's save purges its articles' pages and bumps the content
    generation (editorial.signal_handlers), as an article's publish does."""

    def compute() -> list[dict]:
        boxes = []
        for box in article_box(article):
            thread = box["thread"]
            boxes.append(
                {
                    "thread": {"pk": thread.pk, "title": thread.title, "url": thread.get_absolute_url()},
                    "articles": [link(other) for other in box["articles"]],
                }
            )
        return boxes

    return {"story_threads": fragments.cached("threads", (article.pk,), compute)}


def thread_index():
    """Live threads with at least one article, with their article count and newest article time."""
    return (
        live_threads()
        .annotate(
            article_count=Count("items", filter=Q(items__article__live=True)),
            latest_at=Max("items__article__published_at", filter=Q(items__article__live=True)),
        )
        .filter(article_count__gt=0)
        .order_by("-latest_at", "-pk")
    )
