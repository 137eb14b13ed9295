"""Sitemaps. `/sitemap.xml` is an index (sitemaps.org's `<sitemapindex>`) of the site's files:

- `/sitemap-trang-<n>.xml`: the home page, the sections and every other page that is not an
  article (`StructureSitemap`);
- `/sitemap-bai-viet-<n>.xml`: the articles (`ArticleSitemap`).

File n of a kind holds the pages whose id lies in [(n − 1)·limit, n·limit), `limit` being
sitemaps.org's 50,000 URLs: a file can never hold more, a page stays in the same file for
life (a crawler finds the files it knows unchanged, each with its own `<lastmod>`), and a
change to a page makes stale the index and that one file (`stale.py`). The numbers of a site
are those of the blocks its pages fall in, so they may skip (ids are shared by every portal of
an install); a file with nothing in it is a 404, and the index never names one. Each file is
one query, a range of ids the primary key finds, whatever the number of articles; the index is
one grouped query per kind.

`/sitemap-news.xml` (Google News, last 48 hours) stays apart, named by robots.txt;
`/en/sitemap.xml` is every English page with its language alternates, one file (docs/english.md).

Declarative, in the style of `django.contrib.sitemaps`: `items()`, `location()`,
`lastmod()`. They subclass Wagtail's `Sitemap` for its request handling but
render with Django's per-item hooks: Wagtail's own `_urls` calls
`get_sitemap_urls()` on every `.specific()` page, which is neither needed nor
cheap for articles. Articles come from `articles.services.listing`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import ExpressionWrapper, F, IntegerField, Max
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from toasoan.articles.services import listing
from toasoan.sections import languages, portal
from toasoan.sections.addresses import site_address

from . import absolute_url as at_site_address
from . import current_site, in_current_site

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000
NEWS_LANGUAGE = "vi"


def _w3c(moment):
    """A datetime in Vietnam time without microseconds: `2026-11-25T20:45:00+07:00`."""
    return timezone.localtime(moment).replace(microsecond=0) if moment else None


class PageSitemap(WagtailSitemap):
    """Wagtail pages listed with Django's declarative hooks; URLs get the site's configured address."""

    def get_urls(self, page=1, site=None, protocol=None):
        # Django's view passes the request's own scheme and Host; a sitemap is shared by every
        # reader (and kept by nginx), so it names the site's address instead (sections.addresses).
        address = urlsplit(site_address(self.request))
        return self._urls(page, address.scheme, address.netloc)

    def _urls(self, page, protocol, domain):
        """Django's `_urls` without its Paginator: a file is one slice of `items()` (at most
        `limit`), so no count query; `?p=` other than 1 names nothing here."""
        if str(page) != "1":
            raise Http404("Sơ đồ trang không chia theo ?p=")
        urls = []
        latest = None
        for item in self.items()[: self.limit]:
            lastmod = self.lastmod(item)
            if lastmod is not None and (latest is None or lastmod > latest):
                latest = lastmod
            urls.append(
                {
                    "item": item,
                    "location": f"{protocol}://{domain}{self.location(item)}",
                    "lastmod": lastmod,
                    "changefreq": None,
                    "priority": "",
                    "alternates": [],
                }
            )
        if latest is not None:
            self.latest_lastmod = latest  # Django's view sends it as Last-Modified
        return urls

    def location(self, page) -> str:
        # get_urls prefixes the site's address; the path is relative to the page's site root,
        # which is the requesting site's since `items()` stays inside it.
        url_parts = page.get_url_parts(self.request)
        return url_parts[2] if url_parts else ""

    def lastmod(self, page):
        return _w3c(page.last_published_at or page.latest_revision_created_at)


#: What a sitemap reads of a page: its address (`get_url_parts`) and its dates.
PAGE_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "locale_id",
    "last_published_at",
    "latest_revision_created_at",
)


class SplitSitemap(PageSitemap):
    """One kind of page of the site, in files of at most `limit` pages, by blocks of ids."""

    #: The route of this kind's files (`<name>-<n>.xml`).
    url_name = ""

    def __init__(self, request: HttpRequest | None = None, number: int = 1, *, root=None) -> None:
        super().__init__(request)
        self.number = number
        self._root = root

    def site_root(self):
        """The site's root page: the requesting site's, or the one given (`site_files`)."""
        return self._root if self._root is not None else current_site(self.request).root_page

    def pages(self):
        """Every page of the site this kind lists, in the order its files list them."""
        raise NotImplementedError

    def items(self):
        low = (self.number - 1) * self.limit
        return self.pages().filter(pk__gte=low, pk__lt=low + self.limit)

    def files(self) -> list[tuple[int, datetime | None]]:
        """(number, latest change) of each file that holds a page, in order; one query."""
        block = ExpressionWrapper(F("pk") / self.limit, output_field=IntegerField())
        changed = Max(Coalesce("last_published_at", "latest_revision_created_at"))
        rows = self.pages().order_by().annotate(block=block).values("block").annotate(changed=changed)
        return [(row["block"] + 1, row["changed"]) for row in rows.order_by("block")]

    def index_items(self) -> list[SitemapIndexItem]:
        """The index's entries for this kind: each file at the site's address, with its `lastmod`."""
        return [
            SitemapIndexItem(
                at_site_address(self.request, reverse(self.url_name, kwargs={"number": number})),
                _w3c(changed),
            )
            for number, changed in self.files()
        ]


class StructureSitemap(SplitSitemap):
    """The home page, the sections and any other page that is not an article, in tree order."""

    url_name = "discovery:sitemap_pages"

    def pages(self):
        from toasoan.articles.models import ArticlePage

        site_pages = self.site_root().get_descendants(inclusive=True)
        return listing.public(site_pages.live().not_type(ArticlePage)).only(*PAGE_FIELDS).order_by("path")


class ArticleSitemap(SplitSitemap):
    """Every live, public article of the site, newest first."""

    url_name = "discovery:sitemap_articles"

    def pages(self):
        articles = listing.live_public().only(*PAGE_FIELDS).order_by(*listing.NEWEST_FIRST)
        return articles.descendant_of(self.site_root())


#: The kinds the index lists, by the word in their files' names.
SPLIT_SITEMAPS: dict[str, type[SplitSitemap]] = {"trang": StructureSitemap, "bai-viet": ArticleSitemap}


def index_items(request: HttpRequest) -> list[SitemapIndexItem]:
    """Every file of the site's sitemap index: the structure's, then the articles'."""
    return [item for kind in SPLIT_SITEMAPS.values() for item in kind(request).index_items()]


def site_files(root) -> list[str]:
    """The paths of every file of the site whose root page is `root`; one query per kind."""
    return [
        reverse(kind.url_name, kwargs={"number": number})
        for kind in SPLIT_SITEMAPS.values()
        for number, _ in kind(root=root).files()
    ]


def file_for(page) -> tuple[str, int] | None:
    """(route name, number) of the file that lists `page` when it is live and public; None for a
    page never saved."""
    from toasoan.articles.models import ArticlePage

    if page.pk is None:
        return None
    model = page.specific_class or type(page)
    kind = ArticleSitemap if issubclass(model, ArticlePage) else StructureSitemap
    return kind.url_name, page.pk // kind.limit + 1


class NewsSitemap(PageSitemap):
    """Google News: articles published in the last 48 hours, at most 1,000.

    Each URL also carries `title` and `publication_date` (ISO 8601, +07:00) for
    `<news:news>`; the channel's name and language come from `publication`.
    """

    limit = NEWS_LIMIT
    window = NEWS_WINDOW
    language = NEWS_LANGUAGE

    def items(self):
        since = timezone.now() - self.window
        return in_current_site(self.request, listing.published_since(since))

    def publication_name(self) -> str:
        return portal.name(self.request)

    def news_info(self, article) -> dict:
        return {
            "title": article.title,
            "publication_date": _w3c(article.published_at).isoformat(),
            "publication_name": self.publication_name(),
            "language": self.language,
        }

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["news"] = self.news_info(url["item"])
        return urls


class TranslationSitemap(PageSitemap):
    """Every live, public page of the request language's home (`/en/sitemap.xml`), in tree order,
    each with its live, public language versions as `xhtml:link rel="alternate"` (itself included,
    and `x-default`: the Vietnamese one). Two queries whatever the number of pages."""

    def items(self):
        from wagtail.models import Page

        home = languages.homes(current_site(self.request), self.request).get(languages.current_language())
        if home is None or languages.is_default():
            return Page.objects.none()
        return (
            listing.public(Page.objects.filter(path__startswith=home.path).live())
            .defer_streamfields()
            .only("id", "path", "depth", "url_path", "translation_key", "locale_id", "last_published_at")
            .order_by("path")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        from wagtail.models import Page

        urls = super().get_urls(page=page, site=site, protocol=protocol)
        keys = {url["item"].translation_key for url in urls}
        versions: dict = {}
        found = listing.public(Page.objects.filter(translation_key__in=keys).live()).values_list(
            "translation_key", "locale__language_code", "url_path", "depth"
        )
        for key, language, url_path, depth in found:
            path = Page(url_path=url_path, depth=depth).get_url(self.request)
            if path:
                versions.setdefault(key, []).append((language, at_site_address(self.request, path)))
        default = languages.default_language()
        for url in urls:
            alternates = sorted(
                versions.get(url["item"].translation_key, []), key=lambda v: (v[0] != default, v[0])
            )
            if len(alternates) > 1:
                url["alternates"] = [
                    *({"lang_code": language, "location": location} for language, location in alternates),
                    {"lang_code": "x-default", "location": alternates[0][1]},
                ]
        return urls
