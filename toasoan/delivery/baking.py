"""Baked pages: anonymous HTML pages written as files that nginx serves without asking the app.

nginx's proxy cache costs it more per page than a plain file (it reads the cache file's header
block and parses the stored headers on every hit: figures in docs/performance.md); a file under
`BAKED_PAGES_DIR` costs what a static file costs. The page cache stays the source of
truth; a baked file is a copy of one of its entries that nginx may read:

- **Written** when the app stores a page (DeliveryMiddleware) or answers from the page cache a
  request nginx forwarded because it found no file (the WSGI wrapper), only when nginx asked
  (`X-Toasoan-Bake: <digest> <scheme>/<host>`, deploy/nginx_conf.py) and only for what nginx
  would serve it to: a 200 `text/html; charset=utf-8` page for a path ending in `/` (no query
  string, no session, no credentials: nginx's map checks those on its side), whose headers other
  than the per-page ones (`PER_PAGE_HEADERS`) are exactly the set nginx was configured to add
  (the digest). A page whose headers differ is simply not baked; nginx then proxies it as before.
  `index.html` and `index.html.gz` (the page cache's gzipped copy, for `gzip_static`) go to
  `<dir>/<scheme>/<host>/<path>/`, each by an atomic rename.
- **Purged** with the page cache (services/purge.execute): every path the purge names is
  deleted under every host, after the page cache's new versions are written; for 1.2 s after a
  purge nginx sends every request to the app (`PurgeWindow`: nginx keeps descriptors of the
  files it sends and checks them against the files only once a second). A render that
  began before a purge re-reads its path's version after writing and deletes its file if the
  version moved, so a slow render can never put an old page back (the purge deletes after
  bumping, the writer checks after writing: one of them always removes it).
- **Expired** `PAGE_CACHE_SECONDS` after the page was rendered (the file's time is the entry's),
  within a sweep's interval of the page cache's entry (view counts and most-read lists are
  refreshed by expiry, not purges): `sweep()` runs in a thread of each app server process (one
  at a time, by a lock file) and in `manage.py sweep_baked_pages`.

What a baked page loses: the `Surrogate-Key`/`Cache-Tag` headers (per page; a CDN in front
purges by URL, docs/caching.md). Baking needs nginx and the app on one machine (the app deletes
the files): with several app servers, render nginx without `--baked` (docs/scaling.md).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings

from toasoan.cache.pagecache import page_cache

logger = logging.getLogger(__name__)

HEADER = "HTTP_X_TOASOAN_BAKE"
CONTENT_TYPE = "text/html; charset=utf-8"
PAGE_FILE = "index.html"
GZIP_FILE = "index.html.gz"
SCHEMES = ("http", "https")
#: Headers that belong to one page or one response; nginx sends its own or none.
PER_PAGE_HEADERS = frozenset(
    {
        "content-length",
        "content-type",
        "date",
        "etag",
        "last-modified",
        "surrogate-key",
        "cache-tag",
        "x-toasoan-cache",
        "connection",
        "server",
    }
)
#: Paths nginx resolves to the same file name the app writes (its `$uri` is normalized).
SAFE_PATH = re.compile(r"^/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*$")
SAFE_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$")
#: Characters nginx would read as syntax or variables inside a quoted add_header value.
UNSAFE_VALUE = re.compile(r'["\\$\r\n]')
TMP_MAX_AGE = 60.0
PURGE_MARKER = ".purging"
#: nginx's `open_file_cache_valid` (1 s) plus a margin for the purge's own work.
PURGE_WINDOW = 1.2
#: How often run_worker looks whether the window can close: it stays open up to this much longer.
CLOSE_EVERY = 0.25


# What nginx adds


def public_headers(headers) -> list[tuple[str, str]]:
    """The headers a baked page must carry, in a canonical order (name lowercased)."""
    return sorted((name.lower(), value) for name, value in headers if name.lower() not in PER_PAGE_HEADERS)


def digest(headers: list[tuple[str, str]]) -> str:
    canonical = json.dumps(public_headers(headers), ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(canonical.encode(), digest_size=8).hexdigest()


def describe(headers) -> dict:
    """What deploy/nginx_conf.py needs (`manage.py baked_headers`): the header set and its digest."""
    kept = public_headers(headers)
    unsafe = [name for name, value in kept if UNSAFE_VALUE.search(value) or UNSAFE_VALUE.search(name)]
    if unsafe:
        raise ValueError(f"header values nginx cannot carry verbatim: {', '.join(unsafe)}")
    return {"digest": digest(kept), "headers": [[name, value] for name, value in kept]}


# Where a page goes


def root() -> Path | None:
    folder = getattr(settings, "BAKED_PAGES_DIR", "")
    return Path(folder) if folder else None


def target(scheme: str, host: str, path: str) -> Path | None:
    """The folder a page is baked into, or None when nginx could not ask for this one."""
    base = root()
    if base is None or scheme not in SCHEMES or not SAFE_HOST.match(host) or not SAFE_PATH.match(path):
        return None
    return base / scheme / host / path.lstrip("/")


def wanted(meta: dict, request_host: str, headers) -> tuple[str, str] | None:
    """(scheme, host) nginx named, when it asked for this page and its headers are the ones it adds."""
    ask = meta.get(HEADER, "")
    if not ask or root() is None or meta.get("QUERY_STRING"):
        return None
    try:
        wanted_digest, place = ask.split(" ", 1)
        scheme, host = place.split("/", 1)
    except ValueError:
        return None
    # nginx's $host: lowercase, without the port. The app's view of the host must agree, or the
    # file would hold another site's page.
    if host != request_host.lower().rsplit(":", 1)[0]:
        return None
    if wanted_digest != digest(headers):
        return None
    return scheme, host


def bake(meta: dict, page, stamp: tuple[str, str], entry) -> bool:
    """Write a page just stored in the page cache for nginx, when it asked for it (module docstring)."""
    status, headers, body, squeezed, _, stored_at = entry
    if status != 200 or page.query or page.lang != settings.LANGUAGE_CODE:
        return False
    if {name.lower(): value for name, value in headers}.get("content-type") != CONTENT_TYPE:
        return False
    place = wanted(meta, page.host, headers)
    if place is None:
        return False
    folder = target(*place, page.path)
    if folder is None:
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        if squeezed is not None:
            written.append(_write(folder / GZIP_FILE, squeezed, stored_at))
        else:
            _unlink(folder / GZIP_FILE)
        written.append(_write(folder / PAGE_FILE, body, stored_at))
    except OSError:
        logger.exception("baking: could not write %s", folder)
        return False
    # A purge that bumped this path's version after our render began must win (module docstring).
    try:
        current = page_cache.stamp(page.path)
    except Exception:  # the shared cache is down: nobody can say the copy is current
        logger.exception("baking: could not re-read the page's version; not keeping %s", folder)
        current = None
    if current != stamp:
        for path, inode in reversed(written):
            _unlink(path, inode=inode)
        return False
    return True


def _write(path: Path, data: bytes, stored_at: float) -> tuple[Path, int]:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        os.fchmod(handle.fileno(), 0o644)  # nginx's workers run as another user
        inode = os.fstat(handle.fileno()).st_ino
    # The page's age is the entry's: the sweep expires the file when the page cache's entry expires
    # (and nginx's Last-Modified says when the page was rendered).
    os.utime(temporary, (stored_at, stored_at))
    os.replace(temporary, path)
    return path, inode


def _unlink(path: Path, *, inode: int | None = None) -> None:
    try:
        if inode is not None and path.stat().st_ino != inode:
            return  # a newer render replaced it: that one is current
        path.unlink()
    except FileNotFoundError:
        pass


# Purging


def _host_folders(base: Path) -> list[Path]:
    folders = []
    for scheme in SCHEMES:
        try:
            folders.extend(entry for entry in (base / scheme).iterdir() if entry.is_dir())
        except FileNotFoundError:
            continue
    return folders


def purge_paths(paths) -> int:
    """Delete the baked copies of these paths under every host; returns how many files went."""
    base = root()
    if base is None:
        return 0
    safe = [path for path in set(paths) if SAFE_PATH.match(path)]
    if not safe:
        return 0
    removed = 0
    with PurgeWindow(base):
        for host_folder in _host_folders(base):
            for path in safe:
                folder = host_folder / path.lstrip("/")
                for name in (PAGE_FILE, GZIP_FILE):  # the page first: nginx only looks for it
                    try:
                        (folder / name).unlink()
                        removed += 1
                    except FileNotFoundError:
                        pass
    return removed


def purge_all() -> None:
    """Every baked page goes: each scheme's folder is moved aside at once, then removed."""
    base = root()
    if base is None:
        return
    trash = base / ".trash"
    with PurgeWindow(base):
        for scheme in SCHEMES:
            try:
                trash.mkdir(parents=True, exist_ok=True)
                (base / scheme).rename(trash / f"{scheme}-{uuid.uuid4().hex[:12]}")
            except FileNotFoundError:
                continue
    shutil.rmtree(trash, ignore_errors=True)


# The purge window: nginx keeps the files' descriptors and checks each against its file at most
# 1 s after it last did, so for a moment after a purge it could still send a deleted page. While
# `<dir>/.purging` exists nginx sends every request to the app instead (one `stat` of that short
# path a request); its time is when the window ends (1 s + a margin after the last purge began),
# and whoever finds it past that time removes it: run_worker's "purge-window" job, or the sweep.


class PurgeWindow:
    """Open the window before deleting files, and make sure it is still open after."""

    def __init__(self, base: Path) -> None:
        self.marker = base / PURGE_MARKER

    def __enter__(self) -> PurgeWindow:
        self.until = time.time() + PURGE_WINDOW
        self._open()
        return self

    def __exit__(self, *exc) -> None:
        # A window closed by another process between our opening and now: open it again.
        if not self.marker.exists():
            self._open()

    def _open(self) -> None:
        self.marker.parent.mkdir(parents=True, exist_ok=True)
        try:
            until = max(self.until, self.marker.stat().st_mtime)
        except FileNotFoundError:
            until = self.until
        self.marker.touch()
        try:
            os.utime(self.marker, (until, until))
        except PermissionError:  # left by another user (root's manage.py): ours to replace
            self.marker.unlink()
            self.marker.touch()
            os.utime(self.marker, (until, until))


def close_window(marker: Path, *, now: float | None = None) -> bool:
    """Remove the marker once its time has passed; True when it went."""
    try:
        if marker.stat().st_mtime > (time.time() if now is None else now):
            return False  # a later purge keeps it open
        marker.unlink()
    except FileNotFoundError:
        return False
    return True


# Expiry


def sweep(*, now: float | None = None, max_age: float | None = None) -> int:
    """Delete baked pages older than `max_age` (PAGE_CACHE_SECONDS), left-over temporary files and
    empty folders; returns how many files went."""
    base = root()
    if base is None or not base.exists():
        return 0
    now = time.time() if now is None else now
    max_age = settings.PAGE_CACHE_SECONDS if max_age is None else max_age
    removed = 0
    for scheme in SCHEMES:
        for folder, subfolders, files in os.walk(base / scheme, topdown=False):
            here = Path(folder)
            ages = {}
            for name in files:
                try:
                    ages[name] = now - (here / name).stat().st_mtime
                except FileNotFoundError:
                    continue
            # The gzipped copy goes with its page (nginx only looks for it when the page is there).
            page_gone = ages.get(PAGE_FILE, max_age + 1) > max_age
            for name, age in ages.items():
                if name.endswith(".tmp"):
                    expired = age > TMP_MAX_AGE
                else:
                    expired = name in (PAGE_FILE, GZIP_FILE) and (page_gone or age > max_age)
                if expired:
                    _unlink(here / name)
                    removed += 1
            if not subfolders and here != base / scheme:
                try:
                    if now - here.stat().st_mtime > TMP_MAX_AGE:
                        here.rmdir()  # fails while a file is in it: nothing to decide
                except OSError:
                    pass
    shutil.rmtree(base / ".trash", ignore_errors=True)
    close_window(base / PURGE_MARKER, now=now)  # a process that died before its timer fired
    return removed


def sweep_interval() -> float:
    return min(60.0, max(5.0, settings.PAGE_CACHE_SECONDS / 10))


def sweep_if_due() -> int | None:
    """One process sweeps at a time, at most once per interval (the lock file's time says when)."""
    base = root()
    if base is None:
        return None
    base.mkdir(parents=True, exist_ok=True)
    lock_path = base / ".sweep.lock"
    with open(lock_path, "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        if time.time() - os.fstat(lock.fileno()).st_mtime < sweep_interval() * 0.9 and lock.tell():
            return None
        lock.seek(0)
        lock.truncate()
        lock.write(b"swept\n")
        lock.flush()
        return sweep()


def close_window_job() -> None:
    """run_worker's periodic job: end the purge window once its time has passed."""
    base = root()
    if base is not None:
        close_window(base / PURGE_MARKER)


def sweep_job() -> None:
    """run_worker's periodic job (toasoan.operations.periodic)."""
    if root() is not None:
        sweep_if_due()
