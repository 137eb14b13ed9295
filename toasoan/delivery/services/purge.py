"""Turning what a change makes stale into purges, and running them.

Pages say what goes stale: a page's own routes are its `get_cached_paths()`, and the pages that
show it elsewhere (its sections' lists and feeds, the tag pages, the site feed and sitemaps, its
neighbours' "Các bài mới/đã đăng", story threads) are declared by the apps that draw them
(`toasoan.sections.registry.declare_stale`). `article_purge(article)` is those paths together. A
section or the home page changes the navigation of every page, so it purges everything.

`schedule(purge)` runs after the transaction commits (a purge before the commit could let the old
page be cached again), once per transaction: every purge scheduled in one transaction is merged
and run together. `execute(purge)` bumps the page cache's versions (pagecache), deletes the baked
files nginx serves (baking) and, when `WAGTAILFRONTENDCACHE` is configured (frontend.py), asks
Wagtail's frontend_cache to purge the same URLs from nginx, Varnish, Cloudflare or CloudFront.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from asgiref.local import Local
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from toasoan.cache import fragments
from toasoan.cache.pagecache import page_cache
from toasoan.sections import registry
from toasoan.sections.services import PAGE_PARAM

from .. import baking, frontend

logger = logging.getLogger(__name__)


@dataclass
class Purge:
    """Paths relative to a site's root URL, grouped by root URL (for the frontend cache)."""

    paths: dict[str, set[str]] = field(default_factory=dict)  # root_url -> {"/thoi-su/", …}
    lists: dict[str, set[str]] = field(default_factory=dict)  # paginated lists among them
    everything: bool = False
    #: Content changed (not only comments): fragments of every page are recomputed (fragments.py).
    content: bool = True
    #: Readers may get a purged page's previous copy while one of them renders it anew (a
    #: publish or an edit: pagecache.PageCache.claim). Never for an unpublish, a move, a delete
    #: or a privacy change, nor once merged with one of them.
    stale_ok: bool = False

    def add(self, root_url: str, path: str, *, paginated: bool = False) -> None:
        self.paths.setdefault(root_url, set()).add(path)
        if paginated:
            self.lists.setdefault(root_url, set()).add(path)

    def merge(self, other: Purge) -> Purge:
        for root_url, paths in other.paths.items():
            self.paths.setdefault(root_url, set()).update(paths)
        for root_url, paths in other.lists.items():
            self.lists.setdefault(root_url, set()).update(paths)
        self.everything = self.everything or other.everything
        self.content = self.content or other.content
        self.stale_ok = self.stale_ok and other.stale_ok
        return self

    @property
    def all_paths(self) -> set[str]:
        return {path for paths in self.paths.values() for path in paths}

    def urls(self) -> list[str]:
        """Full URLs for a CDN: each path, plus the first pages of paginated lists."""
        pages = max(1, settings.FRONTEND_CACHE_LIST_PAGES)
        urls = []
        for root_url, paths in self.paths.items():
            for path in sorted(paths):
                urls.append(root_url + path)
                if path in self.lists.get(root_url, ()):
                    urls.extend(f"{root_url}{path}?{PAGE_PARAM}={number}" for number in range(2, pages + 1))
        return urls


def url_parts(page) -> tuple[str, str] | None:
    """(root URL, path) of a page, e.g. ("https://tin.example.gov.vn", "/thoi-su/bai/")."""
    parts = page.get_url_parts()
    if parts is None:
        return None
    _, root_url, path = parts
    return root_url, path


def add_stale(purge: Purge, stales: Iterable[registry.Stale]) -> Purge:
    """Declared stale paths (`toasoan.sections.registry.Stale`) into `purge`."""
    sites = None
    for stale in stales:
        if stale.page is None:
            if sites is None:
                sites = [site.root_url for site in Site.objects.all()]
            for root_url in sites:
                purge.add(root_url, stale.path, paginated=stale.paginated)
            continue
        parts = url_parts(stale.page)
        if parts is not None:
            root_url, base = parts
            purge.add(root_url, base.rstrip("/") + stale.path, paginated=stale.paginated)
    return purge


def article_purge(article, *, tag_slugs=None) -> Purge:
    """Everything that shows `article` (as it is now, or as a copy of how it was)."""
    stales = [*registry.own_paths(article), *registry.stale_elsewhere(article, tag_slugs)]
    return add_stale(Purge(), stales)


def everything_purge(page=None) -> Purge:
    """A change every page shows (navigation): the whole page cache; for a CDN, the non-article pages."""
    purge = Purge(everything=True)
    if page is not None:
        add_stale(purge, registry.own_paths(page))
    return purge


def privacy_purge(page_id: int) -> Purge:
    """A view restriction added, changed or removed on a page (Wagtail's privacy dialog saves it
    without publishing): every list, feed and sitemap may gain or lose what is below it, so the
    whole page cache goes; a CDN or nginx is also told every page that shows a page below it."""
    purge = everything_purge()
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return purge  # the whole page cache and every baked file go; paths only matter to a CDN
    root = Page.objects.filter(pk=page_id).first()
    if root is None:
        return purge
    add_stale(purge, registry.own_paths(root.specific_deferred))
    for page in Page.objects.live().descendant_of(root, inclusive=True).defer_streamfields().specific():
        if not holds_pages(page):
            purge.merge(article_purge(page))
    return purge


def holds_pages(page_or_model) -> bool:
    """A page type that can hold others (home, sections) shapes every page's navigation; the
    others (articles) are content that lists show."""
    return bool(page_or_model.allowed_subpage_models())


def page_purge(page, *, before: dict | None = None) -> Purge:
    """The purge for a published, unpublished, moved or deleted page, as it is and as it was."""
    specific = page.specific_deferred if type(page) is Page else page
    if holds_pages(specific):
        return everything_purge(specific)
    purge = article_purge(specific, tag_slugs=None if specific.pk else ())
    if before:
        # As it was: the lists it left (another section, another place in time, tags taken off).
        old = copy.copy(specific)
        for name, value in before.items():
            if name != "tag_slugs":
                setattr(old, name, value)
        purge.merge(article_purge(old, tag_slugs=before.get("tag_slugs", ())))
    return purge


def content_purge(paths: Iterable[str] = (), page_ids: Iterable[int] = ()) -> Purge:
    """Paths from the root of every site, and pages' own paths (toasoan.cache.events.CONTENT)."""
    stales = [registry.Stale(path) for path in paths]
    pages = Page.objects.filter(pk__in=set(page_ids)).defer_streamfields().specific()
    for page in pages:
        stales.extend(registry.own_paths(page))
    return add_stale(Purge(), stales)


def published_purge(page, *, before: dict | None = None) -> Purge:
    """A publish or an edit: `page_purge`, during whose first render readers may get the
    previous copy of each page (`Purge.stale_ok`)."""
    purge = page_purge(page, before=before)
    purge.stale_ok = True
    return purge


def article_page_purge(article) -> Purge:
    """Only the article page itself (comments changed): the lists do not show comments."""
    return add_stale(Purge(content=False), registry.own_paths(article))


# Running purges


PurgeSource = Purge | Callable[[], Purge]
_pending = Local()


def _sources() -> list[PurgeSource]:
    sources = getattr(_pending, "sources", None)
    if sources is None:
        sources = _pending.sources = []
    return sources


def run_pending() -> None:
    """After a commit: every purge scheduled since the last run, merged, run once. Each schedule
    registers this; the first call does the work and the others find nothing left. (Tests whose
    fixtures stand for content committed earlier call it too.)"""
    sources = _sources()
    taken, sources[:] = list(sources), []
    merged = None
    for source in taken:
        try:
            purge = source() if callable(source) else source
        except Exception:  # one page that cannot be read must not keep the others stale
            logger.exception("delivery: working out a purge failed")
            continue
        merged = purge if merged is None else merged.merge(purge)
    if merged is not None:
        execute(merged)


def schedule(source: PurgeSource) -> None:
    """Purge after the current transaction commits (at once outside a transaction). `source` is a
    purge, or a function making one once the transaction is committed (the pages as they are then).
    The purges of one transaction are merged and run once."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        execute(source() if callable(source) else source)
        return
    sources = _sources()
    if sources and not any(entry[1] is run_pending for entry in connection.run_on_commit):
        sources.clear()  # left by a transaction that was rolled back: its changes never happened
    sources.append(source)
    transaction.on_commit(run_pending)


def execute(purge: Purge) -> None:
    _purge_here(purge)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        _purge_frontend(purge)
    logger.info("delivery: purged %s", "everything" if purge.everything else sorted(purge.all_paths))


def _purge_here(purge: Purge, attempts: int = 0) -> None:
    """The page cache's versions, then the baked files; what fails is left for run_worker."""
    if purge.everything:  # a section, the home page, privacy, an import: the structure too
        fragments.bump_structure()
    elif purge.content:
        fragments.bump()
    failed = False
    try:
        if purge.everything:
            page_cache.purge_all(stale_ok=purge.stale_ok)
        else:
            page_cache.purge_paths(purge.all_paths, stale_ok=purge.stale_ok)
    except Exception:  # the change is committed: say loudly that pages may be stale, do not fail it
        logger.exception("delivery: the page cache purge failed; run_worker tries it again")
        failed = True
    # Baked files after the new versions: a render that began earlier then sees its version moved.
    try:
        if purge.everything:
            baking.purge_all()
        else:
            baking.purge_paths(purge.all_paths)
    except OSError:
        logger.exception("delivery: deleting baked pages failed; run_worker tries it again")
        failed = True
    if failed:
        _leave_for_worker(purge, attempts=attempts)


def _purge_frontend(purge: Purge) -> None:
    if purge.everything:
        purge = purge.merge(_structure_purge())
    _purge_urls(purge.urls())


def _purge_urls(urls: list[str], backends: list[str] | None = None, *, attempts: int = 0) -> None:
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    frontend.take_failed()
    try:
        purge_urls_from_cache(urls, backends=backends)
    except Exception:  # a CDN that is down must not undo an editor's publish
        logger.exception("delivery: the frontend cache purge failed")
    failed = frontend.take_failed()
    configured = getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}
    nginx = [alias for alias, config in configured.items() if config.get("BACKEND") == frontend.NGINX_BACKEND]
    if failed and nginx:
        _leave_for_worker(urls=failed, backends=nginx, attempts=attempts + 1)
    if attempts == 0:
        # nginx keeps a page that a render begun before the commit stores after the first pass.
        for alias in nginx:
            repeat = float(configured[alias].get("REPEAT_AFTER", 2.0))
            if repeat > 0 and urls:
                _leave_for_worker(urls=urls, backends=[alias], delay=repeat, attempts=attempts + 1)


# Left for run_worker: purges that failed, and nginx's second pass

RETRY_EVERY = 1.0
MAX_ATTEMPTS = 8
BATCH = 100


def _leave_for_worker(
    purge: Purge | None = None,
    *,
    urls: list[str] | None = None,
    backends: list[str] | None = None,
    delay: float | None = None,
    attempts: int = 0,
) -> None:
    from ..models import PendingPurge

    if attempts > MAX_ATTEMPTS:
        logger.error("delivery: giving up a purge after %d attempts; pages expire on their own", attempts - 1)
        return
    wait = delay if delay is not None else min(300.0, 2.0**attempts)
    row = PendingPurge(due_at=timezone.now() + timedelta(seconds=wait), attempts=attempts)
    if purge is not None:
        row.everything, row.content = purge.everything, purge.content
        row.paths = {root: sorted(paths) for root, paths in purge.paths.items()}
        row.lists = {root: sorted(paths) for root, paths in purge.lists.items()}
    else:
        row.urls, row.backends = list(urls or []), list(backends or [])
    try:
        row.save()
    except Exception:  # the database is down too: nothing more this process can do
        logger.exception("delivery: a purge could not be left for run_worker")


def run_due_purges() -> float | None:
    """run_worker's periodic job: the pending purges whose time has come, each claimed by deleting
    its row first (two workers never run one twice). Seconds until the next one is due."""
    from ..models import PendingPurge

    now = timezone.now()
    due = list(PendingPurge.objects.filter(due_at__lte=now).order_by("due_at", "pk")[:BATCH])
    for row in due:
        if PendingPurge.objects.filter(pk=row.pk).delete()[0] == 0:
            continue  # another worker took it
        if row.urls:
            _purge_urls(row.urls, row.backends or None, attempts=row.attempts)
            continue
        purge = Purge(everything=row.everything, content=row.content)
        for root, paths in row.paths.items():
            for path in paths:
                purge.add(root, path, paginated=path in row.lists.get(root, ()))
        _purge_here(purge, attempts=row.attempts + 1)
    following = PendingPurge.objects.order_by("due_at").values_list("due_at", flat=True).first()
    if following is None:
        return None
    return max(0.05, (following - timezone.now()).total_seconds())


def _structure_purge() -> Purge:
    """The pages that hold others (home, sections) and what they declare stale with them (site
    feed, sitemaps): what a CDN must drop when the navigation changes."""
    from wagtail.models import get_page_models

    purge = Purge()
    holders = [model for model in get_page_models() if model is not Page and holds_pages(model)]
    for page in Page.objects.live().type(*holders).filter(depth__gte=2).specific():
        add_stale(purge, registry.own_paths(page))
        if page.depth == 2:
            add_stale(purge, registry.stale_elsewhere(page))
    return purge
