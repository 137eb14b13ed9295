"""Units and people for the site search (toasoan.search.extra): the folded words typed, each
starting a word of the unit's name or of the person's name or position; of the reader's portal.

An organisation is small (hundreds of people): its entries are read in two queries and kept as a
fragment until the content changes (cache.fragments), and matched here, so a search costs no
query more once they are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.models import Site

from toasoan.cache import fragments
from toasoan.search.extra import ExtraResult
from toasoan.sections.addresses import site_for

from ..models import Person, UnitPage
from . import contacts, indexing, listing

LIMIT = 10


@dataclass(frozen=True, slots=True)
class Entry:
    result: ExtraResult
    search_key: str
    is_unit: bool


def entries(site: Site, request: HttpRequest | None) -> list[Entry]:
    """Every unit and person a reader of `site` may see."""
    visible = listing.visible(UnitPage.objects.descendant_of(site.root_page))
    found = [
        Entry(
            ExtraResult(
                kind=_("Đơn vị"), title=unit.title, url=unit.get_url(request), detail=unit.get_kind_display()
            ),
            unit.search_key,
            True,
        )
        for unit in visible.defer("functions").order_by("path")
    ]
    people = (
        Person.objects.filter(unit__in=visible.values("pk"))
        .select_related("unit")
        .defer("unit__functions", "duties")
        .order_by("unit__path", "sort_order", "pk")
    )
    for person in people:
        details = [person.position, person.unit.title, contacts.display(person.phone), person.email]
        result = ExtraResult(
            kind=_("Cán bộ"),
            title=person.name,
            url=f"{person.unit.get_url(request)}#can-bo-{person.pk}",
            detail=" · ".join(part for part in details if part),
        )
        found.append(Entry(result, person.search_key, False))
    return found


def find(query: str, request: HttpRequest | None = None) -> list[ExtraResult]:
    words = indexing.words(query)
    if not words:
        return []
    site = site_for(request)
    if site is None:
        return []
    kept = fragments.cached(
        "organisation-search", (site.pk,), lambda: entries(site, request), request=request
    )
    matched = [entry for entry in kept if indexing.matches(entry.search_key, words)]
    units = [entry.result for entry in matched if entry.is_unit][:LIMIT]
    people = [entry.result for entry in matched if not entry.is_unit][:LIMIT]
    return units + people
