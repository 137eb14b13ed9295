from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def _navigation(request: HttpRequest) -> list:
    from .services import menu_links

    site = Site.find_for_request(request)
    if site is None:
        return []
    # Kept until the content changes: a query and a URL per section saved on every page.
    return menu_links(site.root_page, request)


def site_navigation(request: HttpRequest) -> dict:
    """Header navigation, queried only by templates that show it (the admin never does)."""
    return {
        "site_name": settings.SITE_NAME,
        "site_description": settings.SITE_DESCRIPTION,
        "nav_sections": SimpleLazyObject(lambda: _navigation(request)),
    }
