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
- **For the site's own address only.** nginx's `$host` has no port, so the folder it names serves
  every port of that host: a page rendered for `Host: 127.0.0.1:6666` must never land in it. A page
  is baked only when the request's host and port (the scheme's port when the Host names none) are
  a Wagtail Site's address (its `root_url`, `manage.py set_site_address`), or are the `host:port`
  nginx names itself in its header (`<scheme>/<host>:<port>`: then that is the folder it looks in).
- **Never on a failing disk.** A write that fails removes its temporary file and the page's copies
  in that folder (nginx asks the app for it instead), and no page is baked in this process for a
  sweep interval; then baking simply tries again, so it comes back by itself once there is space.
- **Purged** with the page cache (services/purge.execute): every path the purge names is
  deleted under every host, after the page cache's new versions are written; for 1.2 s after a
  purge nginx sends every request to the app (`PurgeWindow`: nginx keeps descriptors of the
  files it sends and checks them against the files only once a second). A render that
  began before a purge re-reads its path's version after writing and deletes its file if the
  version moved, so a slow render can never put an old page back (the purge deletes after
  bumping, the writer checks after writing: one of them always removes it).
- **Expired** before the page cache's entry does (view counts and most-read lists are refreshed
  by expiry, not purges): the file's time is the entry's, and the sweep deletes a page that would
  pass `PAGE_CACHE_SECONDS` before the next sweep comes (an entry that old is not baked at all), so
  no file is served past its entry. `sweep()` runs as run_worker's "baked-pages" job (one at a
  time, by a lock on the folder itself) and in `manage.py sweep_baked_pages`; it only stats,
  unlinks and removes, so it works on a full disk.

What a baked page loses: the `Surrogate-Key`/`Cache-Tag` headers (per page; a CDN in front
purges by URL, docs/caching.md). Baking needs nginx and the app on one machine (the app deletes
the files): with several app servers, render nginx without `--baked` (docs/scaling.md).
"""

from __future__ import annotations

import contextlib
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
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port

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
#: nginx's `$host`, or `host:port` when nginx names the address itself.
SAFE_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::[0-9]{1,5})?$")
DEFAULT_PORTS = {"http": 80, "https": 443}
#: Characters nginx would read as syntax or variables inside a quoted add_header value.
UNSAFE_VALUE = re.compile(r'["\\$\r\n]')
TMP_MAX_AGE = 60.0
PURGE_MARKER = ".purging"
#: nginx's `open_file_cache_valid` (1 s) plus a margin for the purge's own work.
PURGE_WINDOW = 1.2
#: How often run_worker looks whether the window can close: it stays open up to this much longer.
CLOSE_EVERY = 0.25
#: Its time is when the last sweep ran (run_worker's job sweeps at most once per interval).
SWEEP_STAMP = ".sweep.lock"


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
    """(scheme, host) nginx named, when it asked for this page, its headers are the ones it adds and
    the page was rendered for the address that folder serves (module docstring)."""
    ask = meta.get(HEADER, "")
    if not ask or root() is None or meta.get("QUERY_STRING"):
        return None
    try:
        wanted_digest, place = ask.split(" ", 1)
        scheme, host = place.split("/", 1)
    except ValueError:
        return None
    if scheme not in SCHEMES or not SAFE_HOST.match(host):
        return None
    address = request_address(request_host, scheme)
    named, _, named_port = host.partition(":")
    # The app's view of the host must be nginx's, or the file would hold another site's page.
    if address is None or address[0] != named:
        return None
    if wanted_digest != digest(headers):
        return None
    if named_port:
        # nginx names the port it serves this folder on: the page must have been asked for there.
        return (scheme, host) if address[1] == int(named_port) else None
    # nginx's $host has no port: only a render for the site's own address may serve every port.
    return (scheme, host) if address in site_addresses() else None


def request_address(host: str, scheme: str) -> tuple[str, int] | None:
    """(host, port) a Host header names; the scheme's port when it names none."""
    name, port = split_domain_port(host)
    if not name:
        return None
    return name, int(port) if port else DEFAULT_PORTS[scheme]


def site_addresses() -> frozenset[tuple[str, int]]:
    """(host, port) of each Wagtail Site's `root_url`: the addresses the site's pages are for."""
    from wagtail.models import Site  # wsgi.py imports this module before Django is set up

    try:
        roots = Site.get_site_root_paths()
    except Exception:  # the database is down: the page cache still answers, nothing is baked
        logger.exception("baking: could not read the sites' addresses; not baking")
        return frozenset()
    addresses = set()
    for root_path in roots:
        url = urlsplit(root_path.root_url)
        try:
            port = url.port or DEFAULT_PORTS[url.scheme]
        except (KeyError, ValueError):
            continue
        if url.hostname:
            addresses.add((url.hostname, port))
    return frozenset(addresses)


def bake(meta: dict, page, stamp: tuple[str, str], entry) -> bool:
    """Write a page just stored in the page cache for nginx, when it asked for it (module docstring)."""
    status, headers, body, squeezed, _, stored_at = entry
    if status != 200 or page.query or page.lang != settings.LANGUAGE_CODE:
        return False
    if {name.lower(): value for name, value in headers}.get("content-type") != CONTENT_TYPE:
        return False
    base = root()
    if base is None or paused(base):
        return False
    if time.time() - stored_at > settings.PAGE_CACHE_SECONDS - sweep_interval():
        return False  # it would outlive its entry before the next sweep: the app serves it to the end
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
    except OSError as error:
        _give_up(base, folder, error)
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
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            os.fchmod(handle.fileno(), 0o644)  # nginx's workers run as another user
            inode = os.fstat(handle.fileno()).st_ino
        # The page's age is the entry's: the sweep expires the file with the page cache's entry
        # (and nginx's Last-Modified says when the page was rendered).
        os.utime(temporary, (stored_at, stored_at))
        os.replace(temporary, path)
    except BaseException:
        # On a full disk each failed write would otherwise keep the blocks it got.
        _discard(temporary)
        raise
    return path, inode


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


# A failing disk: stop baking for a while (each attempt costs a render's worth of writes that fail),
# and take the page's copies away, so nginx asks the app, which still has the page.

_clock = time.monotonic
#: BAKED_PAGES_DIR → when this process may bake into it again.
_paused_until: dict[Path, float] = {}


def paused(base: Path) -> bool:
    return _clock() < _paused_until.get(base, 0.0)


def _give_up(base: Path, folder: Path, error: OSError) -> None:
    pause = sweep_interval()
    _paused_until[base] = _clock() + pause
    logger.warning("baking: could not write %s (%s); no page is baked for %.0f s", folder, error, pause)
    for name in (PAGE_FILE, GZIP_FILE):
        _discard(folder / name)


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
            except OSError:  # no room for the trash folder: delete in place, file by file
                shutil.rmtree(base / scheme, ignore_errors=True)
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
        self._try_open()
        return self

    def __exit__(self, *exc) -> None:
        # A window closed by another process between our opening and now: open it again.
        if not self.marker.exists():
            self._try_open()

    def _try_open(self) -> None:
        try:
            self._open()
        except OSError as error:
            # A full disk has no inode for the marker. The purge deletes its files all the same: a
            # descriptor nginx kept may send an old page for a second, never for good.
            logger.warning("baking: could not open the purge window %s (%s)", self.marker, error)

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
    """Delete baked pages that would be older than `max_age` (PAGE_CACHE_SECONDS) before the next
    sweep, left-over temporary files and empty folders; returns how many files went. Nothing here
    needs a free block or inode."""
    base = root()
    if base is None or not base.exists():
        return 0
    now = time.time() if now is None else now
    max_age = (settings.PAGE_CACHE_SECONDS if max_age is None else max_age) - sweep_interval()
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
                    try:
                        _unlink(here / name)
                    except OSError as error:  # one file it may not remove must not keep the others
                        logger.warning("baking: could not remove %s (%s)", here / name, error)
                        continue
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
    """One process sweeps at a time (a lock on the folder's own descriptor: no file to create), at
    most once per interval (the stamp's time says when; without room for it, every time)."""
    base = root()
    if base is None:
        return None
    try:
        descriptor = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return None  # nothing was ever baked
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        stamp = base / SWEEP_STAMP
        try:
            if time.time() - stamp.stat().st_mtime < sweep_interval() * 0.9:
                return None
        except FileNotFoundError:
            pass
        removed = sweep()
        try:
            stamp.touch()  # an existing file's time needs no room; a new one may find some now
        except OSError as error:
            logger.warning("baking: could not mark the sweep in %s (%s)", stamp, error)
        return removed
    finally:
        os.close(descriptor)  # releases the lock


def close_window_job() -> None:
    """run_worker's periodic job: end the purge window once its time has passed."""
    base = root()
    if base is not None:
        close_window(base / PURGE_MARKER)


def sweep_job() -> None:
    """run_worker's periodic job (toasoan.operations.periodic)."""
    if root() is not None:
        sweep_if_due()
