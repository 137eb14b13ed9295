"""``/tim-kiem/`` (the page), ``/tim-kiem.json`` (the same search for apps) and ``/tim-kiem/goi-y.json``."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from toasoan.sections import portal as portals
from toasoan.sections.addresses import site_for
from toasoan.sections.services import PAGE_PARAM, paginate
from toasoan.vntext.dates import VIETNAM_TZ

from . import extra
from .services import searching
from .services.params import (
    PROVINCE_WIDE,
    QUERY_PARAM,
    SCOPE_PARAM,
    SECTION_PARAM,
    SINCE_PARAM,
    UNTIL_PARAM,
    read_params,
)

PAGE_SIZE = 20
JSON_OPTIONS = {"ensure_ascii": False}


def _portal_scope(request: HttpRequest, wanted: bool = True):
    """(the home page searched, whether the province-wide option is offered): with one portal
    nothing is narrowed, as before portals; with several, the serving portal's own articles,
    and the main portal may search them all (docs/portals.md)."""
    if not wanted or not portals.several_portals(request):
        return None, False
    site = site_for(request)
    if site is None:
        return None, False
    return site.root_page, site.is_default_site


def _params(request: HttpRequest, *, always: bool = False):
    query = request.GET.get(QUERY_PARAM, "")
    wanted = always or bool(isinstance(query, str) and query.strip())
    home, province = _portal_scope(request, wanted=wanted)
    return read_params(request.GET, home, province_allowed=province), province


def format_count(number: int) -> str:
    """``12.345``: Vietnamese groups thousands with dots."""
    return f"{number:,}".replace(",", ".")


@require_safe
def search_page(request: HttpRequest) -> TemplateResponse:
    params, province_option = _params(request, always=True)
    results_page = None
    all_words = 0
    more = False
    if not params.query.is_empty:
        results = searching.search(params.query, params.filters)
        results_page = paginate(request, results, PAGE_SIZE)
        all_words = results.all_words
        more = results.more
    count = results_page.paginator.count if results_page else 0
    # Units and people (registered by their apps) head the first page of results.
    first_page = request.GET.get(PAGE_PARAM, "1") in ("", "1")
    extra_results = extra.find(params.query.text, request) if first_page and not params.query.is_empty else []
    context = {
        "params": params,
        "extra_results": extra_results,
        "query": params.query.text,
        "results_page": results_page,
        "count_text": format_count(count),
        # Past `searching.COUNTED` results, "more than" that many, and that many listed.
        "more": more,
        # Near matches (articles without every word): how many, and whether they are all there is.
        "all_words_text": format_count(all_words),
        "near_count": count - all_words,
        "near_only": count > 0 and all_words == 0,
        "page_numbers": (
            list(results_page.paginator.get_elided_page_range(results_page.number, on_each_side=2, on_ends=1))
            if results_page
            else []
        ),
        "page_param": PAGE_PARAM,
        "base_query": params.as_query_string(),
        "param_names": {
            "q": QUERY_PARAM,
            "section": SECTION_PARAM,
            "since": SINCE_PARAM,
            "until": UNTIL_PARAM,
            "scope": SCOPE_PARAM,
        },
        "province_option": province_option,
        "province_wide_value": PROVINCE_WIDE,
    }
    return TemplateResponse(request, "search/search_page.html", context)


def _result(request: HttpRequest, hit: searching.Hit) -> dict:
    article = hit.article
    published = article.published_at
    return {
        "url": article.get_full_url(request),
        "title": article.title,
        "section": getattr(article, "section_title", None) or "",
        # null: the article's date is unknown (an import without one)
        "published": published.astimezone(VIETNAM_TZ).isoformat() if published else None,
        "snippet": str(hit.snippet_html),
        "missing": hit.missing,
    }


@require_safe
def search_json(request: HttpRequest) -> JsonResponse:
    """``{"count": N, "more": bool, "all_words": M, "results": [{"url", "title", "section",
    "published", "snippet", "missing"}]}``, 20 a page.

    ``more`` is true when there are more results than ``count``, which is then the most a
    search counts and pages through (``searching.COUNTED``).

    ``snippet`` is HTML: escaped text with the matched words in ``<mark>``.  ``all_words``
    of the ``count`` results hold every word; the others are near matches, and ``missing``
    lists the words each lacks.  ``published`` is null when the date is unknown.  Invalid
    filters answer 400 with ``{"errors": {param: message}}``.
    """
    params, _province = _params(request)
    if params.errors:
        return JsonResponse(
            {"count": 0, "results": [], "errors": params.errors}, status=400, json_dumps_params=JSON_OPTIONS
        )
    if params.query.is_empty:
        return JsonResponse(
            {"count": 0, "more": False, "all_words": 0, "results": []}, json_dumps_params=JSON_OPTIONS
        )
    results = searching.search(params.query, params.filters)
    page = paginate(request, results, PAGE_SIZE)
    return JsonResponse(
        {
            "count": page.paginator.count,
            "more": results.more,
            "all_words": results.all_words,
            "results": [_result(request, hit) for hit in page.object_list],
        },
        json_dumps_params=JSON_OPTIONS,
    )


@require_safe
def suggest_json(request: HttpRequest) -> JsonResponse:
    """``{"suggestions": [{"title", "url"}]}``: newest titles for the words typed so far."""
    raw = request.GET.get(QUERY_PARAM, "")
    raw = raw if isinstance(raw, str) else ""
    home, _province = _portal_scope(request, wanted=bool(raw.strip()))
    articles = searching.suggest(raw, within=home)
    return JsonResponse(
        {"suggestions": [{"title": article.title, "url": article.get_url(request)} for article in articles]},
        json_dumps_params=JSON_OPTIONS,
    )
