"""The automatic flush: a daemon thread in each app server process, every `VIEW_FLUSH_SECONDS`.

Started by the first beacon a process answers (so it starts after gunicorn or granian forked the
worker, whatever the server). With the local buffer each process flushes its own counts, and
once more when it exits; with Redis every process's thread flushes the one shared hash (each
`RENAME` takes what is there, so two flushes never write the same views). `manage.py
flush_view_counts` does the same once, for cron or the editorial worker.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading

from django.conf import settings
from django.db import connections

from . import counter

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_started_in: int | None = None
_stop = threading.Event()


def flush_safely() -> int:
    try:
        return counter.flush()
    except Exception:
        logger.exception("analytics: flushing view counts failed; they stay buffered")
        return 0
    finally:
        # A connection kept by this thread would sit open between flushes, outside any request,
        # where production's kept SQLite connections are managed (operations/sqlite/base.py).
        connections.close_all()


def _loop(interval: float) -> None:
    while not _stop.wait(interval):
        flush_safely()
    connections.close_all()


def _at_exit() -> None:
    if settings.VIEW_COUNTER != "redis":
        flush_safely()


def ensure_started() -> bool:
    """Start this process's flush thread once; False when flushing is left to the command."""
    global _started_in
    interval = settings.VIEW_FLUSH_SECONDS
    if interval <= 0:
        return False
    pid = os.getpid()
    if _started_in == pid:
        return True
    with _lock:
        if _started_in != pid:
            thread = threading.Thread(target=_loop, args=(interval,), name="toasoan-view-flush", daemon=True)
            thread.start()
            atexit.register(_at_exit)
            _started_in = pid
    return True
