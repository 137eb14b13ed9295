"""PostgreSQL: a window of the newest articles with GIN indexes of their own (docs/search.md).

A common word's newest matches are what a search reads first, but a GIN index gives them only
after the word's whole posting list: every article that ever held it. Partial GIN indexes on the
three vectors, ``WHERE sort_key >= K`` with K the sort key of about the newest `SHARE` of the
articles, hold the same lists for the newest articles only; a slice read whose range is exactly
``sort_key >= K`` is planned on them alone (`engines.Statistics.floors` starts at K), in a
fraction of the time, and the more so the larger the archive.

The window never makes a search wrong — an article newer than K is in its indexes, every
article in the whole ones — it only grows slower as articles are published after K. The
periodic worker (`maintain`) moves it forward once it holds `GROWTH` times its share: the next
window's indexes are built, then the old ones dropped. Below `MINIMUM` articles there is no
window: the whole indexes are small enough.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.db import connection

from ..models import SearchDocument

logger = logging.getLogger(__name__)

TABLE = SearchDocument._meta.db_table
PREFIX = "portal_search_recent_"
COLUMNS = ("search_vector", "head_vector", "exact_vector")
#: The newest share of the articles a window holds when it is made, and no fewer than `ROWS`.
SHARE = 0.02
ROWS = 2000
#: A window holding this many times its share is moved forward.
GROWTH = 2
#: Fewer articles than this: no window.
MINIMUM = 20_000
#: How often the worker looks (seconds).
EVERY = 3600
#: kB: the GIN pending list a search reads whole (migration 0011 sets it on the whole indexes).
PENDING_LIST_KB = 256

_BOUND = re.compile(r"sort_key >= '?(-?\d+)'?")


@dataclass(frozen=True)
class Window:
    #: The oldest sort key the window holds.
    low: int
    #: Its indexes, by column.
    indexes: dict[str, str]


def _index_name(column: str, low: int) -> str:
    return f"{PREFIX}{column}_{low}".replace("-", "m")


#: A scalar subquery: every index named as a window's, as ``name|predicate|usable`` (one
#: parameter, the table); read with the index statistics (`engines._read_statistics`).
INDEXES_SQL = (
    "(SELECT array_agg(c.relname || '|' || coalesce(pg_get_expr(i.indpred, i.indrelid), '') || '|' "
    "|| (i.indisvalid AND i.indisready)::text) "
    "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
    "WHERE i.indrelid = %s::regclass AND c.relname LIKE 'portal\\_search\\_recent\\_%%')"
)


def _parse(rows: list[str] | None) -> list[tuple[str, str, int | None, bool]]:
    """(name, column, low, usable) of each row of `INDEXES_SQL`."""
    found = []
    for row in rows or ():
        name, predicate, usable = row.rsplit("|", 2)
        column = next((column for column in COLUMNS if name.startswith(f"{PREFIX}{column}_")), "")
        match = _BOUND.search(predicate)
        found.append((name, column, int(match.group(1)) if match else None, usable == "true"))
    return found


def _rows() -> list[str] | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {INDEXES_SQL}", [TABLE])
        return cursor.fetchone()[0]


def _indexes() -> list[tuple[str, str, int | None, bool]]:
    return _parse(_rows())


def of_rows(rows: list[str] | None) -> Window | None:
    """The window whose three indexes are all built and valid (the newest, if two are)."""
    by_low: dict[int, dict[str, str]] = {}
    for name, column, low, usable in _parse(rows):
        if usable and column and low is not None:
            by_low.setdefault(low, {})[column] = name
    complete = [low for low, indexes in by_low.items() if set(indexes) == set(COLUMNS)]
    if not complete:
        return None
    low = max(complete)
    return Window(low, by_low[low])


def current() -> Window | None:
    if connection.vendor != "postgresql":
        return None
    return of_rows(_rows())


def _population() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608 (a constant)
        return cursor.fetchone()[0]


def _held(low: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE sort_key >= %s", [low])  # noqa: S608
        return cursor.fetchone()[0]


def _newest_key(offset: int) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT sort_key FROM {TABLE} ORDER BY sort_key DESC OFFSET %s LIMIT 1",  # noqa: S608
            [offset],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def wanted_rows(population: int, share: float = SHARE, rows: int = ROWS) -> int:
    return max(rows, int(population * share))


def maintain(
    *,
    minimum: int = MINIMUM,
    share: float = SHARE,
    rows: int = ROWS,
    concurrently: bool = True,
) -> Window | None:
    """Make the window, or move it forward once it holds `GROWTH` times its share; drop every
    other window's index (a move's old one, a build that failed half-way). Returns the window.

    *concurrently*: build and drop without blocking writes (outside a transaction, as the worker
    runs); tests, inside one, pass False.
    """
    if connection.vendor != "postgresql":
        return None
    population = _population()
    window = current()
    if population < minimum:
        return window
    target = wanted_rows(population, share, rows)
    if window is None or _held(window.low) > GROWTH * target:
        low = _newest_key(target - 1)
        if low is not None and (window is None or low > window.low):
            _build(low, concurrently)
            window = current()
    keep = set(window.indexes.values()) if window else set()
    for name, _column, _low, _usable in _indexes():
        if name not in keep:
            _drop(name, concurrently)
    return window


def _build(low: int, concurrently: bool) -> None:
    how = "CONCURRENTLY " if concurrently else ""
    existing = {name for name, *_ in _indexes()}
    with connection.cursor() as cursor:
        for column in COLUMNS:
            name = _index_name(column, low)
            if name in existing:
                _drop(name, concurrently)  # a build that failed half-way leaves an invalid index
            cursor.execute(
                f"CREATE INDEX {how}{name} ON {TABLE} USING gin ({column}) "
                f"WITH (gin_pending_list_limit = {PENDING_LIST_KB}) WHERE sort_key >= {int(low)}"
            )
    logger.info("search window: indexes of the articles from sort key %s built", low)


def _drop(name: str, concurrently: bool) -> None:
    how = "CONCURRENTLY " if concurrently else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {how}IF EXISTS {connection.ops.quote_name(name)}")


def maintain_job() -> float | None:
    """The worker's job (`operations.periodic`)."""
    maintain()
    return None
