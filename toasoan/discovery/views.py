"""The discovery endpoints that are not feeds: sitemaps, robots.txt and the OpenSearch description."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.models import Site

from toasoan.sections import languages, portal

from . import absolute_url
from . import sitemaps as site_maps
from .sitemaps import ArticleSitemap, NewsSitemap, StructureSitemap, TranslationSitemap

XML_CONTENT_TYPE = "application/xml; charset=utf-8"
TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"
OPENSEARCH_CONTENT_TYPE = "application/opensearchdescription+xml; charset=utf-8"

#: Where the search page lives (it takes the query as `?q=`).
SEARCH_PATH = "/tim-kiem/"

#: OpenSearch limits, in characters.
SHORT_NAME_MAX = 16
LONG_NAME_MAX = 48
DESCRIPTION_MAX = 1024

#: Generic openings of Vietnamese portal names; what follows them is the distinctive part.
GENERIC_NAME_PREFIXES = (
    "Cổng thông tin điện tử",
    "Trang thông tin điện tử",
    "Cổng TTĐT",
    "Trang TTĐT",
    "Báo điện tử",
)

NEWS_SITEMAPS = {"news": NewsSitemap}
TRANSLATION_SITEMAPS = {"pages": TranslationSitemap}


@require_safe
def sitemap(request: HttpRequest):
    """`/sitemap.xml`: the index of the site's sitemap files (discovery/sitemaps.py); under a
    language's prefix (`/en/sitemap.xml`) that language's pages, in one file."""
    if not languages.is_default():
        return wagtail_sitemap_views.sitemap(
            request,
            sitemaps=TRANSLATION_SITEMAPS,
            template_name="discovery/sitemap.xml",
            content_type=XML_CONTENT_TYPE,
        )
    return sitemap_index(request)


@x_robots_tag
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(
        request,
        "discovery/sitemap_index.xml",
        {"sitemaps": site_maps.index_items(request)},
        content_type=XML_CONTENT_TYPE,
    )


def _sitemap_file(request: HttpRequest, kind: type[site_maps.SplitSitemap], number: str):
    response = wagtail_sitemap_views.sitemap(
        request,
        sitemaps={"file": kind(request, int(number))},
        template_name="discovery/sitemap.xml",
        content_type=XML_CONTENT_TYPE,
    )
    if not response.context_data["urlset"]:
        raise Http404("Không có tệp sơ đồ trang này")  # no page of this site in that block of ids
    return response


@require_safe
def structure_sitemap(request: HttpRequest, number: str):
    """`/sitemap-trang-<n>.xml`: the pages that are not articles, block n of their ids."""
    return _sitemap_file(request, StructureSitemap, number)


@require_safe
def article_sitemap(request: HttpRequest, number: str):
    """`/sitemap-bai-viet-<n>.xml`: the articles, block n of their ids."""
    return _sitemap_file(request, ArticleSitemap, number)


@require_safe
def news_sitemap(request: HttpRequest):
    return wagtail_sitemap_views.sitemap(
        request,
        sitemaps=NEWS_SITEMAPS,
        template_name="discovery/news_sitemap.xml",
        content_type=XML_CONTENT_TYPE,
    )


@require_safe
def robots_txt(request: HttpRequest) -> TemplateResponse:
    sitemaps = [
        absolute_url(request, reverse("discovery:sitemap")),
        absolute_url(request, reverse("discovery:news_sitemap")),
    ]
    site = Site.find_for_request(request)
    for language, home in (languages.homes(site, request) if site is not None else {}).items():
        if not languages.is_default(language) and home.url:
            # Each other language's pages have their sitemap under its home (`/en/sitemap.xml`).
            sitemaps.append(home.url.rstrip("/") + reverse("discovery:sitemap"))
    context = {"disallowed": [reverse("wagtailadmin_home")], "sitemaps": sitemaps}
    return TemplateResponse(request, "discovery/robots.txt", context, content_type=TEXT_CONTENT_TYPE)


@x_robots_tag
@require_safe
def opensearch(request: HttpRequest) -> TemplateResponse:
    serving = portal.for_request(request)
    name = _clean(serving.name)
    # The install's short name (optional) is the main portal's: a component portal's is its own.
    configured = _clean(getattr(settings, "SITE_SHORT_NAME", "") or "") if serving.is_main else ""
    context = {
        "short_name": configured[:SHORT_NAME_MAX] or short_name(name),
        "long_name": _truncate_words(name, LONG_NAME_MAX),
        "description": _clean(serving.tagline)[:DESCRIPTION_MAX] or name,
        "search_url": absolute_url(request, SEARCH_PATH),
        "self_url": absolute_url(request, reverse("discovery:opensearch")),
    }
    return TemplateResponse(
        request, "discovery/opensearch.xml", context, content_type=OPENSEARCH_CONTENT_TYPE
    )


def short_name(name: str, limit: int = SHORT_NAME_MAX) -> str:
    """A name of at most `limit` characters for OpenSearch's ShortName.

    `Cổng thông tin điện tử Tòa Soạn` becomes `Tòa Soạn`: the generic opening goes
    first, then whole words from the end, and a single overlong word is cut.
    """
    name = _clean(name)
    if len(name) <= limit:
        return name
    for prefix in GENERIC_NAME_PREFIXES:
        if name.lower().startswith(prefix.lower()):
            rest = name[len(prefix) :].strip(" -–—:")
            if rest:
                name = rest
            break
    return _truncate_words(name, limit)


def _clean(text: str) -> str:
    """NFC with single spaces: lengths are then counted the way readers count letters."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def _truncate_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    kept = ""
    for word in text.split():
        candidate = f"{kept} {word}" if kept else word
        if len(candidate) > limit:
            break
        kept = candidate
    return kept or text[:limit]
