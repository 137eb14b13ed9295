"""Django's SQLite backend, with connections kept between requests while the file stays the same.

Opening a SQLite connection makes the first statement read and parse the whole schema
(Wagtail's ~100 tables): ~0.9 ms of CPU, an eighth of an article render on a cache miss.
Production keeps connections (CONN_MAX_AGE) to save it. A kept connection holds the file open, so
on its own it would keep serving a database that was replaced (``manage.py restore``, a copy
put in place) or that lost its permissions, which a new connection would refuse or open
read-only. With CONN_HEALTH_CHECKS, Django asks ``is_usable`` before a request's first query:
a connection is reused only while the path still names the file it opened and that file can
still be read and written; otherwise it is closed and the request opens a new one, exactly as
without kept connections (docs/operations.md, "Database outages").
"""

from __future__ import annotations

import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self._file_identity = _identity(self.settings_dict["NAME"])
        return connection

    def close_if_unusable_or_obsolete(self) -> None:
        # Also at the end of a request: a connection opened while the file was read-only (or
        # being replaced) must not linger with its read-only view of the WAL index.
        super().close_if_unusable_or_obsolete()
        if self.connection is not None and not self.in_atomic_block and not self.is_usable():
            self.close()

    def is_usable(self) -> bool:
        identity = getattr(self, "_file_identity", None)
        return identity is not None and identity == _identity(self.settings_dict["NAME"])


def _identity(name) -> tuple[int, int] | None:
    """(device, inode) of a database file this process may read and write; None otherwise."""
    path = os.fspath(name)
    if path == ":memory:" or path.startswith("file:"):
        return (0, 0)  # in-memory test databases: nothing on disk to change
    try:
        found = os.stat(path)
    except OSError:
        return None
    if not os.access(path, os.R_OK | os.W_OK):
        return None
    return (found.st_dev, found.st_ino)
