"""Cache headers on every response, and the page cache for anonymous readers.

First in `MIDDLEWARE`, so it sees the response every other middleware has finished:
- readers with a session cookie (editors, anyone logged in) get `Cache-Control: private,
  no-store`, are never answered from the cache and never stored;
- anonymous GET/HEAD responses that set no cookie and chose no caching of their own get
  `public, max-age=<BROWSER_MAX_AGE>, s-maxage=<CDN_MAX_AGE>` and surrogate keys, and (when
  `PAGE_CACHE` is on) are stored in the page cache (pagecache) for the next reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from toasoan.cache import fragments
from toasoan.cache.pagecache import (
    STORED_TYPES,
    excluded,
    has_session,
    make_entry,
    page_cache,
    page_request,
    serve_entry,
)

from . import baking, surrogate

#: Statuses a shared cache may keep for a short while (redirects, missing pages).
SHORT_STATUSES = frozenset({301, 302, 307, 308, 404, 410})
SHORT_SHARED_SECONDS = 60
CACHE_HEADER = "X-Toasoan-Cache"
#: A previous copy (pagecache.PageCache.claim) is for this reader only: no shared cache keeps it
#: (nginx's `$toasoan_private` map reads the same words).
STALE_CACHE_CONTROL = "private, no-cache"
#: Where the request's Site is left to Wagtail's own lookup: the admin, which changes Sites and
#: pages itself, and what needs no Site (files, the view beacon, which never touches a store).
#: Readers' pages, search, the comment and question forms (GET or POST) take it from the cache.
SITE_LOOKUP_PREFIXES = ("/admin/", "/static/", "/media/", "/luot-xem/")
_COMMAS = re.compile(r"\s*,\s*")


def _cache_control_tokens(response: HttpResponse) -> set[str]:
    return {
        token.split("=", 1)[0].strip().lower() for token in _COMMAS.split(response.get("Cache-Control", ""))
    }


def storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in _cache_control_tokens(response)
        and not response.has_header("Content-Encoding")
        and response.get("Content-Type", "").startswith(STORED_TYPES)
        # A page that used its CSP nonce must not be replayed: every reader would share the nonce.
        and "'nonce-" not in response.get("Content-Security-Policy", "")
    )


def _without_cookie_vary(response: HttpResponse) -> None:
    """A public page varies on nothing a cookie holds: `Vary: Cookie` would split proxy caches per reader."""
    if response.has_header("Vary"):
        kept = [v for v in _COMMAS.split(response["Vary"]) if v and v.strip().lower() != "cookie"]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]


def sandbox_download(response: HttpResponse) -> None:
    """A file sent as a download never runs as a page of this site should someone open it anyway:
    the `sandbox` nginx adds to uploads and documents (deploy/nginx/site.conf.in), so a document
    leaves with the same headers whether the app or nginx (X-Accel-Redirect) sends its bytes."""
    if not response.get("Content-Disposition", "").lower().startswith("attachment"):
        return
    policy = response.get("Content-Security-Policy", "")
    if not any(directive.split()[:1] == ["sandbox"] for directive in policy.lower().split(";")):
        response["Content-Security-Policy"] = f"sandbox; {policy}" if policy else "sandbox"


def apply_cache_headers(request: HttpRequest, response: HttpResponse, *, session: bool) -> None:
    path = request.path
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return
    if session:
        response["Cache-Control"] = "private, no-store"
        return
    if request.method not in ("GET", "HEAD"):
        return
    if excluded(path):
        # What the app never keeps (search, documents, forms) no shared cache keeps either: nothing
        # would purge it when an article is unpublished or a collection made private.
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-cache"
        return
    if response.cookies:
        response["Cache-Control"] = "private, no-store"
        return
    if response.has_header("Cache-Control"):
        return
    if response.status_code == 200:
        shared = settings.CDN_MAX_AGE
    elif response.status_code in SHORT_STATUSES:
        shared = min(settings.CDN_MAX_AGE, SHORT_SHARED_SECONDS)
    else:
        return
    browser = min(settings.BROWSER_MAX_AGE, shared)
    response["Cache-Control"] = f"public, max-age={browser}, s-maxage={shared}"
    _without_cookie_vary(response)
    patch_vary_headers(response, ("Accept-Encoding",))
    keys = surrogate.keys_for(
        path, getattr(request, "_delivery_page", None), getattr(request, "_delivery_context", None)
    )
    response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)


class DeliveryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cookies, meta = request.COOKIES, request.META
        session = has_session(cookies, meta)
        page, stamp, lineage, locked = None, None, None, False
        if settings.PAGE_CACHE_ENABLED:
            page = page_request(request.method, request.path, cookies, meta)
            if page is not None:
                entry, stamp = page_cache.lookup(page)
                if entry is not None:
                    if baking.HEADER in meta:  # nginx found no baked copy: this entry becomes one
                        baking.bake(meta, page, stamp, entry)
                    return self.from_entry(entry, page)
                if stamp is not None and not page.head:
                    # A purged hot page: one reader renders, the others get its previous copy.
                    previous, lineage, locked = page_cache.claim(page, stamp)
                    if previous is not None:
                        response = self.from_entry(previous, page, answer="stale")
                        # Seconds old at most, but purged: nginx or a CDN must not keep it.
                        response["Cache-Control"] = STALE_CACHE_CONTROL
                        return response
        try:
            response = self.render(request, session)
            if page is not None and stamp is not None and not page.head and storable(response):
                body = response.content
                content_type = response["Content-Type"]
                entry = make_entry(response.status_code, list(response.items()), body, content_type)
                page_cache.save(page, stamp, entry, lineage)
                baking.bake(meta, page, stamp, entry)
        finally:
            if locked:  # after the save: a reader in between would render again
                page_cache.release(page, stamp)
        if settings.PAGE_CACHE_ENABLED:
            response[CACHE_HEADER] = "miss" if page is not None else "bypass"
        return response

    def render(self, request: HttpRequest, session: bool) -> HttpResponse:
        """The response Django's stack gives, with the cache headers: what a miss costs."""
        if not request.path.startswith(SITE_LOOKUP_PREFIXES):
            fragments.known_site(request)
        response = self.get_response(request)
        sandbox_download(response)
        apply_cache_headers(request, response, session=session)
        return response

    def process_template_response(self, request: HttpRequest, response):
        context = getattr(response, "context_data", None) or {}
        request._delivery_page = context.get("page")
        request._delivery_context = context
        return response

    @staticmethod
    def from_entry(entry, page, *, answer: str = "hit") -> HttpResponse:
        status, headers, body = serve_entry(entry, page, answer=answer)
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        if status == 304:
            del response["Content-Type"]
        return response
