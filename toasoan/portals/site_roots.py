"""Wagtail's site root paths in two queries, whatever the number of portals.

`Site.get_site_root_paths()` (wagtail/models/sites.py) gives every page its address; Wagtail keeps
the list in the cache for an hour and drops it when a Site or a home page changes. Worked out
afresh with `WAGTAIL_I18N_ENABLED` (ours: the English pages), it reads each Site's home
translations with a query of its own: 1 + N queries for N portals on the first page after a cache
clear or a portal's change, where a single-portal install pays 2 (bench/portals_scale.py measured
it: 99 queries more at 100 portals, on the home, section and article pages alike).

`site_root_paths` makes the same list, in the same order, from two queries, and keeps it under
Wagtail's own key, version and timeout, so Wagtail's own clearing still applies to it;
`PortalsConfig.ready` puts it in place of Wagtail's (`Site.get_site_root_paths` is looked up at
each call, by Wagtail's pages as by ours). A single-portal install runs the same two queries as
before.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from wagtail.models import Page, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION, SiteRootPath

#: Wagtail's own timeout for the entry (Site.get_site_root_paths).
CACHE_SECONDS = 3600
#: Wagtail's own, kept for comparison (tests, bench/portals_scale.py).
wagtails_own = Site.__dict__["get_site_root_paths"].__func__


def site_root_paths() -> list[SiteRootPath]:
    """What `Site.get_site_root_paths()` returns: most specific root path first."""
    cached = cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    if cached is not None:
        # Some cache backends (Redis) give tuples back, not named tuples: as Wagtail does.
        return [SiteRootPath(*item) for item in cached]
    sites = list(
        Site.objects.select_related("root_page", "root_page__locale").order_by(
            "-root_page__url_path", "-is_default_site", "hostname"
        )
    )
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        # Every home's translations at once (Wagtail's get_translations(inclusive=True), by path).
        translations: dict = defaultdict(list)
        keys = {site.root_page.translation_key for site in sites}
        for page in (
            Page.objects.filter(translation_key__in=keys)
            .select_related("locale")
            .only("url_path", "translation_key", "path", "locale__language_code")
            .order_by("path")
        ):
            translations[page.translation_key].append(page)
        result = [
            SiteRootPath(site.id, page.url_path, site.root_url, page.locale.language_code)
            for site in sites
            for page in translations[site.root_page.translation_key]
        ]
    else:
        result = [
            SiteRootPath(site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code)
            for site in sites
        ]
    cache.set(SITE_ROOT_PATHS_CACHE_KEY, result, CACHE_SECONDS, version=SITE_ROOT_PATHS_CACHE_VERSION)
    return result


def install() -> None:
    """Answer `Site.get_site_root_paths()` with `site_root_paths` (called once, by the app's ready)."""
    Site.get_site_root_paths = staticmethod(site_root_paths)
