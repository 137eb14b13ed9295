from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from toasoan.articles.services import listing


def _navigation(request: HttpRequest) -> list:
    from .models import SectionPage

    site = Site.find_for_request(request)
    if site is None:
        return []
    sections = SectionPage.objects.filter(
        depth=site.root_page.depth + 1, path__startswith=site.root_page.path
    )
    return list(listing.public(sections.live().in_menu()).order_by("path"))


def site_navigation(request: HttpRequest) -> dict:
    """Header navigation, queried only by templates that show it (the admin never does)."""
    return {
        "site_name": settings.SITE_NAME,
        "site_description": settings.SITE_DESCRIPTION,
        "nav_sections": SimpleLazyObject(lambda: _navigation(request)),
    }
