"""What the footer and the "Liên kết" page show: plain data, kept as fragments (cache.fragments)
until the content changes, so a warm page reads no link from the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from wagtail.models import Page, Site

from toasoan.cache import fragments
from toasoan.sections import languages
from toasoan.sections.addresses import site_for
from toasoan.sections.models import ContentPage

from ..models import Link, LinkGroup, LinkIndexPage
from .urls import host_of, is_safe


@dataclass(frozen=True, slots=True)
class ShownLink:
    title: str
    url: str
    description: str
    host: str
    new_tab: bool


@dataclass(frozen=True, slots=True)
class ShownGroup:
    pk: int
    title: str
    in_footer: bool
    links: tuple[ShownLink, ...]


def read_groups(site_id: int | None = None) -> tuple[ShownGroup, ...]:
    """The groups a portal shows (its own and those of every portal) with their links, in the
    editors' order; a link whose address is not http(s) (a row written without the admin's
    validation) is left out, never written into a page."""
    ordered = Prefetch("links", queryset=Link.objects.order_by("sort_order", "pk"))
    shown = Q(site__isnull=True) | Q(site_id=site_id) if site_id is not None else Q(site__isnull=True)
    groups = []
    for group in LinkGroup.objects.filter(shown).order_by("order", "pk").prefetch_related(ordered):
        links = tuple(
            ShownLink(link.title, link.url, link.description, host_of(link.url), link.new_tab)
            for link in group.links.all()
            if is_safe(link.url)
        )
        groups.append(ShownGroup(group.pk, group.title, group.show_in_footer, links))
    return tuple(groups)


def link_groups(request: HttpRequest | None) -> tuple[ShownGroup, ...]:
    """The groups with links the request's portal shows, kept until the content changes (a link
    saved sends the event)."""
    site = site_for(request)
    site_id = site.pk if site is not None else None
    groups = fragments.cached("links", (site_id,), lambda: read_groups(site_id), request=request)
    return tuple(group for group in groups if group.links)


def _site_pages(root: Page, request: HttpRequest | None) -> list[fragments.Link]:
    pages = (
        Page.objects.child_of(root)
        .live()
        .public()  # a page under a view restriction is never named to every reader
        .in_menu()
        .type(ContentPage, LinkIndexPage)
        .only("id", "title", "url_path", "path", "slug")
        .order_by("path")
    )
    return [fragments.Link(page.pk, page.title, page.get_url(request), page.url_path) for page in pages]


def footer(request: HttpRequest | None) -> dict:
    """The footer's links: the site's own pages ticked "show in menus" (introduction, contacts,
    policies, the links page) and the groups marked for the footer."""
    site = Site.find_for_request(request) if request is not None else None
    pages: list[fragments.Link] = []
    root = languages.localized_root(site, request) if site is not None else None
    if root is not None:
        pages = fragments.cached(
            "footer_pages", (root.pk,), lambda: _site_pages(root, request), request=request
        )
    return {
        "pages": pages,
        "groups": [group for group in link_groups(request) if group.in_footer],
        "site_host": (site.hostname if site is not None else "").lower(),
    }
