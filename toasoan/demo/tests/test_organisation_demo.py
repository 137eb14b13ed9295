"""The demo's organisation: an invented district committee, enough units and people, idempotent."""

from __future__ import annotations

import unicodedata

from PIL import Image

from toasoan.demo import organisation
from toasoan.organisation.models import OrganisationPage, Person, UnitKind, UnitPage

from .test_demo import BAD_CHARACTERS, OTHER_TONE_STYLE


def _units(specs):
    for spec in specs:
        yield spec
        yield from _units(spec.units)


def test_the_demo_texts_are_clean_vietnamese():
    units = list(_units(organisation.UNITS))
    texts = [organisation.INTRO, organisation.AGENCY, organisation.ADDRESS]
    texts += [text for unit in units for text in (unit.title, unit.functions)]
    texts += [
        text
        for unit in units
        for person in unit.people
        for text in (person.name, person.position, person.duties)
    ]
    for text in texts:
        assert unicodedata.is_normalized("NFC", text), text
        assert not any(char in text for char in BAD_CHARACTERS), text
        assert not OTHER_TONE_STYLE.search(text), text


def test_the_organisation_is_built_once_with_units_people_and_portraits(client, home):
    made = organisation.ensure_organisation(home, None)
    assert organisation.ensure_organisation(home, None) == 0  # a second run makes nothing
    page = OrganisationPage.objects.get()
    assert page.show_in_menus and page.get_parent().pk == home.pk
    units = UnitPage.objects.live().descendant_of(page)
    assert made == units.count() + 1 >= 6
    assert {unit.kind for unit in units} == set(UnitKind.values)
    assert {"Lãnh đạo UBND huyện", "Văn phòng HĐND và UBND", "Phòng Tài chính - Kế hoạch", "Phòng Tư pháp",
            "Phòng Văn hóa và Thông tin"} <= {unit.title for unit in units}  # fmt: skip
    people = Person.objects.filter(unit__in=units).select_related("photo")
    assert people.count() >= 12
    assert len({person.name for person in people}) == people.count()
    assert all(person.phone.startswith("+842") and person.email for person in people)
    photo = people.first().photo
    with photo.file.open() as file, Image.open(file) as image:
        assert image.size == organisation.PORTRAIT_SIZE
    html = client.get(page.url).content.decode()
    assert "Hoàng Minh Tuấn" in html and "Phòng Văn hóa và Thông tin" in html
    assert client.get(f"{page.url}danh-ba/").status_code == 200
