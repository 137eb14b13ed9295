"""Counting views without writing to the database on the read path.

`record_view` de-duplicates (one view per reader and article per `VIEW_DEDUPE_SECONDS`, with
the cache's atomic `add`) and adds one to a buffer: a Redis hash (`HINCRBY`) when `REDIS_URL`
is set, shared by every worker, or a dict under a lock in this process otherwise. `flush` takes
the buffer whole (Redis `RENAME`, or a swap under the lock) and writes it in a few statements:
missing rows are created with `bulk_create(ignore_conflicts=True)`, then one `UPDATE … SET n =
n + k` (an `F()` expression) per distinct increment. A failed write puts the counts back.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import Counter, defaultdict
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

Pending = dict[tuple[int, date], int]


class LocalCounter:
    """This process's buffer; flushed by its own timer thread (services.flusher) or at exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Counter = Counter()

    def incr(self, article_id: int, day: date, amount: int = 1) -> None:
        with self._lock:
            self._pending[(article_id, day)] += amount

    def drain(self) -> Pending:
        with self._lock:
            pending, self._pending = self._pending, Counter()
        return dict(pending)

    def restore(self, pending: Pending) -> None:
        with self._lock:
            self._pending.update(pending)

    def peek(self, article_id: int) -> int:
        with self._lock:
            return sum(n for (pk, _), n in self._pending.items() if pk == article_id)


class RedisCounter:
    """One Redis hash shared by every worker: field `<article id>:<yyyy-mm-dd>`, value the count."""

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias

    @property
    def client(self):
        from django_redis import get_redis_connection

        return get_redis_connection(self.alias)

    @property
    def key(self) -> str:
        return f"{settings.VIEW_KEY_PREFIX}:pending"

    def incr(self, article_id: int, day: date, amount: int = 1) -> None:
        self.client.hincrby(self.key, f"{article_id}:{day.isoformat()}", amount)

    def drain(self) -> Pending:
        from redis.exceptions import ResponseError

        client = self.client
        taken = f"{settings.VIEW_KEY_PREFIX}:flushing:{uuid.uuid4().hex}"
        try:
            client.rename(self.key, taken)  # atomic: views counted from now on go to a new hash
        except ResponseError:  # no such key: nothing counted since the last flush
            return {}
        raw = client.hgetall(taken)
        client.delete(taken)
        pending: Pending = {}
        for field, value in raw.items():
            article_id, day = field.decode().split(":", 1)
            pending[(int(article_id), date.fromisoformat(day))] = int(value)
        return pending

    def restore(self, pending: Pending) -> None:
        pipe = self.client.pipeline()
        for (article_id, day), amount in pending.items():
            pipe.hincrby(self.key, f"{article_id}:{day.isoformat()}", amount)
        pipe.execute()

    def peek(self, article_id: int) -> int:
        return 0  # not read on pages: a page shows what was flushed


_local = LocalCounter()


def counter():
    return RedisCounter() if settings.VIEW_COUNTER == "redis" else _local


def record_view(article_id: int, readers: list[str], *, day: date | None = None) -> bool:
    """Count one view of `article_id` unless one of `readers` was counted for it in the window.

    `readers[0]` is who the request says it is; the others are names the same reader will use
    next (a reader cookie set with this answer), marked as seen so their next view waits too.
    """
    timeout = settings.VIEW_DEDUPE_SECONDS
    prefix = settings.VIEW_KEY_PREFIX
    counted = cache.add(f"{prefix}:seen:{readers[0]}:{article_id}", 1, timeout=timeout)
    for other in readers[1:]:
        cache.add(f"{prefix}:seen:{other}:{article_id}", 1, timeout=timeout)
    if counted:
        counter().incr(article_id, day or timezone.localdate())
    return counted


def flushed_generation() -> str:
    """Changes whenever a flush wrote counts: lists computed from the counts are keyed on it."""
    return cache.get(f"{settings.VIEW_KEY_PREFIX}:flushed") or "0"


def flush(source=None) -> int:
    """Write buffered views to the database; the number of views written."""
    source = source or counter()
    pending = source.drain()
    if not pending:
        return 0
    try:
        written = write(pending)
    except Exception:
        source.restore(pending)
        raise
    if written:
        cache.set(f"{settings.VIEW_KEY_PREFIX}:flushed", uuid.uuid4().hex[:12], timeout=None)
    return written


def write(pending: Pending) -> int:
    from toasoan.articles.models import ArticlePage

    from ..models import ArticleViewStats, DailyArticleViews

    # The beacon never reads the database, so ids of deleted or made-up articles end here.
    known = set(ArticlePage.objects.filter(pk__in={pk for pk, _ in pending}).values_list("pk", flat=True))
    pending = {key: n for key, n in pending.items() if key[0] in known and n > 0}
    if not pending:
        return 0
    totals: Counter = Counter()
    for (article_id, _), n in pending.items():
        totals[article_id] += n
    with transaction.atomic():
        ArticleViewStats.objects.bulk_create(
            [ArticleViewStats(article_id=pk) for pk in totals], ignore_conflicts=True
        )
        for n, ids in _by_amount(totals.items()).items():
            ArticleViewStats.objects.filter(article_id__in=ids).update(total=F("total") + n)
        DailyArticleViews.objects.bulk_create(
            [DailyArticleViews(article_id=pk, day=day) for pk, day in pending], ignore_conflicts=True
        )
        by_day: dict[date, list[tuple[int, int]]] = defaultdict(list)
        for (article_id, day), n in pending.items():
            by_day[day].append((article_id, n))
        for day, rows in by_day.items():
            for n, ids in _by_amount(rows).items():
                DailyArticleViews.objects.filter(day=day, article_id__in=ids).update(count=F("count") + n)
    return sum(totals.values())


def _by_amount(rows) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for article_id, n in rows:
        grouped[n].append(article_id)
    return grouped
