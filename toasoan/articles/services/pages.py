"""What the article page shows, and its print / save-as-file variants (Decree 42/2022)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from toasoan.cache import fragments
from toasoan.cache.fragments import Link
from toasoan.sections import registry

from . import listing


def breadcrumbs(article: Page) -> list[Page]:
    """Sections from the top down, without the tree root and the home page."""
    return list(Page.objects.ancestor_of(article).filter(depth__gt=2).order_by("depth"))


def link(page: Page, request: HttpRequest | None = None) -> Link:
    """What a list shows of `page`, with its URL as `{% pageurl %}` would give it."""
    return Link(
        pk=page.pk,
        title=page.title,
        url=page.get_url(request) or "",
        url_path=page.url_path,
        path=page.path,
        slug=page.slug,
        published_at=getattr(page, "published_at", None),
    )


def site_id(request: HttpRequest | None) -> int:
    site = Site.find_for_request(request) if request is not None else None
    return site.pk if site is not None else 0


def breadcrumb_links(article: Page, request: HttpRequest | None = None) -> list[Link]:
    """`breadcrumbs()` as links, kept until the content changes (cache.fragments)."""
    return fragments.cached(
        "crumbs",
        (site_id(request), article.path[: -Page.steplen]),
        lambda: [link(page, request) for page in breadcrumbs(article)],
        request=request,
    )


def neighbour_links(article, request: HttpRequest | None = None) -> tuple[list[Link], list[Link]]:
    """`listing.neighbours()` as links, kept until the content changes (cache.fragments)."""

    def compute() -> tuple[list[Link], list[Link]]:
        newer, older = listing.neighbours(article)
        return [link(page, request) for page in newer], [link(page, request) for page in older]

    return fragments.cached("neighbours", (site_id(request), article.pk), compute, request=request)


def tags_and_authors(article, request: HttpRequest | None = None) -> tuple[list[dict], list]:
    """The article's tags (`name`, `slug`) and authors, kept until the content changes.

    Tags, authors and agencies saved bump the generation (delivery.signal_handlers) like pages.
    """

    def compute() -> tuple[list[dict], list]:
        tags = [{"name": tag.name, "slug": tag.slug} for tag in article.tags.all()]
        return tags, list(article.authors.all())

    return fragments.cached("meta", (article.pk,), compute, request=request)


def article_context(article, request: HttpRequest | None = None) -> dict:
    newer, older = neighbour_links(article, request)
    tags, article.author_list = tags_and_authors(article, request)
    context = {
        "breadcrumbs": breadcrumb_links(article, request),
        "newer_articles": newer,
        "older_articles": older,
        "article_tags": tags,
        "article_authors": article.author_list,
    }
    context.update(registry.contributions("article", article))
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


def stale_neighbours(page: Page, tag_slugs=None) -> list[registry.Stale]:
    """The next-newer and next-older articles of the section list this one ("Các bài mới/đã đăng")."""
    from ..models import ArticlePage

    if not isinstance(page, ArticlePage) or page.published_at is None:
        return []
    newer, older = listing.neighbours(page)
    return [registry.Stale("/", neighbour) for neighbour in (*newer, *older)]
