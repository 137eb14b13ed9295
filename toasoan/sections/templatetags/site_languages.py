"""`{% page_languages page as languages %}`: what the base template writes about languages.

The page's language, its `hreflang` alternates, the header's language switch and the home of
the current language (sections.languages), computed once per page and kept with the content.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from wagtail.models import Site

from .. import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context, page=None) -> dict:
    request = context.get("request")
    language = languages.current_language()
    found = {"code": language, "is_default": languages.is_default(language), "alternates": [], "switch": []}
    if context.get("database_unavailable"):
        # The page says the database is failing: it goes without what the database would tell.
        return {**found, "home_url": "/"}
    site = Site.find_for_request(request) if request is not None else None
    home = None
    if site is not None and not found["is_default"]:
        home = languages.homes(site, request).get(language)
    return {
        **found,
        "alternates": languages.alternates(page, request) if page is not None else [],
        "switch": languages.switch(page, request),
        "home_url": urlsplit(home.url).path if home is not None else "/",
    }
