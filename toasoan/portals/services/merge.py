"""Merging portals after a reorganisation: former communes' archives move into the new commune's.

`merge_portals(["xa-a.example.vn", …], into="xa-moi.example.vn")`, for each old portal:

1. reads every address its live pages answer at (each page's `get_cached_paths()`: an article's
   page, print and download views, a section's list and feed), its tag pages and its feed;
2. moves the pages below its home page, through Wagtail's move (signals, purges, search), under a
   section "Trước đây: <old name>" of the new portal's home page, not shown in menus;
3. writes a permanent (301) Wagtail redirect for each of those addresses, for the old Site: the
   old host and path lead to the page where it now is (the redirect names the page, so a later
   move or rename of it is followed), the old home page to the new one;
4. gives the new portal the old one's authors and agencies (`articles.Author.site`,
   `Agency.site`): the archive's articles keep their bylines, and the new portal's staff keep the
   writers;
5. retires the old Site: its home page is unpublished, and `portals.middleware.RetiredPortalMiddleware`
   answers every reader's request to the old host with its redirect, or the home page's (the new
   portal) for an address that has none. The Site row stays: it ties the old host to its redirects.

Idempotent: a second run finds no page left to move, every redirect written and the home page
unpublished, and reports that there is nothing to do. A dry run does the same work in a
transaction it rolls back, so its report is exactly what a real run would do.
Pages whose type cannot live in a section (a feature's own index page) stay where they are (their
old address leads to the new home page) and are listed in the report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from toasoan import vntext
from toasoan.cache import fragments
from toasoan.sections import addresses
from toasoan.sections.mixins import free_slug
from toasoan.sections.models import HomePage, SectionPage

ARCHIVE_TITLE = "Trước đây: {name}"


class MergeError(Exception):
    """A merge that cannot be done, said in Vietnamese."""


@dataclass
class PortalMerge:
    """What was done (or, in a dry run, would be done) for one old portal."""

    host: str
    name: str
    archive_title: str = ""
    archive_url: str = ""
    #: Titles of the pages moved under the archive section (the home page's children).
    moved: list[str] = field(default_factory=list)
    #: Pages left where they were: their type cannot live in a section, or the slug is taken.
    left: list[str] = field(default_factory=list)
    redirects_created: int = 0
    redirects_kept: int = 0
    #: The old portal's authors and agencies, now the new portal's.
    authors_moved: int = 0
    agencies_moved: int = 0
    retired: bool = False
    already_retired: bool = False

    @property
    def nothing_to_do(self) -> bool:
        return (
            not self.moved
            and not self.redirects_created
            and not self.authors_moved
            and not self.agencies_moved
            and not self.retired
        )


@dataclass
class MergeReport:
    into: str
    into_name: str
    dry_run: bool
    portals: list[PortalMerge] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        return all(portal.nothing_to_do for portal in self.portals)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["nothing_to_do"] = self.nothing_to_do
        for entry, portal in zip(data["portals"], self.portals, strict=True):
            entry["nothing_to_do"] = portal.nothing_to_do
        return data


class _DryRun(Exception):
    pass


def find_site(address: str) -> Site:
    try:
        return addresses.find_site(address)
    except addresses.UnknownSite as error:
        raise MergeError(str(error)) from error


def portal_name(site: Site) -> str:
    """The portal's name: its own settings' (`sections.PortalSettings`, when installed), else the
    Site's, else its home page's title."""
    try:
        settings_model = apps.get_model("sections", "PortalSettings")
    except LookupError:
        settings_model = None
    if settings_model is not None:
        name = settings_model.objects.filter(site=site).values_list("name", flat=True).first()
        if name:
            return name
    return site.site_name or site.root_page.title


def merge_portals(old: list[str], *, into: str, dry_run: bool = False) -> MergeReport:
    """Merge the portals at the addresses `old` into the one at `into` (see the module's docstring)."""
    new_site = find_site(into)
    old_sites = []
    for address in old:
        site = find_site(address)
        if site.pk == new_site.pk:
            raise MergeError(_("Không thể sáp nhập cổng “%(address)s” vào chính nó.") % {"address": address})
        if site.is_default_site:
            raise MergeError(
                _("“%(address)s” là cổng mặc định (cổng chính): không sáp nhập được vào cổng khác.")
                % {"address": address}
            )
        if site.pk not in {known.pk for known in old_sites}:
            old_sites.append(site)
    report = MergeReport(into=_address(new_site), into_name=portal_name(new_site), dry_run=dry_run)
    try:
        with transaction.atomic():
            for site in old_sites:
                report.portals.append(_merge_one(site, new_site))
            if dry_run:
                raise _DryRun
    except _DryRun:
        # Fragments computed inside the rolled-back transaction (the moves read the tree as it
        # would be) are kept under the generation it moved: move it again, past them.
        fragments.bump_structure()
    return report


def _address(site: Site) -> str:
    return site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"


def _archive(old_site: Site, new_home: Page) -> tuple[SectionPage, bool]:
    """The new portal's section "Trước đây: <old name>", found by its slug or title, else made."""
    title = ARCHIVE_TITLE.format(name=portal_name(old_site))
    slug = vntext.slugify(title) or "truoc-day"
    children = SectionPage.objects.child_of(new_home)
    found = children.filter(slug=slug).first() or children.filter(title=title).first()
    if found is not None:
        return found, False
    section = SectionPage(title=title, slug=free_slug(slug, new_home), show_in_menus=False)
    new_home.add_child(instance=section)
    section.save_revision().publish()
    return section, True


def _old_addresses(old_home: Page) -> list[tuple[str, int, str]]:
    """(old path, page id, route on the page) for every live page below `old_home`."""
    base = old_home.url_path
    found = []
    for page in Page.objects.descendant_of(old_home).live().defer_streamfields().specific().order_by("path"):
        own = "/" + page.url_path[len(base) :]
        for route in page.get_cached_paths():
            old_path = own.rstrip("/") + route if route != "/" else own
            found.append((old_path, page.pk, "" if route == "/" else route))
    return found


def _tag_slugs(old_home: Page) -> list[str]:
    from toasoan.articles.models import ArticleTag

    return sorted(
        set(
            ArticleTag.objects.filter(content_object__path__startswith=old_home.path).values_list(
                "tag__slug", flat=True
            )
        )
    )


def _redirect(
    report: PortalMerge,
    site: Site,
    old_path: str,
    *,
    page: Page | None = None,
    route: str = "",
    link: str = "",
) -> None:
    normalised = Redirect.normalise_path(old_path)
    if Redirect.objects.filter(site=site, old_path=normalised).exists():
        report.redirects_kept += 1
        return
    Redirect.objects.create(
        site=site,
        old_path=normalised,
        is_permanent=True,
        redirect_page=page,
        redirect_page_route_path=Redirect.normalise_page_route_path(route) if page is not None else "",
        redirect_link="" if page is not None else link,
    )
    report.redirects_created += 1


def _fits_in_a_section(page: Page) -> bool:
    model = page.specific_class
    return model in SectionPage.allowed_subpage_models() and SectionPage in model.allowed_parent_page_models()


def _merge_one(old_site: Site, new_site: Site) -> PortalMerge:
    old_home = old_site.root_page.specific
    new_home = new_site.root_page.specific
    report = PortalMerge(host=_address(old_site), name=portal_name(old_site))
    addresses = _old_addresses(old_home)
    tags = _tag_slugs(old_home)
    children = list(Page.objects.child_of(old_home).order_by("path").specific())
    movable = [child for child in children if _fits_in_a_section(child)]
    report.left = [child.title for child in children if child not in movable]
    archive = None
    if movable:
        archive, _created = _archive(old_site, new_home)
        taken = set(Page.objects.child_of(archive).values_list("slug", flat=True))
        for child in movable:
            if child.slug in taken:
                report.left.append(child.title)
                continue
            child.move(archive, pos="last-child")
            taken.add(child.slug)
            report.moved.append(child.title)
    else:
        title = ARCHIVE_TITLE.format(name=portal_name(old_site))
        archive = SectionPage.objects.child_of(new_home).filter(title=title).first()
    if archive is not None:
        report.archive_title = archive.title
        archive_url = archive.get_url_parts()
        report.archive_url = (archive_url[1] + archive_url[2]) if archive_url else ""

    # Redirects: each old address to the page where it now is (left pages still answer there).
    moved_ids = (
        set(Page.objects.filter(path__startswith=archive.path).values_list("pk", flat=True))
        if archive
        else set()
    )
    pages = Page.objects.in_bulk({page_id for _path, page_id, _route in addresses if page_id in moved_ids})
    for old_path, page_id, route in addresses:
        if page_id in pages:
            _redirect(report, old_site, old_path, page=pages[page_id], route=route)
    if isinstance(new_home, HomePage):
        _redirect(report, old_site, "/", page=new_home)
        for slug in tags:
            _redirect(report, old_site, f"/chu-de/{slug}/", page=new_home, route=new_home.tag_path(slug))
    # The feed's subscribers follow to the new portal's feed (RetiredPortalMiddleware answers it).
    _redirect(report, old_site, "/rss/", link=new_site.root_url + "/rss/")

    _move_writers(report, old_site, new_site)

    # Retired: the old home goes offline, so its host answers every path with a redirect or a 404.
    if old_home.live:
        old_home.unpublish()
        report.retired = True
    else:
        report.already_retired = True
    return report


def _move_writers(report: PortalMerge, old_site: Site, new_site: Site) -> None:
    """The old portal's authors and agencies become the new portal's; rows of every portal stay.

    A plain update: the portal a row belongs to is never shown to readers, so no page is
    rendered again for it."""
    from toasoan.articles.models import Agency, Author

    report.authors_moved = Author.objects.filter(site=old_site).update(site=new_site)
    report.agencies_moved = Agency.objects.filter(site=old_site).update(site=new_site)
