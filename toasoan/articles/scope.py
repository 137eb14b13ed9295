"""Which authors and agencies a portal sees: its own and every portal's (docs/portals.md).

A row with no portal (`site` empty) belongs to every portal of the install: a province-wide
writer, a national agency such as TTXVN.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from wagtail.models import Site


def visible_from(sites: Iterable[int] | None) -> Q:
    """Rows of the portals `sites` and of every portal; None (every portal) keeps every row."""
    if sites is None:
        return Q()
    return Q(site__isnull=True) | Q(site_id__in=list(sites))


def import_owner(site: Site | None) -> Site | None:
    """The portal an import into `site` gives the authors and agencies it makes (docs/portals.md).

    The main portal's (the default Site, or none named) make every portal's rows, as before
    portals had their own: the main portal's existing writers are every portal's, and an install
    with one portal must see no change. A component portal's import makes that portal's rows.
    """
    if site is None or site.is_default_site:
        return None
    return site
