"""Reader-facing story thread pages: the list of running stories and one story's articles."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from toasoan.discovery import in_current_site
from toasoan.sections.services import PAGE_PARAM, paginate

from .services import threads


def thread_index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "editorial/thread_index.html",
        {"threads_page": paginate(request, threads.thread_index()), "page_param": PAGE_PARAM},
    )


def thread_detail(request: HttpRequest, slug: str) -> HttpResponse:
    thread = get_object_or_404(threads.live_threads(), slug=slug)
    articles = in_current_site(request, threads.thread_articles(thread))
    return TemplateResponse(
        request,
        "editorial/thread_page.html",
        {"thread": thread, "articles_page": paginate(request, articles), "page_param": PAGE_PARAM},
    )
