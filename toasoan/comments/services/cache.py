"""Purging the cached page a comment is on when what readers see of its comments changes.

`purge_page` is the one hook: it sends the content-changed event (toasoan.cache.events), which
delivery turns into purges of that page, whatever its type (an article, a draft open for
comment). Saves call `request_purge`, which waits for the transaction to commit (a purge before
the commit could let the old page be cached again) and, inside `batched_purges()`, purges each
page once however many of its comments changed.
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


def purge_page(page) -> None:
    """Say that what readers see of the page's comments changed (delivery purges it)."""
    events.send(events.COMMENTS, pages=[page])
    logger.debug("comments: purge requested for page %s", page.pk)


def _purge_by_ids(page_ids: set[int]) -> None:
    from wagtail.models import Page

    for page in Page.objects.filter(pk__in=page_ids).specific():
        purge_page(page)  # a module global: the caching work (and tests) may replace it


def request_purge(page_id: int) -> None:
    pending = getattr(_batch, "ids", None)
    if pending is not None:
        pending.add(page_id)
        return
    transaction.on_commit(lambda: _purge_by_ids({page_id}))


@contextmanager
def batched_purges() -> Iterator[None]:
    """Collect purges requested inside; purge each page once, after the commit."""
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
