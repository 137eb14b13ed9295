"""The site search finds people and units (toasoan.search.extra), never a hidden one."""

from __future__ import annotations

import re

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def found(client, query: str) -> list[str]:
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    if 'class="search-extra"' not in html:
        return []
    box = html[
        html.index('class="search-extra"') : html.index("</section>", html.index('class="search-extra"'))
    ]
    return re.findall(r'<span class="search-extra__kind">([^<]+):</span> <a href="[^"]+">([^<]+)</a>', box)


def test_a_person_is_found_by_a_name_typed_without_diacritics(client, structure):
    assert found(client, "le quang minh") == [("Cán bộ", "Lê Quang Minh")]
    assert found(client, "dang van") == [("Cán bộ", "Đặng Văn Bình")]
    html = client.get("/tim-kiem/", {"q": "dang van"}).content.decode()
    person = structure["archive"].people.get()
    assert f'href="{structure["archive"].url}#can-bo-{person.pk}"' in html


def test_a_unit_is_found_by_its_name(client, structure):
    assert found(client, "phong tu phap") == [("Đơn vị", "Phòng Tư pháp")]
    assert ("Đơn vị", "Văn phòng HĐND và UBND") in found(client, "Văn phòng")


def test_an_unpublished_or_restricted_unit_and_its_people_are_never_found(client, structure):
    structure["desk"].unpublish()
    PageViewRestriction.objects.create(
        page=structure["justice"], restriction_type="password", password="mat-khau"
    )
    assert found(client, "tu phap") == []
    assert found(client, "pham duc thang") == []
    assert found(client, "bo phan mot cua") == []
    assert found(client, "dang van binh") == []  # live, but below the unpublished unit


def test_only_the_first_page_of_results_lists_them(client, structure):
    response = client.get("/tim-kiem/", {"q": "le quang minh", "trang": "2"})
    assert 'class="search-extra"' not in response.content.decode()


def test_a_kept_list_follows_the_very_next_change(client, structure):
    assert found(client, "dang van binh") == [("Cán bộ", "Đặng Văn Bình")]
    structure["desk"].unpublish()
    assert found(client, "dang van binh") == []
    archive = structure["archive"]
    people = list(archive.people.all())
    people[0].name = "Đặng Văn Bảo"
    archive.people = people
    archive.save_revision().publish()
    structure["desk"].save_revision().publish()
    assert found(client, "dang van bao") == [("Cán bộ", "Đặng Văn Bảo")]


def test_the_units_query_never_walks_the_page_table(structure, site_home):
    """The query starts from the units and looks each ancestor up by the path index: SQLite has
    no statistics to choose by, and matching a prefix against every page's path read the page
    table once per page (over a minute per search after a change at 100,000 articles)."""
    from django.db import connection, transaction

    from toasoan.organisation.services import listing

    sql, params = listing.units(site_home).query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            steps = [row[-1] for row in cursor.fetchall()]
            walks = [step for step in steps if step.startswith("SCAN") and "pageviewrestriction" not in step]
            assert any("ROWID SEARCH ON TABLE organisation_unitpage" in step for step in steps), steps
        else:
            # PostgreSQL chooses by its statistics; what must hold is that the ancestors are index
            # lookups (sequential scans priced out, a prefix match would still read every page).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            steps = [row[0] for row in cursor.fetchall()]
            lookups = [step for step in steps if "Index Cond: ((path)::text = ANY" in step]
            walks = [] if lookups else steps
    assert walks == [], steps
