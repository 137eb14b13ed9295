"""Reading and preparing records in worker processes while the import writes.

Parsing a JSON line (decoding, repairing legacy encodings, normalizing) and the text work
of its search row (``search.services.prepared``) need no database: with ``jobs`` ≥ 1 they
run in that many worker processes while the main process writes pages. The pipeline:

* is bounded: at most ``window`` chunks of ``chunk_size`` inputs are in the workers at a
  time, and the input is read no further ahead than that (``Pool.imap``'s feeder would
  read the whole input), so memory stays flat whatever its size;
* keeps the input's order: chunks come back in the order they were sent;
* never loses a record: one that makes the parser raise becomes its own ``RecordError``,
  in a worker as in-process; if a worker dies (killed, out of memory), the chunks it had
  are prepared again in the main process, which goes on alone, with a warning logged;
* never touches the database in the workers: they are started with ``spawn`` (a fresh
  interpreter: no inherited connections, no Django setup) and import only the parsers
  and the search text module.

With ``jobs`` 0 everything runs in the main process, as before workers existed, and no
search text is prepared (indexing does it, as on any publish).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import batched, chain, islice

from toasoan.search.services.prepared import PreparedText, prepare_text

from ..parsers import Item, JsonLine, LazyItem
from ..records import ArticleRecord, RecordError

logger = logging.getLogger(__name__)

#: Inputs sent to a worker at a time: large enough that the trip costs little per record.
CHUNK_SIZE = 64
#: Chunks in the workers at a time, per worker, at least (more for a consumer that asks
#: for entries ahead, see ``prepare_items``): few enough that memory stays flat.
WINDOW_PER_JOB = 4
#: With ``jobs`` None, the first inputs are prepared here and workers start only for an
#: input longer than this: below, a worker costs more (its start, ~0.3 s) than it saves.
AUTO_MIN_INPUTS = 200
#: Most workers chosen automatically: the main process writes, one worker keeps up with it.
AUTO_MAX_JOBS = 1

READ_FAILED = "lỗi khi đọc bản ghi"


@dataclass(frozen=True)
class Prepared:
    """An input made ready to import: its item and, from a worker, its search text."""

    item: Item
    search: PreparedText | None = None


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def auto_jobs() -> int:
    """Workers when none are asked for: one per core left to the main process, at most ``AUTO_MAX_JOBS``."""
    return max(0, min(AUTO_MAX_JOBS, available_cpus() - 1))


def prepare_one(entry: LazyItem, *, with_search: bool) -> Prepared:
    """Parse *entry* if it is a raw line; with *with_search*, also its search text. Never raises."""
    try:
        item = entry.parse() if isinstance(entry, JsonLine) else entry
    except Exception as exc:  # a line the parser cannot cope with costs only itself
        logger.warning("Reading %s failed", entry.origin, exc_info=True)
        return Prepared(RecordError(entry.origin, f"{READ_FAILED}: {type(exc).__name__}: {exc}"))
    search = None
    if with_search and isinstance(item, ArticleRecord):
        try:
            search = prepare_text(item.title, item.lead, item.raw_body())
        except Exception:  # indexing works it out itself then, as without workers
            logger.warning("Search text of %s not prepared", item.origin, exc_info=True)
    return Prepared(item, search)


def prepare_chunk(entries: tuple[LazyItem, ...], with_search: bool) -> list[Prepared]:
    """What a worker does with one chunk (module-level: the worker imports it by name)."""
    return [prepare_one(entry, with_search=with_search) for entry in entries]


def prepare_items(
    entries: Iterable[LazyItem],
    *,
    jobs: int | None = None,
    with_search: bool = True,
    chunk_size: int | None = None,
    window: int | None = None,
    ahead: int = 0,
) -> Iterator[Prepared]:
    """*entries* prepared, in order; in ``jobs`` worker processes (None: ``auto_jobs``, if the input is long).

    ``with_search`` prepares the search text of articles too (only workers do: in-process,
    indexing does the same work later anyway). ``chunk_size`` and ``window`` default to
    ``CHUNK_SIZE`` and ``WINDOW_PER_JOB`` per job, or enough chunks to keep ``ahead``
    entries in the workers: a consumer that takes a batch of entries, then works on it,
    should ask for a batch ahead, or the workers idle while it works and it waits for them
    after. The input is read at most ``chunk_size × window`` entries ahead of what has
    been yielded.
    """
    iterator = iter(entries)
    automatic = jobs is None
    jobs = auto_jobs() if jobs is None else jobs
    if jobs <= 0:
        return (prepare_one(entry, with_search=False) for entry in iterator)
    chunk_size = chunk_size or CHUNK_SIZE
    window = window or max(WINDOW_PER_JOB * jobs, -(-ahead // chunk_size) + jobs)
    if automatic:
        return _here_then_in_workers(iterator, jobs, with_search, chunk_size, window)
    return _in_workers(iterator, jobs, with_search, chunk_size, window)


def _here_then_in_workers(
    entries: Iterator[LazyItem], jobs: int, with_search: bool, chunk_size: int, window: int
) -> Iterator[Prepared]:
    """The first ``AUTO_MIN_INPUTS`` entries here, the rest (if any) in workers.

    Not a look ahead: a slow reader (fetched pages) would keep the first outcome waiting.
    """
    for entry in islice(entries, AUTO_MIN_INPUTS):
        yield prepare_one(entry, with_search=False)
    first = next(entries, None)
    if first is not None:
        yield from _in_workers(chain([first], entries), jobs, with_search, chunk_size, window)


def _in_workers(
    entries: Iterator[LazyItem], jobs: int, with_search: bool, chunk_size: int, window: int
) -> Iterator[Prepared]:
    pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("spawn")
    )
    in_flight: deque[tuple[tuple[LazyItem, ...], Future[list[Prepared]] | None]] = deque()

    def result(chunk: tuple[LazyItem, ...], future: Future[list[Prepared]] | None) -> list[Prepared]:
        nonlocal pool
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): go on without them
                logger.warning(
                    "A worker process died; preparing its %d records from %s and the rest here",
                    len(chunk),
                    chunk[0].origin,
                    exc_info=True,
                )
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = None
            except Exception:  # a result that could not come back: this chunk is prepared here
                logger.warning(
                    "Worker process failed on %d records from %s; preparing them here",
                    len(chunk),
                    chunk[0].origin,
                    exc_info=True,
                )
        return [prepare_one(entry, with_search=False) for entry in chunk]

    try:
        for chunk in batched(entries, chunk_size):
            future = None
            if pool is not None:
                try:
                    future = pool.submit(prepare_chunk, chunk, with_search)
                except Exception:  # the pool broke since: the main process goes on alone
                    logger.warning("Worker processes stopped; preparing records here", exc_info=True)
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = None
            in_flight.append((chunk, future))
            if len(in_flight) >= window:
                yield from result(*in_flight.popleft())
        while in_flight:
            yield from result(*in_flight.popleft())
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
