"""What the organisation's pages show: the chart, the directory, a unit, a person's vCard."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.models import Page

from ..models import OrganisationPage, Person, UnitPage
from . import contacts, indexing, listing, tree, vcard

UNIT_PARAM = "don-vi"
QUERY_PARAM = "q"
MAX_QUERY = 200


def _urls(request: HttpRequest, forest: tree.Tree) -> None:
    """Each unit's address and each person's vCard address, without a query per unit."""
    for node in forest.walk():
        node.unit.page_url = node.unit.get_url(request)
        for person in node.people:
            person.vcard_url = vcard_url(node.unit, person)


def vcard_url(unit: UnitPage, person: Person) -> str:
    return unit.page_url + unit.vcard_path(person.pk)


def chart_response(page: OrganisationPage, request: HttpRequest) -> TemplateResponse:
    forest = tree.load(page)
    _urls(request, forest)
    page.phone_display = contacts.display(page.phone)
    page.phone_uri = contacts.tel_uri(page.phone)
    return page.render(
        request,
        context_overrides={"tree": forest, "directory_url": page.url + page.reverse_subpage("directory")},
    )


@dataclass
class DirectoryEntry:
    node: tree.Node
    people: list[Person]
    #: The units above it, top down, for the reader to place it.
    trail: list[str]


def _unit_choice(raw: str, forest: tree.Tree) -> tuple[tree.Node | None, str]:
    if not raw:
        return None, ""
    if raw.isdigit() and len(raw) < 12:
        for node in forest.walk():
            if node.unit.pk == int(raw):
                return node, ""
    return None, _("Không tìm thấy đơn vị đã chọn; danh bạ hiện mọi đơn vị.")


def directory_entries(forest: tree.Tree, unit: tree.Node | None, query: str) -> list[DirectoryEntry]:
    """The units (under `unit`) with their people; with a query, the people it finds and the units
    it names (with all their people)."""
    words = indexing.words(query)
    entries: list[DirectoryEntry] = []
    titles: dict[str, str] = {}
    for node in forest.walk():
        titles[node.unit.path] = node.unit.title
        if unit is not None and not node.unit.path.startswith(unit.unit.path):
            continue
        people = node.people
        if words and not indexing.matches(node.unit.search_key, words):
            people = [person for person in node.people if indexing.matches(person.search_key, words)]
            if not people:
                continue
        trail = [
            titles[node.unit.path[:end]]
            for end in range(len(forest.root.path) + UnitPage.steplen, len(node.unit.path), UnitPage.steplen)
            if node.unit.path[:end] in titles
        ]
        entries.append(DirectoryEntry(node, people, trail))
    return entries


def directory_response(page: OrganisationPage, request: HttpRequest) -> TemplateResponse:
    forest = tree.load(page, photos=False)
    _urls(request, forest)
    raw_unit = request.GET.get(UNIT_PARAM, "")
    query = request.GET.get(QUERY_PARAM, "")[:MAX_QUERY].strip()
    chosen, message = _unit_choice(raw_unit.strip(), forest)
    entries = directory_entries(forest, chosen, query)
    kept = {
        name: value
        for name, value in ((UNIT_PARAM, chosen.unit.pk if chosen else ""), (QUERY_PARAM, query))
        if value
    }
    return page.render(
        request,
        template="organisation/directory_page.html",
        context_overrides={
            "entries": entries,
            "people_count": sum(len(entry.people) for entry in entries),
            "unit_options": [
                (node.unit.pk, "— " * (node.level - 1) + node.unit.title) for node in forest.walk()
            ],
            "chosen": chosen.unit.pk if chosen else None,
            "query": query,
            "filter_message": message,
            "filtered": bool(kept),
            "query_string": urlencode(kept),
            "chart_url": page.url,
            "directory_url": page.url + page.reverse_subpage("directory"),
            "unit_param": UNIT_PARAM,
            "query_param": QUERY_PARAM,
        },
    )


def unit_context(unit: UnitPage, request: HttpRequest) -> dict:
    """Its people (with photos), its sub-units and the way down from the organisation page."""
    tree.decorate_unit(unit)
    if getattr(request, "is_preview", False):
        # An editor's draft: its people are those of the revision, not yet in the table.
        people = [tree.decorate(person) for person in unit.people.all()]
        unit.page_url = ""
    else:
        people = [tree.decorate(person) for person in listing.people([unit.pk])]
        unit.page_url = unit.get_url(request)
    for person in people:
        person.vcard_url = vcard_url(unit, person) if unit.page_url and person.pk else ""
    placed = bool(unit.pk and unit.path)
    crumbs = []
    if placed:
        crumbs = list(listing.visible(Page.objects.ancestor_of(unit).filter(depth__gt=2)).order_by("path"))
    return {
        "people": people,
        "sub_units": list(listing.children(unit)) if placed else [],
        "crumbs": crumbs,
        "organisation": next((crumb for crumb in crumbs if crumb.specific_class is OrganisationPage), None),
    }


def vcard_response(unit: UnitPage, request: HttpRequest, person_id: int) -> HttpResponse:
    person = unit.people.filter(pk=person_id).first()
    organisation = OrganisationPage.objects.ancestor_of(unit).live().only("agency_name", "title").first()
    if person is None or organisation is None:
        raise Http404
    card = vcard.Card(
        name=person.name,
        agency=organisation.agency_name or organisation.title,
        unit=unit.title,
        position=person.position,
        phone=person.phone,
        email=person.email,
        duties=person.duties,
        url=unit.get_full_url(),
    )
    response = HttpResponse(vcard.render(card).encode("utf-8"), content_type=vcard.CONTENT_TYPE)
    response["Content-Disposition"] = vcard.filenames(person.name)
    return response
