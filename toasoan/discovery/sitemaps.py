"""Sitemaps: `/sitemap.xml` (every page) and `/sitemap-news.xml` (Google News, last 48 hours);
`/en/sitemap.xml`: every English page with its language alternates (docs/english.md).

Declarative, in the style of `django.contrib.sitemaps`: `items()`, `location()`,
`lastmod()`. They subclass Wagtail's `Sitemap` for its request handling but
render with Django's per-item hooks: Wagtail's own `_urls` calls
`get_sitemap_urls()` on every `.specific()` page, which is neither needed nor
cheap for articles. Each sitemap here costs the same few queries whatever the
number of articles, and takes its articles from `articles.services.listing`.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
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

    _urls = DjangoSitemap._urls

    def get_urls(self, page=1, site=None, protocol=None):
        # Django's view passes the request's own scheme and Host; a sitemap is shared by every
        # reader (and kept by nginx), so it names the site's address instead (sections.addresses).
        address = urlsplit(site_address(self.request))
        return self._urls(page, address.scheme, address.netloc)

    def location(self, page) -> str:
        # get_urls prefixes the site's address; the path is relative to the page's site root,
        # which is the requesting site's since `items()` stays inside it.
        url_parts = page.get_url_parts(self.request)
        return url_parts[2] if url_parts else ""

    def lastmod(self, page):
        return _w3c(page.last_published_at or page.latest_revision_created_at)


class StructureSitemap(PageSitemap):
    """The home page, the sections and any other page that is not an article."""

    def items(self):
        from toasoan.articles.models import ArticlePage

        return (
            current_site(self.request)
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .not_type(ArticlePage)
            .order_by("path")
        )


class ArticleSitemap(PageSitemap):
    """Every live, public article of the site, newest first."""

    def items(self):
        return in_current_site(self.request, listing.articles(images=False))


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
