"""The portal's languages: Vietnamese pages at their own URLs, English translations under /en/.

Each translated page lives in its language's own tree: the English home is the translation of
the site's root page (a sibling of it, as Wagtail makes it), and English sections and articles
sit below it. Every list is drawn from one home or one section (`descendant_of`, `child_of`),
so a Vietnamese list never reaches an English page and the other way round (docs/english.md).

What a page needs to know about its translations (the `hreflang` alternates, the language
switch) is one query for the page's translations, kept until the content changes
(cache.fragments); the homes of the languages likewise.
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from toasoan.articles.services import listing
from toasoan.cache import fragments

from . import registry
from .addresses import site_address

#: What readers call each language, in that language (the switch's text and `lang`).
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


class Home(NamedTuple):
    pk: int
    content_type_id: int
    path: str
    #: Full, at the site's address.
    url: str


class Alternate(NamedTuple):
    """One language version of a page: `hreflang`, its full URL and its name in that language."""

    language: str
    url: str
    name: str


def default_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def current_language() -> str:
    """The content language of the request being answered (LocaleMiddleware reads it from the
    path: `/en/…` is English, everything else Vietnamese)."""
    try:
        return get_supported_content_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return default_language()


def is_default(language: str | None = None) -> bool:
    return (language or current_language()) == default_language()


def _read_homes(site: Site, request: HttpRequest | None) -> dict[str, Home]:
    root = site.root_page
    found = listing.public(
        Page.objects.filter(translation_key=root.translation_key, depth=root.depth).live()
    ).values_list("pk", "content_type_id", "path", "locale__language_code", "url_path")
    address = site_address(request)
    homes = {}
    for pk, content_type_id, path, language, url_path in found:
        parts = Page(pk=pk, url_path=url_path, depth=root.depth).get_url_parts(request)
        homes[language] = Home(pk, content_type_id, path, address + parts[2] if parts and parts[2] else "")
    return homes


def homes(site: Site, request: HttpRequest | None = None) -> dict[str, Home]:
    """The live, public home of each language (the site's root page and its translations)."""
    return fragments.cached(
        "homes", (site.pk, site.root_page_id), lambda: _read_homes(site, request), request=request
    )


def localized_root(
    site: Site, request: HttpRequest | None = None, language: str | None = None
) -> Page | None:
    """The home page of `language` (the request's) for `site`; None when that language has no
    live, public home. The site's root page costs no query (as the Site gives it: `.specific` is
    the caller's to ask); another language's home one query, once per request, as its own type."""
    language = language or current_language()
    root = site.root_page
    # The site's root page is the default language's home (docs/english.md).
    if is_default(language):
        return root
    attribute = f"_toasoan_home_{language}"
    if request is not None and hasattr(request, attribute):
        return getattr(request, attribute)
    home = homes(site, request).get(language)
    page = None
    if home is not None:
        model = ContentType.objects.get_for_id(home.content_type_id).model_class() or Page
        page = model.objects.filter(pk=home.pk).first()
    if request is not None:
        setattr(request, attribute, page)
    return page


def route(site: Site, request: HttpRequest, path: str):
    """Wagtail's route for `path` below the request language's home: `(page, args, kwargs)`, or
    None (a 404) when nothing is there or the language has no home of its own."""
    root = localized_root(site, request)
    if root is None:
        return None
    try:
        return root.specific.route(request, [component for component in path.split("/") if component])
    except Http404:
        return None


def _read_alternates(translation_key, request: HttpRequest | None) -> list[Alternate]:
    found = (
        listing.public(Page.objects.filter(translation_key=translation_key).live())
        .select_related("locale")
        .only("id", "path", "depth", "url_path", "locale__language_code")
    )
    address = site_address(request)  # once: without a request it is a query
    alternates = []
    for page in found:
        language = page.locale.language_code
        parts = page.get_url_parts(request)
        url = parts[2] if parts else None
        if url:
            alternates.append(Alternate(language, address + url, LANGUAGE_NAMES.get(language, language)))
    alternates.sort(key=lambda alternate: (not is_default(alternate.language), alternate.language))
    return alternates


def alternates(page: Page, request: HttpRequest | None = None) -> list[Alternate]:
    """The live, public language versions of `page` (itself included, first the default
    language's), with full URLs at the site's address; empty when it has no such translation.
    One query, then kept until one of the versions is written (or the structure changes)."""
    if not getattr(page, "pk", None) or getattr(page, "translation_key", None) is None:
        return []
    if getattr(request, "is_preview", False):
        return []
    found = fragments.cached(
        "alternates",
        (_site_id(request), page.translation_key),
        lambda: _read_alternates(page.translation_key, request),
        request=request,
        scopes=(fragments.translations_scope(page.translation_key),),
    )
    return found if len(found) > 1 else []


def _site_id(request: HttpRequest | None) -> int:
    site = Site.find_for_request(request) if request is not None else None
    return site.pk if site is not None else 0


def switch(page: Page | None, request: HttpRequest | None = None) -> list[Alternate]:
    """The header's language switch: for each other language, the page's translation when it is
    live and public, else that language's home; a language with neither is left out."""
    current = current_language()
    by_language = {alternate.language: alternate for alternate in (alternates(page, request) if page else [])}
    site = Site.find_for_request(request) if request is not None else None
    links = []
    for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if language == current:
            continue
        if language in by_language:
            links.append(by_language[language])
            continue
        home = homes(site, request).get(language) if site is not None else None
        if home is not None and home.url:
            links.append(Alternate(language, home.url, LANGUAGE_NAMES.get(language, language)))
    return links


def stale_translations(page: Page, tag_slugs=None) -> list[registry.Stale]:
    """A page's translations name it in their `hreflang` links and language switch: a change to
    its address or its being public makes them stale."""
    if not page.pk or getattr(page, "translation_key", None) is None:
        return []
    others = Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).live()
    return [registry.Stale("/", other) for other in others.only("id", "path", "depth", "url_path")]
