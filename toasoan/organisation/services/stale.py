"""What a change to a unit makes stale elsewhere: the chart and the directory of its organisation
page, and the units above it (their pages list their sub-units)."""

from __future__ import annotations

from wagtail.models import Page

from toasoan.sections.registry import Stale, own_paths

from ..models import OrganisationPage, UnitPage


def stale_organisation(page: Page, tag_slugs=None) -> list[Stale]:
    if page.specific_class is not UnitPage or not page.path:
        return []
    stale: list[Stale] = []
    for ancestor in Page.objects.ancestor_of(page).filter(depth__gt=1).specific(defer=True):
        if isinstance(ancestor, OrganisationPage | UnitPage):
            stale += own_paths(ancestor)
    return stale
