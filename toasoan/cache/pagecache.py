"""The page cache: anonymous GET responses kept whole in Django's cache, in two levels.

Level 2 is the `pages` cache alias (Redis when `REDIS_URL` is set, files under
`TOASOAN_VAR_DIR/cache/pages` in production without Redis, process memory in tests), shared by
every worker. Level 1 is a small dict in each process that keeps what level 2 answered for
`PAGE_CACHE_LOCAL_MS` milliseconds, so a hot page costs a dict lookup and no round trip.

Keys are versioned, never deleted: a page's key holds the site-wide generation and its path's
version, both read before the page is rendered. A purge writes a new version for each path it
names (every query-string variant of the path goes with it: `?trang=2` …) or a new generation
for the whole site. A render that started before the purge stores under the old version, which
nobody reads any more, so a purge can never be undone by a slow request. A purge in this process
also drops the paths from its level 1; other processes drop theirs within `PAGE_CACHE_LOCAL_MS`.

Both the WSGI wrapper (`toasoan.delivery.wsgi`, before Django's handler, for speed) and the
middleware (runserver, the test client) look pages up through this module; only the middleware
stores, because only it sees Django's response.

A purge of a hot page must not send every reader to render it at once (a stampede): the first
reader after the purge takes the page's render lock (`claim`, an atomic `add` in the shared
cache) and renders; while it holds the lock (at most `LOCK_SECONDS`) the others get the
*previous copy*, the page as it was stored before the purge. Only purges that say so
(`stale_ok`: a publish or an edit) keep the previous copy reachable: every other purge
(unpublish, move, delete, privacy, and any purge retried later) also moves the path's
*lineage*, which names the previous copy, so nobody ever gets a page that was taken down or
made private.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
import time
import uuid
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
#: Query parameters that change what a cached page shows (pagination of lists and sitemaps).
KEPT_PARAMS = frozenset({"trang", "p"})
#: Query parameters views never read: left out of the key, so a shared link still hits.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "zarsrc", "zalo_source", "ref"})
#: Response types kept; anything else (files, JSON APIs, images) is left to the views.
STORED_TYPES = (
    "text/html",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "text/plain",
    "application/opensearchdescription+xml",
)
GZIP_MIN_BYTES = 1024
#: Hop-by-hop or per-response headers that are not stored with a page.
UNSTORED_HEADERS = frozenset({"content-length", "x-toasoan-cache", "date", "connection"})
#: How long one reader's render of a purged page may keep the others on its previous copy.
LOCK_SECONDS = 2


@dataclass(frozen=True, slots=True)
class PageRequest:
    """What the cache needs to know about one anonymous GET/HEAD request."""

    scheme: str
    host: str
    path: str
    query: str
    lang: str
    gzip: bool
    head: bool
    if_none_match: str

    @property
    def variant(self) -> tuple[str, str, str, str]:
        return (self.scheme, self.host, self.query, self.lang)


#: (site generation, path version): names a page's current entry (`PageCache.stamp`).
Stamp = tuple[str, str]
#: (site lineage, path lineage): names a page's previous copy (`PageCache.lineage`).
Lineage = tuple[str, str]
#: A stored page: (status, headers, body, gzipped body or None, etag, stored at (epoch seconds)).
Entry = tuple[int, list[tuple[str, str]], bytes, bytes | None, str, float]


class _LanguageProbe:
    """Enough of a request for Django's `get_language_from_request` (cookies and headers)."""

    __slots__ = ("COOKIES", "META")

    def __init__(self, cookies: dict, meta: dict) -> None:
        self.COOKIES = cookies
        self.META = meta


def _normalized_query(query_string: str) -> str | None:
    """The query string as part of a key, or None when it holds a parameter views may read."""
    if not query_string:
        return ""
    kept = []
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if name in KEPT_PARAMS:
            kept.append((name, value))
        elif name in TRACKING_PARAMS or name.startswith("utm_"):
            continue
        else:
            return None
    kept.sort()
    return urlencode(kept)


def raw_host(meta: dict) -> str:
    """The Host the request names, read as Django's `HttpRequest._get_raw_host` reads it."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in meta:
        return meta["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in meta:
        return meta["HTTP_HOST"]
    host = meta.get("SERVER_NAME", "")
    port = str(meta.get("SERVER_PORT", ""))
    if port and port != ("443" if is_secure(meta) else "80"):
        host = f"{host}:{port}"
    return host


def is_secure(meta: dict) -> bool:
    header = settings.SECURE_PROXY_SSL_HEADER
    if header:
        name, value = header
        if name in meta:
            return meta[name].split(",", 1)[0].strip() == value
    return meta.get("wsgi.url_scheme") == "https"


def has_session(cookies: dict, meta: dict) -> bool:
    """A reader or editor with a session (or credentials) is never served a shared page.

    The cookie's name is matched in any case, as nginx's `$toasoan_session` map matches it
    (deploy/nginx/site.conf.in): were nginx to see a session where the app sees none, it would
    skip its baked file and cache and the app would store that request's page for everyone.
    """
    if "HTTP_AUTHORIZATION" in meta:
        return True
    name = settings.SESSION_COOKIE_NAME.lower()
    return any(key.lower() == name for key in cookies)


def excluded(path: str) -> bool:
    return path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES))


def page_request(method: str, path: str, cookies: dict, meta: dict) -> PageRequest | None:
    """The request as the cache sees it, or None when it must not be answered from the cache."""
    if method not in ("GET", "HEAD") or has_session(cookies, meta) or excluded(path):
        return None
    secure = is_secure(meta)
    if settings.SECURE_SSL_REDIRECT and not secure:
        return None  # Django answers with the redirect to https
    query = _normalized_query(meta.get("QUERY_STRING", ""))
    if query is None:
        return None
    return PageRequest(
        scheme="https" if secure else "http",
        host=raw_host(meta),
        path=path,
        query=query,
        lang=get_language_from_request(_LanguageProbe(cookies, meta)),
        gzip="gzip" in meta.get("HTTP_ACCEPT_ENCODING", ""),
        head=method == "HEAD",
        if_none_match=meta.get("HTTP_IF_NONE_MATCH", ""),
    )


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _new_token() -> str:
    return uuid.uuid4().hex[:16]


class PageCache:
    """Level 1 in this process over level 2 in the `pages` alias; see the module's docstring."""

    def __init__(self) -> None:
        # path -> {variant: (expires at, entry, stamp)}
        self._local: dict[str, dict[tuple, tuple[float, Entry, Stamp]]] = {}
        self._lock = threading.Lock()

    # Keys

    @property
    def store(self):
        return caches[CACHE_ALIAS]

    @staticmethod
    def _prefix() -> str:
        return settings.PAGE_CACHE_KEY_PREFIX

    def _generation_key(self) -> str:
        return f"{self._prefix()}:g"

    def _version_key(self, path: str) -> str:
        return f"{self._prefix()}:v:{_digest(path)}"

    def _entry_key(self, request: PageRequest, stamp: Stamp) -> str:
        generation, version = stamp
        raw = "|".join((generation, version, *request.variant, request.path))
        return f"{self._prefix()}:p:{_digest(raw)}"

    def _lineage_keys(self, path: str) -> tuple[str, str]:
        return f"{self._prefix()}:sg", f"{self._prefix()}:s:{_digest(path)}"

    def _previous_key(self, request: PageRequest, lineage: Lineage) -> str:
        raw = "|".join(("previous", *lineage, *request.variant, request.path))
        return f"{self._prefix()}:l:{_digest(raw)}"

    def _lock_key(self, request: PageRequest, stamp: Stamp) -> str:
        return self._entry_key(request, stamp) + ":lock"

    def _ensure(self, key: str) -> str:
        # A missing version (never set, or evicted) gets a new one: an old entry can never return.
        self.store.add(key, _new_token(), timeout=None)
        return self.store.get(key) or _new_token()

    def stamp(self, path: str) -> Stamp:
        """(site generation, path version), read together (one round trip on Redis)."""
        generation_key, version_key = self._generation_key(), self._version_key(path)
        found = self.store.get_many([generation_key, version_key])
        generation = found.get(generation_key) or self._ensure(generation_key)
        version = found.get(version_key) or self._ensure(version_key)
        return generation, version

    def lineage(self, path: str) -> Lineage:
        """(site lineage, path lineage): what names a path's previous copy (module docstring)."""
        keys = self._lineage_keys(path)
        found = self.store.get_many(keys)
        return found.get(keys[0]) or self._ensure(keys[0]), found.get(keys[1]) or self._ensure(keys[1])

    # Reading and writing

    def lookup(self, request: PageRequest) -> tuple[Entry | None, Stamp | None]:
        """The stored entry (or None) and the stamp a new entry must be stored under.

        Fails open: when the shared cache is down the page is rendered (and not stored).
        """
        try:
            return self._lookup(request)
        except Exception:
            logger.exception("page cache: lookup failed; serving without the cache")
            return None, None

    def _lookup(self, request: PageRequest) -> tuple[Entry | None, Stamp | None]:
        now = time.monotonic()
        bucket = self._local.get(request.path)
        if bucket is not None:
            item = bucket.get(request.variant)
            if item is not None and item[0] > now:
                return item[1], item[2]
        stamp = self.stamp(request.path)
        entry = self.store.get(self._entry_key(request, stamp))
        if entry is not None:
            self._remember(request, entry, stamp, now)
        return entry, stamp

    def save(self, request: PageRequest, stamp: Stamp, entry: Entry, lineage: Lineage | None = None) -> None:
        """Store `entry`; with the `lineage` read before the render (`claim`), it also becomes the
        path's previous copy. A render that began before an unpublish names the old lineage,
        which nobody reads any more."""
        entry_key = self._entry_key(request, stamp)
        try:
            self.store.set(entry_key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            if lineage is not None:  # a pointer to the entry: the body is not written twice
                previous_key = self._previous_key(request, lineage)
                self.store.set(previous_key, entry_key, timeout=settings.PAGE_CACHE_SECONDS + 60)
        except Exception:
            logger.exception("page cache: store failed")
            return
        self._remember(request, entry, stamp, time.monotonic())

    def claim(self, request: PageRequest, stamp: Stamp) -> tuple[Entry | None, Lineage | None, bool]:
        """On a miss, before rendering: (the previous copy, or None when this reader is to render
        the page; the lineage to `save` under; whether this reader holds the render lock, to
        `release` once it has saved).

        The render lock is an atomic `add` with a timeout: the reader that takes it renders, and
        while it holds it the others get the previous copy. If that reader dies or is slow, the
        first reader after `LOCK_SECONDS` renders, so a previous copy is never served longer than
        that after the first miss. With no previous copy every reader renders. Fails open: a
        cache error means render.
        """
        try:
            lineage = self.lineage(request.path)
            if self.store.add(self._lock_key(request, stamp), 1, timeout=LOCK_SECONDS):
                return None, lineage, True
            entry_key = self.store.get(self._previous_key(request, lineage))
            return (self.store.get(entry_key) if entry_key else None), lineage, False
        except Exception:
            logger.exception("page cache: render lock failed; rendering")
            return None, None, False

    def release(self, request: PageRequest, stamp: Stamp) -> None:
        """The render is over (stored or not): the next miss may render at once."""
        try:
            self.store.delete(self._lock_key(request, stamp))
        except Exception:
            logger.exception("page cache: render lock could not be released")

    def _remember(self, request: PageRequest, entry: Entry, stamp, now: float) -> None:
        ttl = settings.PAGE_CACHE_LOCAL_MS / 1000
        if ttl <= 0:
            return
        with self._lock:
            self._local.setdefault(request.path, {})[request.variant] = (now + ttl, entry, stamp)
            limit = settings.PAGE_CACHE_LOCAL_ENTRIES
            if len(self._local) > limit:
                for path in [p for p, b in self._local.items() if all(i[0] <= now for i in b.values())]:
                    del self._local[path]
                if len(self._local) > limit:  # still full: drop the oldest half
                    for path in list(self._local)[: len(self._local) // 2]:
                        del self._local[path]

    # Purging

    def purge_paths(self, paths, *, stale_ok: bool = False) -> None:
        """New versions for `paths`. Unless `stale_ok`, their previous copies go too (a new lineage)."""
        paths = set(paths)
        if not paths:
            return
        tokens = {self._version_key(path): _new_token() for path in paths}
        if not stale_ok:
            tokens.update({self._lineage_keys(path)[1]: _new_token() for path in paths})
        self.store.set_many(tokens, timeout=None)
        with self._lock:
            for path in paths:
                self._local.pop(path, None)

    def purge_all(self, *, stale_ok: bool = False) -> None:
        tokens = {self._generation_key(): _new_token()}
        if not stale_ok:
            tokens[self._lineage_keys("/")[0]] = _new_token()
        self.store.set_many(tokens, timeout=None)
        with self._lock:
            self._local.clear()

    def forget_local(self) -> None:
        with self._lock:
            self._local.clear()


page_cache = PageCache()


# Entries


def make_entry(status: int, headers: list[tuple[str, str]], body: bytes, content_type: str) -> Entry:
    # Weak: the plain and the gzipped body are the same page for a reader's revalidation.
    etag = f'W/"{hashlib.blake2b(body, digest_size=8).hexdigest()}"'
    squeezed = None
    if len(body) >= GZIP_MIN_BYTES and content_type.startswith(STORED_TYPES):
        squeezed = gzip.compress(body, compresslevel=6, mtime=0)
    kept = [(name, value) for name, value in headers if name.lower() not in UNSTORED_HEADERS]
    kept.append(("ETag", etag))
    return (status, kept, body, squeezed, etag, time.time())


def serve_entry(
    entry: Entry, request: PageRequest, *, answer: str = "hit"
) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body for a hit (or a previous copy: `answer="stale"`); 304 when the
    reader's copy is current."""
    status, headers, body, squeezed, etag, _ = entry
    if request.if_none_match and etag in request.if_none_match:
        kept = [(n, v) for n, v in headers if n.lower() in ("cache-control", "etag", "vary", "surrogate-key")]
        return 304, [*kept, ("X-Toasoan-Cache", answer)], b""
    out = list(headers)
    if request.gzip and squeezed is not None:
        body = squeezed
        out.append(("Content-Encoding", "gzip"))
    out.append(("Content-Length", str(len(body))))
    out.append(("X-Toasoan-Cache", answer))
    return status, out, b"" if request.head else body


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"
