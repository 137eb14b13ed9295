"""Story threads (dòng sự kiện): an editor's grouping of articles into one running story."""

from __future__ import annotations

import logging

from django.db.models import Count, F, Max, Q
from django.urls import NoReverseMatch, reverse
from wagtail.query import PageQuerySet

from toasoan.articles.services import listing
from toasoan.articles.services.pages import link
from toasoan.cache import fragments, queries
from toasoan.sections.registry import Stale

from ..models import StoryThread, StoryThreadItem

logger = logging.getLogger(__name__)

#: Articles of a thread shown in the box under an article.
ARTICLE_BOX_LIMIT = 5

#: The fragment scope of every article's thread box: a write of a thread, of its items or of an
#: article that belongs to a thread moves it; a publish of any other article leaves the boxes kept.
THREADS_SCOPE = "story-threads"


def live_threads():
    return StoryThread.objects.filter(is_live=True)


def thread_articles(thread: StoryThread, *, images: bool = True) -> PageQuerySet:
    """The thread's live, public articles, newest first (through the one listing module)."""
    return listing.articles(images=images).filter(story_thread_items__thread=thread)


def threads_of(article) -> list[StoryThread]:
    """The live threads an article belongs to, most recently updated first (one query, compiled
    once: toasoan.cache.queries)."""
    if article.pk is None:  # a new page's preview
        return []
    fields = [field.attname for field in StoryThread._meta.concrete_fields]
    using = StoryThread.objects.db
    rows = queries.rows(
        "article-threads",
        lambda pk: (
            live_threads().filter(items__article_id=pk).order_by("-updated_at", "-pk").values_list(*fields)
        ),
        (queries.Value("int"),),
        (article.pk,),
        using=using,
    )
    return [StoryThread.from_db(using, fields, row) for row in rows]


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


def threads_changed() -> None:
    """A thread or its items written: every article box is computed afresh."""
    fragments.bump_scopes(THREADS_SCOPE)


def article_written(article_id: int | None) -> None:
    """An article published, edited, unpublished or moved: the boxes that can show it are those
    of its threads, so only an article that belongs to one moves them (one query)."""
    if article_id is not None and StoryThreadItem.objects.filter(article_id=article_id).exists():
        threads_changed()


def article_context(article) -> dict:
    """The article page's ``story_threads`` (articles.services.pages calls it), as plain data kept
    under `THREADS_SCOPE` and the structure generation: a section renamed or moved, or a view
    restriction, changes every link; a thread, its items, or one of its articles moves the scope
    (editorial.signal_handlers); any other publish keeps it."""

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

    return {"story_threads": fragments.cached("threads", (article.pk,), compute, scopes=(THREADS_SCOPE,))}


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


def thread_paths(slugs) -> list[str]:
    """The thread index, and each thread's page and feed (on every site: the URLconf serves them)."""
    paths = [reverse("editorial:threads")]
    for slug in filter(None, slugs):
        try:
            paths += [reverse(name, args=(slug,)) for name in ("editorial:thread", "editorial:thread_rss")]
        except NoReverseMatch:  # a slug the URL pattern cannot hold was never served
            logger.warning("editorial: a story thread slug could not be turned into a URL")
    return paths


def stale_threads(page, tag_slugs=None) -> list[Stale]:
    """An article in story threads shows on the threads' pages and in the thread box of their
    other articles."""
    from toasoan.articles.models import ArticlePage

    if not isinstance(page, ArticlePage) or not page.pk:
        return []
    threads = dict(StoryThread.objects.filter(items__article_id=page.pk).values_list("pk", "slug"))
    if not threads:
        return []
    others = (
        ArticlePage.objects.live()
        .filter(story_thread_items__thread__in=list(threads))
        .exclude(pk=page.pk)
        .defer_streamfields()
        .distinct()
    )
    stale = [Stale(path) for path in thread_paths(threads.values())]
    return stale + [Stale("/", other) for other in others]
