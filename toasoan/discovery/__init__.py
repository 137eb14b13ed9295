"""How machines find the portal: RSS feeds, sitemaps, robots.txt and OpenSearch.

The helpers below are shared by feeds, sitemaps and views. They import models
lazily: this module is imported while apps are still loading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toasoan.sections.addresses import absolute_url as at_site_address

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models import Page, Site
    from wagtail.query import PageQuerySet


def current_site(request: HttpRequest) -> Site:
    """The Wagtail site serving this request (cached on the request); 404 when there is none."""
    from django.http import Http404
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host")
    return site


def in_current_site(request: HttpRequest, articles: PageQuerySet) -> PageQuerySet:
    """Narrow a `listing` queryset to the site serving the request (one portal may host several)."""
    return articles.descendant_of(current_site(request).root_page)


def absolute_url(request: HttpRequest, path: str) -> str:
    """A path of this site as a full URL at the site's configured address (sections.addresses):
    feeds and sitemaps are shared by every reader, so they never echo the request's Host."""
    return at_site_address(request, path)


def absolute_page_url(request: HttpRequest, page: Page) -> str:
    """The page's full URL at its site's address; no query once the site root paths are cached."""
    return absolute_url(request, page.get_url(request))
