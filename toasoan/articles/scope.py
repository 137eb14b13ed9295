"""Which authors and agencies a portal sees: its own and every portal's (docs/portals.md).

A row with no portal (`site` empty) belongs to every portal of the install: a province-wide
writer, a national agency such as TTXVN.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q


def visible_from(sites: Iterable[int] | None) -> Q:
    """Rows of the portals `sites` and of every portal; None (every portal) keeps every row."""
    if sites is None:
        return Q()
    return Q(site__isnull=True) | Q(site_id__in=list(sites))
