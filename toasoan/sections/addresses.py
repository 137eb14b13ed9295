"""The one address each site is known by, for every absolute URL the portal writes.

A page, feed or sitemap is kept and shared (page cache, baked files, nginx, a CDN), so what it
says must not depend on who asked: the address comes from the Wagtail `Site` serving the request
(its `root_url`, set by `manage.py set_site_address host:port`), never from the request's Host,
port or scheme, which a reader chooses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models import Site


def site_for(request: HttpRequest | None) -> Site | None:
    """The Site serving the request (Wagtail's choice: a foreign host gets the default), else the default."""
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site


def site_address(request: HttpRequest | None) -> str:
    """`scheme://host[:port]` of the site serving the request, without a trailing slash.

    With no Site at all (a database being set up), the configured BASE_URL stands in.
    """
    site = site_for(request)
    if site is not None:
        return site.root_url
    return str(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost").rstrip("/")


def absolute_url(request: HttpRequest | None, path: str) -> str:
    """`path` (absolute on the site, or already a full URL) as a full URL at the site's address."""
    if path.startswith(("http://", "https://")):
        return path
    return site_address(request) + ("" if path.startswith("/") else "/") + path


def url_on(site: Site, path: str) -> str:
    """`absolute_url` for a portal named outright (a command's, an index row's), not a request's."""
    if path.startswith(("http://", "https://")):
        return path
    return site.root_url + ("" if path.startswith("/") else "/") + path


class UnknownSite(ValueError):
    """No portal, or more than one, answers at the address a command was given."""


def find_site(address: str) -> Site:
    """The Site at `address` (`host`, `host:port`, with or without `http://`), for commands that
    name a portal; `UnknownSite` with a Vietnamese message when there is none or several ports
    share the host."""
    from wagtail.models import Site

    text = address.strip().lower().removeprefix("http://").removeprefix("https://").rstrip("/")
    host, _sep, port = text.partition(":")
    sites = Site.objects.filter(hostname=host).select_related("root_page")
    if port:
        if not port.isdigit():
            raise UnknownSite(
                _("Cổng mạng “%(port)s” không hợp lệ trong địa chỉ “%(address)s”.")
                % {"port": port, "address": address}
            )
        sites = sites.filter(port=int(port))
    found = list(sites)
    if not found:
        raise UnknownSite(_("Không có cổng thông tin nào ở địa chỉ “%(address)s”.") % {"address": address})
    if len(found) > 1:
        raise UnknownSite(
            _("Có nhiều cổng ở tên miền “%(address)s”: hãy ghi cả số cổng mạng (ví dụ %(example)s).")
            % {"address": address, "example": f"{host}:{found[0].port}"}
        )
    return found[0]
