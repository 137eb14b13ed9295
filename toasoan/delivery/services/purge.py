"""What a change makes stale, and purging exactly that.

`article_purge(article)` is the one place that knows which pages show an article: its own URL
and its print/download routes, every section above it (list and `rss/`), the home page, the
site feed, both sitemaps, the pages of its tags, and the next-newer and next-older articles of
its section (their "Các bài mới/đã đăng" lists name it). A section or the home page changes the
navigation of every page, so it purges everything.

`schedule(purge)` runs the purge after the transaction commits (a purge before the commit could
let the old page be cached again); `execute(purge)` bumps the page cache's versions
(pagecache), deletes the baked files nginx serves (baking) and, when `WAGTAILFRONTENDCACHE` is
configured (frontend.py), asks Wagtail's frontend_cache to purge the same URLs from nginx,
Varnish, Cloudflare or CloudFront.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from wagtail.models import Page

from toasoan.cache import fragments
from toasoan.cache.pagecache import page_cache

from .. import baking

logger = logging.getLogger(__name__)

PRINT_ROUTE = "in/"
DOWNLOAD_ROUTE = "tai-ve/"
FEED_ROUTE = "rss/"
TAG_ROUTE = "chu-de/{slug}/"
SITE_PATHS = ("rss/", "sitemap.xml", "sitemap-news.xml")
PAGE_PARAM = "trang"


@dataclass
class Purge:
    """Paths relative to a site's root URL, grouped by root URL (for the frontend cache)."""

    paths: dict[str, set[str]] = field(default_factory=dict)  # root_url -> {"/thoi-su/", …}
    lists: dict[str, set[str]] = field(default_factory=dict)  # paginated lists among them
    everything: bool = False
    #: Content changed (not only comments): fragments of every page are recomputed (fragments.py).
    content: bool = True

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


def _ancestors(page) -> list[Page]:
    """The page's ancestors from the tree root down, by tree path (works for a page's old place)."""
    steplen = Page.steplen
    prefixes = [page.path[: steplen * level] for level in range(1, page.depth)]
    return list(Page.objects.filter(path__in=prefixes).order_by("depth"))


def article_purge(article, *, tag_slugs=None) -> Purge:
    """Everything that shows `article` (as it is now, or as a copy of how it was)."""
    from toasoan.articles.services import listing
    from toasoan.sections.models import HomePage

    purge = Purge()
    own = url_parts(article)
    if own is not None:
        root_url, path = own
        for route in ("", PRINT_ROUTE, DOWNLOAD_ROUTE):
            purge.add(root_url, path + route)
    for ancestor in _ancestors(article):
        parts = url_parts(ancestor)
        if parts is None or ancestor.depth < 2:
            continue
        root_url, path = parts
        if ancestor.specific_class is HomePage or ancestor.depth == 2:
            purge.add(root_url, path)
            for site_path in SITE_PATHS:
                purge.add(root_url, path + site_path)
            slugs = tag_slugs if tag_slugs is not None else article.tags.values_list("slug", flat=True)
            for slug in slugs:
                purge.add(root_url, path + TAG_ROUTE.format(slug=slug), paginated=True)
        else:
            purge.add(root_url, path, paginated=True)
            purge.add(root_url, path + FEED_ROUTE)
    if article.published_at is not None:
        newer, older = listing.neighbours(article)
        for neighbour in [*newer, *older]:
            parts = url_parts(neighbour)
            if parts is not None:
                purge.add(*parts)
    return purge


def everything_purge(page=None) -> Purge:
    """A change every page shows (navigation): the whole page cache; for a CDN, the non-article pages."""
    purge = Purge(everything=True)
    if page is not None:
        parts = url_parts(page)
        if parts is not None:
            purge.add(*parts, paginated=True)
    return purge


def privacy_purge(page_id: int) -> Purge:
    """A view restriction added, changed or removed on a page (Wagtail's privacy dialog saves it
    without publishing): every list, feed and sitemap may gain or lose its articles, so the whole
    page cache goes; a CDN or nginx is also told every page that shows an article below it."""
    from toasoan.articles.models import ArticlePage

    purge = everything_purge()
    root = Page.objects.filter(pk=page_id).first()
    if root is None:
        return purge
    parts = url_parts(root)
    if parts is not None:
        purge.add(*parts, paginated=True)
    for article in ArticlePage.objects.live().filter(path__startswith=root.path).defer_streamfields():
        purge.merge(article_purge(article))
    return purge


def page_purge(page, *, before: dict | None = None) -> Purge:
    """The purge for a published, unpublished, moved or deleted page, as it is and as it was."""
    from toasoan.articles.models import ArticlePage

    specific = page.specific_deferred if type(page) is Page else page
    if not isinstance(specific, ArticlePage):
        return everything_purge(specific)
    purge = article_purge(specific, tag_slugs=None if specific.pk else ())
    if before:
        old = copy.copy(specific)
        for name, value in before.items():
            if name != "tag_slugs":
                setattr(old, name, value)
        if any(
            getattr(old, name) != getattr(specific, name) for name in ("path", "url_path", "published_at")
        ):
            purge.merge(article_purge(old, tag_slugs=before.get("tag_slugs", ())))
        else:
            for root_url, path in _tag_paths(specific, before.get("tag_slugs", ())):
                purge.add(root_url, path, paginated=True)
    return purge


def _tag_paths(article, slugs):
    from toasoan.sections.models import HomePage

    home = HomePage.objects.filter(path=article.path[: Page.steplen * 2]).first()
    parts = url_parts(home) if home is not None else None
    if parts is None:
        return []
    root_url, path = parts
    return [(root_url, path + TAG_ROUTE.format(slug=slug)) for slug in slugs]


def thread_purge(slugs, article_ids) -> Purge:
    """A story thread edited: its pages (list, page, feed) on every site, and the pages of the
    articles whose "Dòng sự kiện" box shows it (as they are now, and those that left it)."""
    from django.urls import NoReverseMatch, reverse
    from wagtail.models import Site

    from toasoan.articles.models import ArticlePage

    purge = Purge()
    paths = set()
    try:
        paths.add(reverse("editorial:threads"))
        for slug in filter(None, slugs):
            paths.add(reverse("editorial:thread", args=(slug,)))
            paths.add(reverse("editorial:thread_rss", args=(slug,)))
    except NoReverseMatch:  # a slug the URL pattern cannot hold was never served
        logger.warning("delivery: a story thread slug could not be turned into a URL")
    for site in Site.objects.all():
        for path in paths:
            purge.add(site.root_url, path)
    for article in ArticlePage.objects.filter(pk__in=set(article_ids)).defer_streamfields():
        parts = url_parts(article)
        if parts is not None:
            purge.add(*parts)
    return purge


def article_page_purge(article) -> Purge:
    """Only the article page itself (comments changed): the lists do not show comments."""
    purge = Purge(content=False)
    parts = url_parts(article)
    if parts is not None:
        purge.add(*parts)
    return purge


# Running purges


def schedule(purge: Purge) -> None:
    """Purge after the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: execute(purge))


def execute(purge: Purge) -> None:
    if purge.content:
        fragments.bump()
    try:
        if purge.everything:
            page_cache.purge_all()
        else:
            page_cache.purge_paths(purge.all_paths)
    except Exception:  # the change is committed: say loudly that pages may be stale, do not fail it
        logger.exception("delivery: the page cache purge failed; pages expire in PAGE_CACHE_SECONDS")
    # Baked files after the new versions: a render that began earlier then sees its version moved.
    try:
        if purge.everything:
            baking.purge_all()
        else:
            baking.purge_paths(purge.all_paths)
    except OSError:
        logger.exception("delivery: deleting baked pages failed; they expire in PAGE_CACHE_SECONDS")
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        _purge_frontend(purge)
    logger.info("delivery: purged %s", "everything" if purge.everything else sorted(purge.all_paths))


def _purge_frontend(purge: Purge) -> None:
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    if purge.everything:
        purge = purge.merge(_structure_purge())
    try:
        purge_urls_from_cache(purge.urls())
    except Exception:  # a CDN that is down must not undo an editor's publish
        logger.exception("delivery: the frontend cache purge failed")


def _structure_purge() -> Purge:
    """Home, sections and site-wide paths: what a CDN must drop when the navigation changes."""
    from toasoan.articles.models import ArticlePage

    purge = Purge()
    for page in Page.objects.live().not_type(ArticlePage).filter(depth__gte=2):
        parts = url_parts(page)
        if parts is None:
            continue
        root_url, path = parts
        purge.add(root_url, path, paginated=True)
        purge.add(root_url, path + (FEED_ROUTE if page.depth > 2 else SITE_PATHS[0]))
        if page.depth == 2:
            for site_path in SITE_PATHS[1:]:
                purge.add(root_url, path + site_path)
    return purge


def purge_article_page(article) -> None:
    """The hook for comments (toasoan.comments.services.cache.purge_article)."""
    execute(article_page_purge(article))
