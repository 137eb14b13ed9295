"""Which portal an import gives the authors and agencies it makes (docs/portals.md); which rows a
portal sees, its own and every portal's, is `sections.portal.visible_from`.

A row with no portal (`site` empty) belongs to every portal of the install: a province-wide
writer, a national agency such as TTXVN.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wagtail.models import Site


def import_owner(site: Site | None) -> Site | None:
    """The portal an import into `site` gives the authors and agencies it makes (docs/portals.md).

    The main portal's (the default Site, or none named) make every portal's rows, as before
    portals had their own: the main portal's existing writers are every portal's, and an install
    with one portal must see no change. A component portal's import makes that portal's rows.
    """
    if site is None or site.is_default_site:
        return None
    return site
