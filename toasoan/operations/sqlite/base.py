"""Django's SQLite backend, keeping connections between requests while the file stays as it was.

Opening a SQLite connection makes its first statement read and parse the whole schema (Wagtail's
tables), a good part of an article render's CPU on a cache miss (docs/performance.md).
Production keeps connections (CONN_MAX_AGE) to save that.

A kept connection holds the file it opened: after ``manage.py restore`` puts another file at the
path, or the file's permissions change, it would go on reading the old file or writing where
a new connection could not, and SQLite shares a file's locks and WAL index between all of one
process's connections, so an idle thread's stale connection affects the others' too, and so
does one still held by a request whose answer has left: the WSGI application (delivery/wsgi.py)
ends each request before its answer goes, which the outage drill once met the other way round.
So keeping is all or nothing per process:

* every request looks at the file (``os.stat`` and ``os.access``, a few microseconds) at its
  start and end; the first thread that sees it changed closes every connection of the process
  that is *parked* (kept by a thread between two requests), and the others close theirs when
  their request ends;
* a connection opened while the file could not be read and written, or on which a database
  error occurred, is never kept;
* when the file is seen writable (at a process's first look, or again after a change), its
  ``-wal`` and ``-shm`` files are made writable too. SQLite creates them with the database file's
  mode, so a read-only spell with no connection open leaves them read-only, and every write after
  the file is given back would fail ("attempt to write a readonly database") until someone
  deleted them: measured with plain connections too, kept or not.

Right after any change the process therefore holds the same connections as one that never keeps
any, which is what the outage drill tests (operations/tests/test_unavailable.py).

The file holds readers' phone numbers, so only the app's user may read it. SQLite would create
a missing database 0644 (less the umask), and its ``-wal`` and ``-shm`` with the database's mode:
a new connection creates the file first, empty and 0600. At a process's first look, a database
made before that (or by Django's plain backend, ``make demo``) and its side files lose their group
and other permissions.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from dataclasses import dataclass

from django.core.signals import request_finished
from django.db import connections
from django.db.backends.sqlite3 import base

from toasoan.operations.services import private_files

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _FileState:
    identity: tuple[int, ...] | None  # device, inode, mode, owner, group; None when stat fails
    writable: bool


_lock = threading.RLock()  # a sweep closes wrappers, whose close() unparks them
_seen: dict[str, _FileState] = {}
_generations: dict[str, int] = {}
_parked: set[DatabaseWrapper] = set()


def _state_of(path: str) -> _FileState:
    try:
        found = os.stat(path)
    except OSError:
        return _FileState(None, False)
    identity = (found.st_dev, found.st_ino, found.st_mode, found.st_uid, found.st_gid)
    return _FileState(identity, os.access(path, os.R_OK | os.W_OK))


def _repair_side_files(path: str) -> None:
    try:
        mode = os.stat(path).st_mode & 0o666
    except OSError:
        return
    for suffix in ("-wal", "-shm"):
        side = path + suffix
        if os.path.exists(side) and not os.access(side, os.R_OK | os.W_OK):
            try:
                os.chmod(side, mode)
            except OSError as error:  # not ours: an operator must fix it
                logger.warning("operations: %s is not writable, could not fix it: %s", side, error.strerror)
            else:
                logger.warning("operations: %s was left read-only by a read-only spell; made writable", side)


def _make_owner_only(path: str) -> None:
    for name in (path, path + "-wal", path + "-shm"):
        try:
            changed = private_files.make_owner_only(name)
        except FileNotFoundError:
            continue
        except OSError as error:  # not ours: an operator must fix it
            logger.warning(
                "operations: %s is readable by other users, could not fix it: %s", name, error.strerror
            )
        else:
            if changed:
                logger.warning("operations: %s was readable by other users; made owner-only", name)


def observe(path: str) -> tuple[int, bool]:
    """The file's generation (bumped at every change this process notices) and whether it is writable.

    Noticing a change closes the process's parked connections to that file.
    """
    with _lock:
        if path not in _seen:
            _make_owner_only(path)
    state = _state_of(path)
    with _lock:
        if _seen.get(path) != state:
            first_look = path not in _seen
            _seen[path] = state
            if state.writable:
                _repair_side_files(path)
            if not first_look:
                _generations[path] = _generations.get(path, 0) + 1
                for wrapper in [w for w in _parked if w._path == path]:
                    wrapper._close_for_owner()
        return _generations.get(path, 0), state.writable


class DatabaseWrapper(base.DatabaseWrapper):
    _opened_in: int | None = None  # the generation the connection was opened in, None: never keep it

    @property
    def _path(self) -> str | None:
        if self.is_in_memory_db():
            return None
        return os.fspath(self.settings_dict["NAME"])

    def get_new_connection(self, conn_params):
        path = self._path
        if path is None:
            return super().get_new_connection(conn_params)
        if not path.startswith("file:"):  # a URI names no file by itself
            with contextlib.suppress(OSError):  # no folder, no permission: SQLite's own error says so
                private_files.create_private_file(path)
        before, writable_before = observe(path)
        connection = super().get_new_connection(conn_params)
        after, writable_after = observe(path)
        keep = before == after and writable_before and writable_after
        self._opened_in = after if keep else None
        return connection

    def is_usable(self) -> bool:
        path = self._path
        if path is None:
            return super().is_usable()
        return self._opened_in is not None and self._opened_in == observe(path)[0]

    def close_if_unusable_or_obsolete(self) -> None:
        # Django calls this at the start and the end of every request (close_old_connections).
        with _lock:
            _parked.discard(self)
        if (
            self.connection is not None
            and self._path is not None
            and not self.in_atomic_block
            and (self.errors_occurred or not self.is_usable())
        ):
            self.close()
            return
        super().close_if_unusable_or_obsolete()

    def close(self) -> None:
        with _lock:
            _parked.discard(self)
        super().close()

    def park(self) -> None:
        """Between requests: the connection may now be closed by whichever thread sees the file change."""
        if self.connection is None or self._path is None or self.in_atomic_block:
            return
        with _lock:
            _parked.add(self)

    def _close_for_owner(self) -> None:
        # Called with _lock held by another thread, while the owner is between requests (parked):
        # the owner takes its connection back only through close_if_unusable_or_obsolete, which
        # waits for _lock first.
        self.inc_thread_sharing()
        try:
            self.close()
        finally:
            self.dec_thread_sharing()


def park_connections(**kwargs) -> None:
    """request_finished: this thread's kept SQLite connections wait, parked, for its next request."""
    for wrapper in connections.all(initialized_only=True):
        if isinstance(wrapper, DatabaseWrapper):
            wrapper.park()


request_finished.connect(park_connections, dispatch_uid="toasoan-sqlite-park")
