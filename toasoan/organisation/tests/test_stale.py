"""A change to a unit or a person shows on the very next request: chart, directory, vCard, search."""

from __future__ import annotations

import pytest

from toasoan.organisation.models import UnitPage
from toasoan.organisation.services.stale import stale_organisation
from toasoan.sections import registry

pytestmark = pytest.mark.django_db


def test_pages_say_what_a_change_makes_stale(structure, organisation):
    assert organisation.get_cached_paths() == ["/", "/danh-ba/"]
    desk = structure["desk"]
    person = desk.people.get()
    assert desk.get_cached_paths() == ["/", f"/danh-thiep/{person.pk}/"]
    stale = {(item.page.pk, item.path) for item in registry.stale_elsewhere(desk)}
    assert {(organisation.pk, "/"), (organisation.pk, "/danh-ba/"), (structure["office"].pk, "/")} <= stale
    assert stale_organisation(organisation) == []  # only units declare


def test_a_renamed_person_shows_on_the_next_request_everywhere(
    client,
    structure,
    organisation,
    page_cache_on,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    office = UnitPage.objects.get(pk=structure["office"].pk)
    minh = office.people.get(name="Lê Quang Minh")
    chart, directory, card = (
        organisation.url,
        f"{organisation.url}danh-ba/",
        f"{office.url}danh-thiep/{minh.pk}/",
    )
    for url in (chart, directory, card):
        assert "Lê Quang Minh" in client.get(url).content.decode()
    with django_assert_num_queries(0):  # the chart now comes from the page cache
        assert client.get(chart)["X-Toasoan-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        people = list(office.people.all())
        people[0].name = "Lê Quang Mạnh"
        office.people = people
        office.save_revision().publish()

    for url in (chart, directory, card):
        html = client.get(url).content.decode()
        assert "Lê Quang Mạnh" in html and "Lê Quang Minh" not in html, url
    html = client.get("/tim-kiem/", {"q": "le quang manh"}).content.decode()
    assert "Lê Quang Mạnh" in html


def test_an_unpublished_unit_leaves_the_cached_chart_at_once(
    client, structure, organisation, page_cache_on, django_capture_on_commit_callbacks
):
    client.get(organisation.url)
    assert client.get(organisation.url)["X-Toasoan-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        structure["justice"].unpublish()
    assert "Phòng Tư pháp" not in client.get(organisation.url).content.decode()
