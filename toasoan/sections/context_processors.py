from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from . import portal
from .addresses import site_address


def _navigation(request: HttpRequest) -> list:
    from .languages import localized_root
    from .services import navigation

    site = Site.find_for_request(request)
    home = localized_root(site, request) if site is not None else None
    if home is None:
        return []
    # Kept until the content changes: a query and a URL per section saved on every page.
    return navigation(home, request)


def site_navigation(request: HttpRequest) -> dict:
    """Header navigation, queried only by templates that show it (the admin never does).

    `site_address` (`http://127.0.0.1:8000`) prefixes every absolute URL a template writes: the
    configured address of the site, whatever Host the request named (sections.addresses).
    `site_name`, `site_description` and `portal` are the serving portal's (sections.portal),
    read from the cache when a template first shows one.
    """
    return {
        "portal": SimpleLazyObject(lambda: portal.for_request(request)),
        "site_name": SimpleLazyObject(lambda: portal.name(request)),
        "site_description": SimpleLazyObject(lambda: portal.description(request)),
        "nav_sections": SimpleLazyObject(lambda: _navigation(request)),
        "site_address": SimpleLazyObject(lambda: site_address(request)),
    }
