"""What the article page shows, and its print / save-as-file variants (Decree 42/2022)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Page

from . import listing


def breadcrumbs(article: Page) -> list[Page]:
    """Sections from the top down, without the tree root and the home page."""
    return list(Page.objects.ancestor_of(article).filter(depth__gt=2).order_by("depth"))


#: What other apps add to a page's context (story threads, view counts, most-read lists), by
#: page kind ("home", "section", "article"): each contributor is called with the page and
#: returns context entries, so templates never query.
ContextContributor = Callable[[Page], dict]
_contributors: dict[str, list[ContextContributor]] = {}


def contribute_context(kind: str, contributor: ContextContributor) -> ContextContributor:
    """Register a contributor (from an app's `ready()`); registering twice is harmless."""
    registered = _contributors.setdefault(kind, [])
    if contributor not in registered:
        registered.append(contributor)
    return contributor


def contributions(kind: str, page: Page) -> dict:
    context: dict = {}
    for contributor in _contributors.get(kind, ()):
        context.update(contributor(page))
    return context


def article_context(article) -> dict:
    newer, older = listing.neighbours(article)
    context = {
        "breadcrumbs": breadcrumbs(article),
        "newer_articles": newer,
        "older_articles": older,
        "article_tags": list(article.tags.all()),
        "article_authors": article.author_list,
    }
    context.update(contributions("article", article))
    return context


def _static_text(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise ImproperlyConfigured(f"static file {path} is missing")
    return Path(found).read_text(encoding="utf-8")


def download_response(article, request: HttpRequest) -> HttpResponse:
    """The article as a self-contained UTF-8 HTML file the reader can keep."""
    context = article.get_context(request)
    context["standalone"] = True
    # Our own stylesheet, inlined so the saved file needs nothing else.
    context["inline_css"] = mark_safe(_static_text("css/print.css"))  # noqa: S308
    html = render_to_string("pages/article_print.html", context, request=request)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{article.slug}.html"'
    return response
