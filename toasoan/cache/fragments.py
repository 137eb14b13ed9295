"""Parts of pages kept between renders until the content changes: the site content generation.

Every page shows things that change only when an editor changes content: the header
navigation, an article's breadcrumbs and its newer/older lists. A render keeps them in the
`default` cache under the *content generation*, a token in the shared `pages` cache (so every
worker sees the same one) that changes on every change to a page, a site or a view
restriction: at once in the `post_save`/`post_delete` of the row (the same process sees its own
change on its next render, tests included, and so do scripts that save pages without
publishing), and again when a publish's purge runs after the commit (services.purge.execute):
a render elsewhere that read the old rows between the first bump and the commit stored under a
generation nobody reads after the second. Fragments also expire after `PAGE_CACHE_SECONDS`,
like pages, for what sends no signal (snippets, images).

What changes only with the site's structure (`STRUCTURE_FRAGMENTS`) is kept under a second
token, the *structure generation*, which an article's publish leaves alone: the first reader
after a publish recomputes what the publish changed, not the navigation or every list item.

What depends on a known part of the content only is kept under the structure generation and
the tokens of its *scopes* (`cached(…, scopes=…)`): an article's newer/older lists under its
section's scope, which every write of an article of that section moves (delivery's signal
handlers), so a publish in another section keeps them.

Values are plain data (`Link`s, lists, strings), cheap to pickle; never model instances.
"""

from __future__ import annotations

import contextvars
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signals
from django.core.cache import cache, caches
from django.db import DatabaseError, transaction

from .pagecache import CACHE_ALIAS, _digest

logger = logging.getLogger(__name__)
_REQUEST_ATTRIBUTE = "_toasoan_fragment_tokens"
_GENERATIONS = ("generations",)  # the memo's key for (content, structure); scopes are strings

#: The tokens read during the request being served, also for callers that have no request at
#: hand (a page's view restrictions, a feature's box): a new memo when a request starts, none
#: once it ends, emptied whenever this process moves a token (a publish in the request reads
#: the new ones after it).
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("toasoan_fragment_tokens", default=None)


def _request_started(**kwargs) -> None:
    _memo.set({})


def _request_finished(**kwargs) -> None:
    _memo.set(None)


signals.request_started.connect(_request_started, dispatch_uid="toasoan.fragments.request_started")
signals.request_finished.connect(_request_finished, dispatch_uid="toasoan.fragments.request_finished")


def outside_request() -> None:
    """Forget the request's memo, as a new process starts: a response never closed (a download
    nobody read to the end, an exception the test client raised) sends no `request_finished`, and
    the memo's tokens would outlive it in that thread."""
    _memo.set(None)


def _known(request) -> dict | None:
    """Where this request's tokens are kept: the request's memo, or (a request built without
    Django's handler, as tests do) the request object itself; None outside a request."""
    memo = _memo.get()
    if memo is not None:
        return memo
    return request.__dict__.setdefault(_REQUEST_ATTRIBUTE, {}) if request is not None else None


def _forget() -> None:
    memo = _memo.get()
    if memo:
        memo.clear()


@dataclass(frozen=True, slots=True)
class Link:
    """What a list shows of a page: its id, title, URL (as `{% pageurl %}` gives it) and time."""

    pk: int
    title: str
    url: str
    url_path: str = ""
    path: str = ""
    slug: str = ""
    published_at: datetime | None = None


#: Fragments that change only with the site's structure (sections, the home page, the Site,
#: view restrictions, aliases, any page that is not an article, the footer's links) or with
#: their own key: an article's body is keyed by its live
#: revision, a list item (`teaser`) by everything it shows. A publish or an edit of an article
#: leaves them alone, so the first reader after it does not recompute the navigation, the Site,
#: every other article's body or every other item of a list.
STRUCTURE_FRAGMENTS = frozenset(
    {"site", "restrictions", "menu", "crumbs", "body", "teaser", "links", "footer_pages", "homes"}
)


def _key() -> str:
    return f"{settings.PAGE_CACHE_KEY_PREFIX}:content"


def _structure_key() -> str:
    return f"{settings.PAGE_CACHE_KEY_PREFIX}:structure"


def _tokens(request=None) -> tuple[str, str]:
    """(content generation, structure generation), read together once per request."""
    known = _known(request)
    if known is not None and _GENERATIONS in known:
        return known[_GENERATIONS]
    store = caches[CACHE_ALIAS]
    keys = (_key(), _structure_key())
    try:
        found = store.get_many(keys)
        for key in keys:
            if found.get(key) is None:
                store.add(key, uuid.uuid4().hex[:16], timeout=None)
                found[key] = store.get(key)
    except Exception:
        logger.exception("fragments: the content generation could not be read; computing afresh")
        found = {}
    # A store that keeps nothing (or is down): tokens nothing was kept under.
    tokens = tuple(found.get(key) or "x" + uuid.uuid4().hex[:16] for key in keys)
    if known is not None:
        known[_GENERATIONS] = tokens
    return tokens  # type: ignore[return-value]


def generation(request=None) -> str:
    """The current content generation; read once per request when `request` is given."""
    return _tokens(request)[0]


def structure_generation(request=None) -> str:
    """The current structure generation (`STRUCTURE_FRAGMENTS`); bumped with every structure change."""
    return _tokens(request)[1]


def bump() -> None:
    """Content changed: every fragment computed before is never read again."""
    _forget()
    try:
        caches[CACHE_ALIAS].set(_key(), uuid.uuid4().hex[:16], timeout=None)
    except Exception:  # the change is made; pages must not fail for the cache
        logger.exception("fragments: the content generation could not be bumped")


def bump_structure() -> None:
    """The structure changed (a section, the home page, a Site, a view restriction, an alias):
    every fragment, `STRUCTURE_FRAGMENTS` included, is computed afresh."""
    _forget()
    try:
        caches[CACHE_ALIAS].set_many(
            {_key(): uuid.uuid4().hex[:16], _structure_key(): uuid.uuid4().hex[:16]}, timeout=None
        )
    except Exception:  # the change is made; pages must not fail for the cache
        logger.exception("fragments: the structure generation could not be bumped")


def children_scope(parent_path: str) -> str:
    """The scope of the pages right below the page at tree path `parent_path`: every write of one
    of them (a publish, an edit, an unpublish, a new page, a delete, a move in or out) moves it."""
    return f"children:{parent_path}"


#: Tags, authors and agencies: every write of one moves it.
def translations_scope(translation_key) -> str:
    """The scope of one page's language versions (they share Wagtail's `translation_key`): a write
    of any of them moves it."""
    return f"translations:{translation_key}"


TAXONOMY_SCOPE = "taxonomy"


def _scope_key(scope: str) -> str:
    return f"{settings.PAGE_CACHE_KEY_PREFIX}:scope:{_digest(scope)}"


def scope_tokens(scopes: tuple[str, ...], request=None) -> tuple[str, ...]:
    """The current token of each scope, read in one round trip (and once per request)."""
    known = _known(request)
    if known is None:
        known = {}
    missing = [scope for scope in scopes if scope not in known]
    if missing:
        store = caches[CACHE_ALIAS]
        keys = {_scope_key(scope): scope for scope in missing}
        try:
            found = store.get_many(list(keys))
            for key in keys:
                if found.get(key) is None:
                    store.add(key, uuid.uuid4().hex[:16], timeout=None)
                    found[key] = store.get(key)
        except Exception:
            logger.exception("fragments: a scope token could not be read; computing afresh")
            found = {}
        for key, scope in keys.items():
            # A store that keeps nothing (or is down): a token nothing was kept under.
            known[scope] = found.get(key) or "x" + uuid.uuid4().hex[:16]
    return tuple(known[scope] for scope in scopes)


def bump_scopes(*scopes: str) -> None:
    """What is below these scopes changed: now, and again once the transaction commits.

    The second bump is for a render elsewhere that read the rows between the first one and the
    commit (it stored under a token nobody reads after the second), as `bump()` has the purge.
    """
    if not scopes:
        return

    def bump_now() -> None:
        _forget()
        try:
            caches[CACHE_ALIAS].set_many(
                {_scope_key(scope): uuid.uuid4().hex[:16] for scope in scopes}, timeout=None
            )
        except Exception:  # the change is made; pages must not fail for the cache
            logger.exception("fragments: a scope token could not be bumped")

    bump_now()
    if transaction.get_connection().in_atomic_block:  # outside one, the rows are committed already
        transaction.on_commit(bump_now)


def cached[T](
    name: str,
    parts: tuple,
    compute: Callable[[], T],
    *,
    request=None,
    scopes: tuple[str, ...] | None = None,
    fresh: bool = False,
    refresh: Callable[[T], object] | None = None,
) -> T:
    """`compute()`'s value, kept under `name`, `parts` and the content generation.

    With `scopes`, kept under the structure generation and those scopes' tokens instead: the
    value depends on nothing else, so a change elsewhere (another section's publish) keeps it.
    `fresh`: computed and kept again (the caller found the kept value out of date).
    `refresh(value)`: called on a value read back (not one just computed), to bring up to date in
    place what changes without a generation moving (a list's comment counts).
    A preview (an editor's draft) is always computed: it shows what is not published yet.
    """
    if getattr(request, "is_preview", False):
        return compute()
    content, structure = _tokens(request)
    if scopes is not None:
        token = ":".join((structure, *scope_tokens(scopes, request)))
    else:
        token = structure if name in STRUCTURE_FRAGMENTS else content
    key = f"{settings.PAGE_CACHE_KEY_PREFIX}:f:{name}:{token}:" + ":".join(map(str, parts))
    try:
        value = None if fresh else cache.get(key)
    except Exception:  # like the page cache, fail open: render without the fragment cache
        logger.exception("fragments: cache read failed")
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("fragments: cache write failed")
    elif refresh is not None:
        refresh(value)
    return value


def known_site(request) -> None:
    """Resolve the request's Wagtail Site from the cache, its root page's specific page joined.

    Wagtail looks the Site up (one query) and fetches its root page as its own type (another) on
    every page request; both change only with the content (a Site or page saved bumps the
    generation). Sets what `Site.find_for_request` reads (`request._wagtail_site`).
    """
    if hasattr(request, "_wagtail_site"):
        return
    from django.http.request import split_domain_port
    from wagtail.models import Site

    try:
        hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()
    except Exception:  # a malformed Host: let Wagtail and Django answer as they would
        return

    def compute():
        site = Site._find_for_request(request)
        if site is None:
            return False
        site.root_page.specific  # noqa: B018 - computed once, kept with the site
        return site

    try:
        site = cached("site", (_digest(hostname), port), compute, request=request)
    except DatabaseError:
        # The database is down: the view that needs the Site meets the error where it handles it
        # (a comment sent keeps the reader's words).
        return
    if site:
        request._wagtail_site = site


def _restricted_paths() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from wagtail.models import Page, PageViewRestriction

    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    aliases = Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
    return tuple(sorted(restricted)), tuple(sorted(aliases))


class KnownViewRestrictionsMixin:
    """Pages whose view-restriction check costs no query when nothing restricts them.

    Wagtail checks every page it serves (`check_view_restrictions`: two queries, ancestors then
    restrictions). The paths of restricted pages (and of aliases, whose source's restrictions
    apply) are kept until the content changes; a page under none of them has no restriction.
    Anything else asks Wagtail as before.
    """

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        restricted, aliases = cached("restrictions", (), _restricted_paths)
        if self.path and not any(self.path.startswith(prefix) for prefix in (*restricted, *aliases)):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
