"""What each portal says about itself (name, tagline, agency, contacts, logo, colour, footer
links), as plain data kept with the structure generation (cache.fragments).

One install serves a province's main portal and its component portals, each a Wagtail `Site`
with its own `PortalSettings` (docs/portals.md). Every page, feed and sitemap shows its own
portal's name, so these values are read on every render: a warm page reads them from the cache,
never from the database. A field left empty falls back to the install's settings (`SITE_NAME`,
`SITE_DESCRIPTION`), so an install with one portal looks as it always did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.urls import reverse
from wagtail.models import Site

from toasoan.cache import events, fragments
from toasoan.operations.services.unavailable import DATABASE_UNAVAILABLE

from . import colours
from .addresses import site_for

#: The stylesheet's own colour (css/site.css `--blue`), shown when a portal names none.
DEFAULT_COLOUR = "#0b4da2"
LOGO_FILTER = "max-160x96"
_REQUEST_ATTRIBUTE = "_toasoan_portal"


@dataclass(frozen=True, slots=True)
class FooterLink:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Portal:
    site_id: int
    name: str
    tagline: str
    agency: str = ""
    kind: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    logo_url: str = ""
    colour: str = DEFAULT_COLOUR
    footer_links: tuple[FooterLink, ...] = field(default_factory=tuple)
    #: The install's default Site: the province's main portal.
    is_main: bool = True

    @property
    def stylesheet(self) -> str:
        """The address of the stylesheet giving the portal its colour; empty for the stylesheet's own
        colour (or one saved before colours had to be readable: the default look then)."""
        if self.colour == DEFAULT_COLOUR or not colours.readable(self.colour):
            return ""
        return reverse("portal_stylesheet", kwargs={"colour": colours.slug(self.colour)})

    @property
    def has_contacts(self) -> bool:
        return bool(self.agency or self.address or self.phone or self.email)


def install_defaults(site: Site | None = None) -> Portal:
    """What a portal without settings shows: the install's name and description."""
    name = settings.SITE_NAME
    if site is not None and not site.is_default_site and site.site_name:
        name = site.site_name  # a component portal's Site names it before its settings do
    return Portal(
        site_id=site.pk if site is not None else 0,
        name=name,
        tagline=settings.SITE_DESCRIPTION,
        is_main=site is None or site.is_default_site,
    )


def read(site: Site) -> Portal:
    """The portal's settings as plain data: one query (two the first time a logo is shown)."""
    from .models import PortalSettings

    defaults = install_defaults(site)
    row = PortalSettings.objects.filter(site_id=site.pk).select_related("logo").first()
    if row is None:
        return defaults
    logo_url = ""
    if row.logo is not None:
        try:
            logo_url = row.logo.get_rendition(LOGO_FILTER).url
        except Exception:  # a logo whose file is gone: the header's drawn mark instead
            logo_url = ""
    links = tuple(
        FooterLink(block.value["title"], block.value["url"])
        for block in row.footer_links
        if block.block_type == "link" and block.value.get("url")
    )
    return Portal(
        site_id=site.pk,
        name=row.name.strip() or defaults.name,
        tagline=row.tagline.strip() or defaults.tagline,
        agency=row.agency.strip(),
        kind=row.kind,
        address=row.address.strip(),
        phone=row.phone.strip(),
        email=row.email.strip(),
        logo_url=logo_url,
        colour=row.colour or DEFAULT_COLOUR,
        footer_links=links,
        is_main=site.is_default_site,
    )


def for_site(site: Site | None, request: HttpRequest | None = None) -> Portal:
    """The portal of `site`, kept until the structure changes (a Site or its settings saved)."""
    if site is None:
        return install_defaults()
    return fragments.cached("site", ("portal", site.pk), lambda: read(site), request=request)


def for_request(request: HttpRequest | None) -> Portal:
    """The portal serving the request (the default one without a request), once per request.

    While the database is failing, a page that says so (a form kept for the reader) still renders:
    it shows the install's name, as the standalone 503 page does."""
    if request is not None and hasattr(request, _REQUEST_ATTRIBUTE):
        return getattr(request, _REQUEST_ATTRIBUTE)
    try:
        portal = for_site(site_for(request), request)
    except DATABASE_UNAVAILABLE:
        portal = install_defaults()
    if request is not None:
        setattr(request, _REQUEST_ATTRIBUTE, portal)
    return portal


def name(request: HttpRequest | None) -> str:
    return for_request(request).name


def description(request: HttpRequest | None) -> str:
    return for_request(request).tagline


# ----------------------------------------------------------------------------- changes


def settings_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """A portal's settings saved: every page of every portal is rendered again (they are few
    and rare), and the admin's brand (Wagtail reads `Site.site_name`) follows the name."""
    if raw:
        return
    fragments.bump_structure()
    name = (getattr(instance, "name", "") or "").strip()
    if name and kwargs.get("signal") is post_save:
        Site.objects.filter(pk=instance.site_id).exclude(site_name=name[:255]).update(site_name=name[:255])
    transaction.on_commit(lambda: events.send(events.EVERYTHING))


def register() -> None:
    from .models import PortalSettings

    post_save.connect(settings_changed, sender=PortalSettings, dispatch_uid="sections.portal_saved")
    post_delete.connect(settings_changed, sender=PortalSettings, dispatch_uid="sections.portal_deleted")


# ----------------------------------------------------------------------------- several portals


def several_portals(request: HttpRequest | None = None) -> bool:
    """Whether the install serves more than one portal (Site). Read from Wagtail's cached site
    root paths, kept on the request as Wagtail keeps them there for page URLs: no query of its own
    once a URL of the request was worked out."""
    paths = getattr(request, "_wagtail_cached_site_root_paths", None) if request is not None else None
    if paths is None:
        paths = Site.get_site_root_paths()
        if request is not None:
            request._wagtail_cached_site_root_paths = paths
    return len({path.site_id for path in paths}) > 1


# ----------------------------------------------------------------------------- staff


_STAFF_ATTRIBUTE = "_toasoan_portal_paths"
_SITES_ATTRIBUTE = "_toasoan_portal_sites"


def _read_roots() -> tuple[tuple[str, bool, str], ...]:
    """One query: every home at the top of the tree that is a Site's root or a translation of one."""
    from django.db.models import Exists, OuterRef
    from wagtail.models import Page

    roots = Site.objects.filter(root_page=OuterRef("pk"))
    found = (
        Page.objects.filter(depth=2, translation_key__in=Site.objects.values("root_page__translation_key"))
        .annotate(
            is_root=Exists(roots),
            is_main=Exists(
                Site.objects.filter(
                    is_default_site=True, root_page__translation_key=OuterRef("translation_key")
                )
            ),
        )
        .order_by("path")
        .values_list("path", "translation_key", "is_root", "is_main")
    )
    rows = list(found)
    root_of = {key: path for path, key, is_root, _main in rows if is_root}
    return tuple((path, is_main, root_of[key]) for path, key, _root, is_main in rows if key in root_of)


def portal_roots(request: HttpRequest | None = None) -> tuple[tuple[str, bool, str], ...]:
    """(tree path of a home, whether it is the main portal's, the tree path of its portal's root)
    for every portal's home and its translations, kept until the structure changes (a Site or a
    home saved): an install with one portal learns it without a query once kept."""
    return fragments.cached("site", ("portal-roots",), _read_roots, request=request)


def staff_portal_paths(user) -> tuple[str, ...] | None:
    """The tree paths of the homes (each language's) of the portals a staff member works on;
    None for every portal (a superuser, a right on the tree's root, or an install with one portal).

    A portal is someone's through their groups: a page permission inside it (the desks, the
    managing editors), or a newsroom role marked on its home (editorial's `NewsroomGroup`; a
    role marked on no page is the main portal's: the comment moderators). Someone with neither
    (a group of the whole install, such as the question handlers) is the main portal's: a
    component portal's staff always come marked from `create_portal`. Kept on the user object
    for the request.
    """
    if getattr(user, "is_superuser", False):
        return None
    if _STAFF_ATTRIBUTE in getattr(user, "__dict__", {}):
        return user.__dict__[_STAFF_ATTRIBUTE]
    from django.apps import apps
    from wagtail.models import GroupPagePermission, Page

    found: tuple[str, ...] | None
    homes = portal_roots()
    portal_of = {home: root for home, _default, root in homes}
    if len(set(portal_of.values())) <= 1 or not getattr(user, "is_authenticated", False):
        found = None if len(set(portal_of.values())) <= 1 else ()
    else:
        home_length = 2 * Page.steplen
        paths = set(GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True))
        main = next((root for home, default, root in homes if default), None)
        if apps.is_installed("toasoan.editorial"):
            roles = apps.get_model("editorial", "NewsroomGroup").objects.filter(group__user=user)
            for section_path in roles.values_list("section__path", flat=True):
                if section_path is not None:
                    paths.add(section_path)
                elif main is not None:
                    paths.add(main)
        if not paths and main is not None:
            paths.add(main)  # marked nowhere (a group of the whole install): the main portal's staff
        if any(len(path) < home_length for path in paths):
            found = None  # a right on the tree's root reaches every portal
        else:
            portals = {portal_of.get(path[:home_length]) for path in paths} - {None}
            found = tuple(sorted(home for home, root in portal_of.items() if root in portals))
    if hasattr(user, "__dict__"):
        user.__dict__[_STAFF_ATTRIBUTE] = found
    return found


def staff_sites(user) -> frozenset[int] | None:
    """The ids of the Sites a staff member works on (`staff_portal_paths` as Sites); None for
    every portal."""
    paths = staff_portal_paths(user)
    if paths is None:
        return None
    if _SITES_ATTRIBUTE in getattr(user, "__dict__", {}):
        return user.__dict__[_SITES_ATTRIBUTE]
    roots = {portal for home, _main, portal in portal_roots() if home in paths}
    found = frozenset(Site.objects.filter(root_page__path__in=roots).values_list("pk", flat=True))
    if hasattr(user, "__dict__"):
        user.__dict__[_SITES_ATTRIBUTE] = found  # kept for the request, as the paths are
    return found


def page_site_id(page) -> int | None:
    """The id of the Site whose root (or a translation of it) the page lies under, from Wagtail's
    cached site root paths: no query once they are kept. None for a page no Site serves."""
    parts = page.get_url_parts() if getattr(page, "url_path", None) else None
    return parts[0] if parts else None


def portal_paths(site: Site) -> tuple[str, ...]:
    """The tree paths of a portal's home and its translations (`staff_portal_paths`'s shape), for
    a command that names one portal (`--portal HOST`)."""
    root = site.root_page.path
    return tuple(sorted(home for home, _main, portal in portal_roots() if portal == root)) or (root,)


def under(paths: tuple[str, ...] | None, field_name: str = "path"):
    """A filter keeping rows whose page (its tree path in `field_name`) lies in one of `paths`
    (`staff_portal_paths`); None keeps every row, an empty tuple none."""
    if paths is None:
        return Q()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field_name}__startswith": path})
    return condition


def visible_from(sites: Iterable[int] | None) -> Q:
    """A filter keeping the rows of the portals `sites` and of every portal (`site` empty: a
    province-wide writer, a national agency such as TTXVN); None (every portal) keeps every row."""
    if sites is None:
        return Q()
    return Q(site__isnull=True) | Q(site_id__in=list(sites))
