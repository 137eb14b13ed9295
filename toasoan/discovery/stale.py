"""The site feed and the sitemaps list every article of a site: a change to one makes them stale."""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import Page

from toasoan.sections.registry import Stale

SITE_WIDE = ("discovery:rss", "discovery:sitemap", "discovery:news_sitemap")


def stale_site_lists(page: Page, tag_slugs=None) -> list[Stale]:
    """On the site the page belongs to (its home page, the site's root)."""
    if page.depth < 2:
        return []
    home = page if page.depth == 2 else Page.objects.filter(path=page.path[: Page.steplen * 2]).first()
    if home is None:
        return []
    return [Stale(reverse(name), home) for name in SITE_WIDE]
