"""What the article page shows, and its print / save-as-file variants (Decree 42/2022)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from wagtail.models import Page

from . import listing


def breadcrumbs(article: Page) -> list[Page]:
    """Sections from the top down, without the tree root and the home page."""
    return list(Page.objects.ancestor_of(article).filter(depth__gt=2).order_by("depth"))


def article_context(article) -> dict:
    newer, older = listing.neighbours(article)
    return {
        "breadcrumbs": breadcrumbs(article),
        "newer_articles": newer,
        "older_articles": older,
        "article_tags": list(article.tags.all()),
        "article_authors": article.author_list,
    }


def download_response(article, request: HttpRequest) -> HttpResponse:
    """The article as a self-contained UTF-8 HTML file the reader can keep."""
    context = article.get_context(request)
    context["standalone"] = True
    html = render_to_string("pages/article_print.html", context, request=request)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{article.slug}.html"'
    return response
