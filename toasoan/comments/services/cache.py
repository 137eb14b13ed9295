"""Purging the cached article page when what readers see of its comments changes.

`purge_article` is the one hook: it sends the content-changed event (toasoan.cache.events),
which delivery turns into purges of the article page. Saves call `request_purge`, which waits
for the transaction to commit (a purge before the commit could let the old page be cached
again) and, inside `batched_purges()`, purges each article once however many of its
comments changed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from asgiref.local import Local
from django.db import transaction

from toasoan.cache import events

logger = logging.getLogger(__name__)
_batch = Local()


def purge_article(article) -> None:
    """Say that what readers see of the article's comments changed (delivery purges its page)."""
    events.send(events.COMMENTS, pages=[article])
    logger.debug("comments: purge requested for article %s", article.pk)


def _purge_by_ids(article_ids: set[int]) -> None:
    from wagtail.models import Page

    for page in Page.objects.filter(pk__in=article_ids).specific():
        purge_article(page)  # a module global: the caching work (and tests) may replace it


def request_purge(article_id: int) -> None:
    pending = getattr(_batch, "ids", None)
    if pending is not None:
        pending.add(article_id)
        return
    transaction.on_commit(lambda: _purge_by_ids({article_id}))


@contextmanager
def batched_purges() -> Iterator[None]:
    """Collect purges requested inside; purge each article once, after the commit."""
    outer = getattr(_batch, "ids", None)
    if outer is not None:  # nested: the outermost batch purges
        yield
        return
    _batch.ids = set()
    try:
        yield
        collected = set(_batch.ids)
    finally:
        _batch.ids = None
    if collected:
        transaction.on_commit(lambda: _purge_by_ids(collected))
