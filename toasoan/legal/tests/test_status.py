"""Tình trạng hiệu lực: from the dates and the relations, the same in Python and in SQL, at a fixed day."""

from __future__ import annotations

from datetime import date

import pytest

from toasoan.legal.models import LegalDocumentPage, RelationKind, Status
from toasoan.legal.services import listing, status

REPLACES, AMENDS, REPEALS = RelationKind.REPLACES, RelationKind.AMENDS, RelationKind.PARTLY_REPEALS


def both(document: LegalDocumentPage, day: date) -> tuple[Status, str]:
    """The status one page computes and the one its list row carries: they must agree."""
    row = status.with_status(LegalDocumentPage.objects.filter(pk=document.pk), day).get()
    return status.status_at(document, day), row.status


@pytest.mark.parametrize(
    ("fields", "day", "expected"),
    [
        ({"issued": date(2024, 1, 1), "effective": None, "expiry": None}, date(2024, 1, 1), Status.IN_FORCE),
        ({"issued": date(2024, 1, 1), "effective": None, "expiry": None}, date(2023, 12, 31), Status.NOT_YET),
        (
            {"issued": date(2024, 1, 1), "effective": date(2024, 3, 1), "expiry": None},
            date(2024, 2, 29),
            Status.NOT_YET,
        ),
        (
            {"issued": date(2024, 1, 1), "effective": date(2024, 3, 1), "expiry": None},
            date(2024, 3, 1),
            Status.IN_FORCE,
        ),
        (
            {"issued": date(2024, 1, 1), "effective": None, "expiry": date(2024, 6, 1)},
            date(2024, 5, 31),
            Status.IN_FORCE,
        ),
        (
            {"issued": date(2024, 1, 1), "effective": None, "expiry": date(2024, 6, 1)},
            date(2024, 6, 1),
            Status.EXPIRED,
        ),
    ],
)
def test_dates_alone(fields, day, expected):
    assert status.compute(day, **fields) == expected


def test_an_end_date_wins_over_a_replacement_and_a_replacement_over_an_amendment():
    day = date(2024, 6, 1)
    common = {"issued": date(2024, 1, 1), "effective": None}
    assert status.compute(day, expiry=day, replaced_from=[day], **common) == Status.EXPIRED
    assert (
        status.compute(day, expiry=None, replaced_from=[day], partly_from=[day], **common) == Status.REPLACED
    )
    assert status.compute(day, expiry=None, partly_from=[day], **common) == Status.PARTLY


def test_a_chain_of_replacements(make_document, clock):
    clock.set("08:00 01/07/2024")
    a = make_document("Quy chế A", issued=date(2020, 1, 1))
    b = make_document(
        "Quy chế B", issued=date(2022, 1, 1), effective_date=date(2022, 2, 1), relations=[(REPLACES, a)]
    )
    c = make_document(
        "Quy chế C", issued=date(2024, 5, 1), effective_date=date(2024, 8, 1), relations=[(REPLACES, b)]
    )
    # Before B is in force, A still is.
    assert both(a, date(2022, 1, 15)) == (Status.IN_FORCE, Status.IN_FORCE)
    assert both(b, date(2022, 1, 15)) == (Status.NOT_YET, Status.NOT_YET)
    # Today (the clock): B replaced A; C is issued but not yet in force, so B still is.
    today = status.today()
    assert today == date(2024, 7, 1)
    assert both(a, today) == (Status.REPLACED, Status.REPLACED)
    assert both(b, today) == (Status.IN_FORCE, Status.IN_FORCE)
    assert both(c, today) == (Status.NOT_YET, Status.NOT_YET)
    # Once C is in force, B is replaced too and A stays replaced.
    clock.set("08:00 01/08/2024")
    assert [status.status_at(page) for page in (a, b, c)] == [
        Status.REPLACED,
        Status.REPLACED,
        Status.IN_FORCE,
    ]
    rows = dict(listing.documents().values_list("title", "status"))
    assert rows == {"Quy chế A": Status.REPLACED, "Quy chế B": Status.REPLACED, "Quy chế C": Status.IN_FORCE}


def test_amendment_and_partial_repeal_make_it_partly_in_force(make_document):
    base = make_document("Quyết định gốc", issued=date(2023, 1, 1))
    make_document("Quyết định sửa đổi", issued=date(2024, 1, 1), relations=[(AMENDS, base)])
    other = make_document("Quyết định khác", issued=date(2023, 1, 1))
    make_document("Quyết định bãi bỏ", issued=date(2024, 3, 1), relations=[(REPEALS, other)])
    assert both(base, date(2023, 12, 31)) == (Status.IN_FORCE, Status.IN_FORCE)
    assert both(base, date(2024, 1, 1)) == (Status.PARTLY, Status.PARTLY)
    assert both(other, date(2024, 3, 1)) == (Status.PARTLY, Status.PARTLY)


def test_a_draft_or_a_guide_replaces_nothing(make_document):
    base = make_document("Kế hoạch gốc", issued=date(2023, 1, 1))
    make_document(
        "Kế hoạch thay thế (nháp)", issued=date(2024, 1, 1), relations=[(REPLACES, base)], live=False
    )
    make_document("Hướng dẫn", issued=date(2024, 1, 1), relations=[(RelationKind.GUIDES, base)])
    assert both(base, date(2024, 6, 1)) == (Status.IN_FORCE, Status.IN_FORCE)


def test_the_status_filter_matches_the_computed_status(make_document, clock):
    clock.set("08:00 01/07/2024")
    old = make_document("Cũ", issued=date(2020, 1, 1))
    make_document("Mới", issued=date(2024, 1, 1), relations=[(REPLACES, old)])
    make_document("Sắp có hiệu lực", issued=date(2024, 6, 1), effective_date=date(2025, 1, 1))
    make_document("Đã hết", issued=date(2020, 1, 1), expiry_date=date(2024, 1, 1))
    for value in Status.values:
        filtered = listing.apply_filters(listing.documents(), {"hieuluc": value})
        for page in filtered:
            assert status.status_at(page) == value == page.status
    counts = {
        value: listing.apply_filters(listing.documents(), {"hieuluc": value}).count()
        for value in Status.values
    }
    assert counts == {
        Status.IN_FORCE: 1,
        Status.NOT_YET: 1,
        Status.EXPIRED: 1,
        Status.REPLACED: 1,
        Status.PARTLY: 0,
    }
