"""The chart's tree: its order, what it leaves out, and a constant number of queries."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from toasoan.organisation.models import UnitKind
from toasoan.organisation.services import tree

pytestmark = pytest.mark.django_db

#: Units, people, their photos' renditions.
TREE_QUERIES = 3


def titles(forest: tree.Tree) -> list[tuple[int, str]]:
    return [(node.level, node.unit.title) for node in forest.walk()]


def test_the_tree_nests_units_in_wagtails_page_order(structure, organisation):
    forest = tree.load(organisation)
    assert titles(forest) == [
        (1, "Lãnh đạo UBND huyện"),
        (1, "Văn phòng HĐND và UBND"),
        (2, "Bộ phận Một cửa"),
        (3, "Tổ Lưu trữ"),
        (1, "Phòng Tư pháp"),
    ]
    office = forest.roots[1]
    assert [person.name for person in office.people] == ["Lê Quang Minh", "Đỗ Thị Thu"]
    assert [person.name for person in office.leaders] == ["Lê Quang Minh"]
    assert [node.heading for node in forest.walk()] == [2, 2, 3, 4, 2]
    # An editor moving a unit first among its siblings moves it in the chart.
    structure["justice"].move(structure["leaders"], pos="left")
    assert tree.load(organisation).roots[0].unit.title == "Phòng Tư pháp"


def double(organisation, make_unit, suffix: str = "A") -> None:
    """As many units (five) and people (seven) again, on three levels."""
    top = make_unit(
        organisation,
        f"Khối {suffix}",
        UnitKind.BLOCK,
        [
            (f"Ngô Văn {suffix}", "Trưởng khối", True),
            (f"Mai Thị {suffix}", "Phó khối", True),
            (f"Hà Văn {suffix}", "Chuyên viên", False),
        ],
    )
    for number in range(2):
        middle = make_unit(
            top, f"Phòng {suffix} {number}", people=[(f"Bùi Thị {suffix}{number}", "Trưởng phòng", True)]
        )
        make_unit(
            middle,
            f"Tổ {suffix} {number}",
            UnitKind.AFFILIATE,
            [(f"Lý Văn {suffix}{number}", "Tổ trưởng", False)],
        )


def test_loading_the_tree_costs_three_queries_whatever_its_size(
    structure, organisation, make_unit, django_assert_num_queries
):
    with django_assert_num_queries(TREE_QUERIES):
        small = tree.load(organisation)
        # Photos are read from what was fetched: no query per person.
        [person.photo.renditions.all() for node in small.walk() for person in node.people]
    double(organisation, make_unit)
    with django_assert_num_queries(TREE_QUERIES):
        large = tree.load(organisation)
        [person.photo.renditions.all() for node in large.walk() for person in node.people]
    assert len(list(large.walk())) == 2 * len(list(small.walk())) == 10
    assert sum(len(node.people) for node in large.walk()) == 14


def test_the_chart_page_costs_the_same_queries_for_a_tree_twice_as_large(
    client, structure, organisation, make_unit, django_assert_num_queries
):
    from toasoan.organisation.tests.test_pages import CHART_QUERIES

    client.get(organisation.url)  # renditions are made on the first view, and the site's shared parts warmed
    with django_assert_num_queries(CHART_QUERIES):
        small = client.get(organisation.url).content.decode()
    double(organisation, make_unit)
    client.get(organisation.url)
    with django_assert_num_queries(CHART_QUERIES):
        large = client.get(organisation.url).content.decode()
    assert small.count('class="org-unit__name"') == 5
    assert large.count('class="org-unit__name"') == 10
    assert large.count("<img ") > small.count("<img ")


def test_an_unpublished_or_restricted_unit_and_everything_below_it_are_left_out(structure, organisation):
    structure["desk"].unpublish()  # its sub-unit "Tổ Lưu trữ" stays live, but below a hidden unit
    PageViewRestriction.objects.create(
        page=structure["justice"], restriction_type="password", password="mat-khau"
    )
    assert titles(tree.load(organisation)) == [(1, "Lãnh đạo UBND huyện"), (1, "Văn phòng HĐND và UBND")]
