"""What the home, section and tag pages show; every query goes through articles.services.listing."""

from __future__ import annotations

from django.apps import apps
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from wagtail.models import Page

from toasoan.articles.models import Tag
from toasoan.articles.services import listing, pages
from toasoan.cache import fragments
from toasoan.cache.fragments import Link

from . import registry
from .models import SectionPage

HOME_NEWEST = 11
HOME_PER_SECTION = 5
SECTION_PAGE_SIZE = 20
PAGE_PARAM = "trang"


def section_pages():
    """SectionPage rows, read starting from the small sections table.

    Filtered by tree position alone (``child_of``, depth and path), SQLite walks the page
    tree's path index through every article to return the few sections in path order, on
    every page's header. Naming the section ids first makes it a handful of row lookups;
    PostgreSQL plans both the same.
    """
    return SectionPage.objects.filter(pk__in=SectionPage.objects.values("pk"))


def menu_children(parent: Page) -> list[Page]:
    """Live, public sections under *parent* shown in menus, in tree order."""
    return list(listing.public(section_pages().child_of(parent).live().in_menu()).order_by("path"))


def menu_links(parent: Page, request: HttpRequest | None = None) -> list[Link]:
    """`menu_children()` as links, kept until the content changes (cache.fragments)."""
    return fragments.cached(
        "menu",
        (pages.site_id(request), parent.pk),
        lambda: [pages.link(section, request) for section in menu_children(parent)],
        request=request,
    )


def navigation(parent: Page, request: HttpRequest | None = None) -> list[Link]:
    """The header's links: `menu_children()` and the live, public pages of the types features
    add (`registry.add_menu_type`) ticked "show in menus", in tree order; kept as a fragment."""

    def read() -> list[Link]:
        found = menu_children(parent)
        for label in registry.menu_types():
            model = apps.get_model(label)
            found += listing.public(model.objects.child_of(parent).live().in_menu())
        found.sort(key=lambda page: page.path)
        return [pages.link(page, request) for page in found]

    if not registry.menu_types():
        return menu_links(parent, request)
    return fragments.cached("menu", (pages.site_id(request), parent.pk, "navigation"), read, request=request)


def top_sections(home: Page) -> list[Page]:
    return menu_children(home)


def _home_rows(home: Page) -> tuple[dict[str, list[dict]], list[dict]]:
    newest = listing.teaser_values(listing.articles(images=False).descendant_of(home))[:HOME_NEWEST]
    return listing.latest_rows_by_section(home, HOME_PER_SECTION), list(newest)


def home_context(home: Page, request: HttpRequest | None = None) -> dict:
    sections = menu_links(home, request)
    # Rows, not articles: their items are kept (articles.templatetags.teasers). The rows are
    # kept too, until the content changes (any publish, unpublish or privacy change moves the
    # content generation): a home page rendered again with nothing changed builds no query.
    by_rows, newest_rows = fragments.cached(
        "home_lists",
        (home.pk,),
        lambda: _home_rows(home),
        request=request,
        refresh=lambda kept: listing.refresh_annotations(kept[1], *kept[0].values()),
    )
    by_section = {path: listing.Teasers(rows) for path, rows in by_rows.items()}
    newest = listing.Teasers(newest_rows)
    return {
        **registry.contributions("home", home),
        "lead_article": newest[0] if newest else None,
        "newest_articles": newest[1:],
        "section_blocks": [
            {"section": section, "articles": by_section.get(section.path, [])}
            for section in sections
            if by_section.get(section.path)
        ],
    }


def paginate(request: HttpRequest, queryset, per_page: int = SECTION_PAGE_SIZE) -> PaginatorPage:
    """`?trang=` pagination that never fails: junk means page 1, past the end means the last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get(PAGE_PARAM))


class KeptRows:
    """A section's rows for `Paginator`: its count and each page's rows are kept as fragments
    until the content changes (any publish, unpublish or privacy change moves the content
    generation), so a section rendered again with nothing changed builds no query. Only pages
    the paginator asks for (a number it checked against the count) are kept."""

    def __init__(self, section: Page, request: HttpRequest | None) -> None:
        self.section, self.request = section, request
        # A deep page (`?trang=500`) walks the skipped articles as ids only.
        self.rows = listing.DeferredList(listing.teaser_values(listing.in_section(section, images=False)))

    def count(self) -> int:
        return fragments.cached("section_count", (self.section.pk,), self.rows.count, request=self.request)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[dict]:
        return fragments.cached(
            "section_rows",
            (self.section.pk, key.start, key.stop),
            lambda: list(self.rows[key]),
            request=self.request,
            refresh=listing.refresh_annotations,
        )


def section_context(section: Page, request: HttpRequest) -> dict:
    # Rows, not articles: their items are kept (articles.templatetags.teasers).
    articles_page = paginate(request, KeptRows(section, request))
    articles_page.object_list = listing.Teasers(articles_page.object_list)
    return {
        **registry.contributions("section", section),
        "subsections": menu_links(section, request),
        "articles_page": articles_page,
        "page_param": PAGE_PARAM,
    }


def tag_context(request: HttpRequest, tag_slug: str, home: Page | None = None) -> dict:
    """A tag's articles below `home` (the tag page's own home: a language's articles only)."""
    tag = Tag.objects.filter(slug=tag_slug).first()
    if tag is None:
        raise Http404("Không có chủ đề này")
    articles = listing.with_tag(tag_slug)
    if home is not None:
        articles = articles.descendant_of(home)
    return {
        "tag": tag,
        "articles_page": paginate(request, listing.DeferredList(articles)),
        "page_param": PAGE_PARAM,
    }


def stale_lists(page: Page, tag_slugs=None) -> list[registry.Stale]:
    """The lists above a page show it: each section's list and feed, the home page, and the home
    page's tag pages for an article's tags (its tags then, when `tag_slugs` says what they were)."""
    from .models import HomePage

    prefixes = [page.path[: Page.steplen * level] for level in range(2, page.depth)]
    if not prefixes:
        return []
    stale = []
    for section in SectionPage.objects.filter(path__in=prefixes):
        stale.extend(registry.own_paths(section))
    home = HomePage.objects.filter(path=prefixes[0]).first()
    if home is not None:
        stale.extend(registry.own_paths(home))
        if tag_slugs is None:
            tags = getattr(page, "tags", None)
            tag_slugs = list(tags.values_list("slug", flat=True)) if tags is not None and page.pk else []
        stale.extend(registry.Stale(home.tag_path(slug), home, paginated=True) for slug in tag_slugs)
    return stale
