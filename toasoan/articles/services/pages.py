"""What the article page shows, and its print / save-as-file variants (Decree 42/2022)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from toasoan.cache import fragments, queries
from toasoan.cache.fragments import Link
from toasoan.sections import registry

from . import listing, republish


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


def section_scope(article: Page) -> str:
    """The fragment scope of the article's section: every article written below it moves it
    (delivery.signal_handlers); anything else that changes its lists (the section itself, a view
    restriction, a move) moves the structure generation."""
    return fragments.children_scope(article.path[: -Page.steplen])


def own_scope(article: Page) -> str:
    """The fragment scope of the article itself (with its language versions): every write of it
    moves it (delivery.signal_handlers), a neighbour's publish does not."""
    return fragments.translations_scope(article.translation_key)


def _sibling(row: tuple, base_url: str, base_path: str) -> Link:
    pk, title, slug, url_path, path, published_at = row
    return Link(pk, title, base_url + url_path[len(base_path) :], url_path, path, slug, published_at)


def neighbour_links(article, request: HttpRequest | None = None) -> tuple[list[Link], list[Link]]:
    """`listing.neighbours()` as links, kept until an article of its section is written (the
    lists name only articles of that section: a publish elsewhere keeps them)."""

    def compute() -> tuple[list[Link], list[Link]]:
        newer, older = listing.neighbour_rows(article)
        # Siblings: a URL is the article's own with its slug replaced by theirs.
        url, own = article.get_url(request) or "", f"{article.slug}/"
        base_url, base_path = url[: -len(own)], article.url_path[: -len(own)]
        rows = (*newer, *older)
        if url.endswith(own) and all(row[3].startswith(base_path) for row in rows):
            return [_sibling(row, base_url, base_path) for row in newer], [
                _sibling(row, base_url, base_path) for row in older
            ]
        newer, older = listing.neighbours(article)  # not under a site: as Wagtail words its URLs
        return [link(page, request) for page in newer], [link(page, request) for page in older]

    return fragments.cached(
        "neighbours",
        (site_id(request), article.pk),
        compute,
        request=request,
        scopes=(section_scope(article),),
    )


def _tags(article_id: int) -> list[dict]:
    """The article's tags in the order they were given (as `article.tags.all()`), one query
    compiled once (toasoan.cache.queries)."""
    from ..models import ArticleTag

    rows = queries.rows(
        "article-tags",
        lambda pk: (
            ArticleTag.objects.filter(content_object_id=pk)
            .order_by("pk")
            .values_list("tag__name", "tag__slug")
        ),
        (queries.Value("int"),),
        (article_id,),
        using=ArticleTag.objects.db,
    )
    return [{"name": name, "slug": slug} for name, slug in rows]


AUTHOR_FIELDS = ("id", "name", "pen_name", "bio")


def _authors(article_id: int) -> list:
    """The article's authors (as `article.authors.all()`: by name), one query compiled once."""
    from ..models import Author

    using = Author.objects.db
    rows = queries.rows(
        "article-authors",
        lambda pk: Author.objects.filter(articles=pk).values_list(*AUTHOR_FIELDS),
        (queries.Value("int"),),
        (article_id,),
        using=using,
    )
    return [Author.from_db(using, AUTHOR_FIELDS, row) for row in rows]


def tags_and_authors(article, request: HttpRequest | None = None) -> tuple[list[dict], list]:
    """The article's tags (`name`, `slug`) and authors, kept until the article itself is written
    (its tags and authors are written with it) or a tag, an author or an agency is
    (delivery.signal_handlers): a publish in its section keeps them."""

    def compute() -> tuple[list[dict], list]:
        if article.pk is None:  # a new page's preview: nothing saved to read
            return [{"name": tag.name, "slug": tag.slug} for tag in article.tags.all()], list(
                article.authors.all()
            )
        return _tags(article.pk), _authors(article.pk)

    return fragments.cached(
        "meta",
        (article.pk,),
        compute,
        request=request,
        scopes=(own_scope(article), fragments.TAXONOMY_SCOPE),
    )


def article_context(article, request: HttpRequest | None = None) -> dict:
    if request is not None and not getattr(request, "is_preview", False):
        # One read for every scope the page uses (the language links read the article's own too).
        fragments.scope_tokens(
            (section_scope(article), own_scope(article), fragments.TAXONOMY_SCOPE), request
        )
    newer, older = neighbour_links(article, request)
    tags, article.author_list = tags_and_authors(article, request)
    context = {
        "breadcrumbs": breadcrumb_links(article, request),
        "newer_articles": newer,
        "older_articles": older,
        "article_tags": tags,
        "article_authors": article.author_list,
        # A republished article: its canonical address is the origin's, at the origin's site.
        "origin_url": republish.origin_url(article, request),
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


def stale_republished(page: Page, tag_slugs=None) -> list[registry.Stale]:
    """Where an article is republished (its aliases in other portals, services.republish), the
    alias's pages and everything that lists it show the article too. Wagtail purges them when it
    publishes or unpublishes the aliases with their origin; a move, a delete or a view
    restriction of the origin reaches them only through here."""
    from ..models import ArticlePage

    if not isinstance(page, ArticlePage) or page.pk is None or page.alias_of_id is not None:
        return []
    _, alias_paths = fragments.cached("restrictions", (), fragments._restricted_paths)
    if not alias_paths:  # no alias anywhere: no query (the paths are kept until the structure changes)
        return []
    stale: list[registry.Stale] = []
    for alias in ArticlePage.objects.filter(alias_of_id=page.pk).defer_streamfields():
        stale.extend(registry.own_paths(alias))
        stale.extend(registry.stale_elsewhere(alias))
    return stale
