"""The site feed and the sitemaps list every article of a site: a change to one makes them stale."""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import Page

from toasoan.sections.registry import Stale

SITE_WIDE = ("discovery:rss", "discovery:sitemap", "discovery:news_sitemap")


def stale_site_lists(page: Page, tag_slugs=None) -> list[Stale]:
    """On the site the page belongs to (its home page, the site's root): the feed, the sitemap
    index, the news sitemap and the one sitemap file that lists the page (sitemaps.file_for).
    For the home page itself (a change to the structure: what a CDN is told when everything is
    purged) every sitemap file of its site, since a section renamed moves its articles' URLs."""
    from .sitemaps import file_for, site_files

    if page.depth < 2:
        return []
    home = page if page.depth == 2 else Page.objects.filter(path=page.path[: Page.steplen * 2]).first()
    if home is None:
        return []
    stale = [Stale(reverse(name), home) for name in SITE_WIDE]
    if page.depth == 2:
        stale.extend(Stale(path, home) for path in site_files(home))
    elif (found := file_for(page)) is not None:
        name, number = found
        stale.append(Stale(reverse(name, kwargs={"number": number}), home))
    return stale
