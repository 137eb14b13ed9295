"""PostgreSQL's candidate-set functions (migration 0003): exact counts and newest matches
whatever floors or window they are given. Collected on PostgreSQL only (conftest.py): SQLite has
no such functions, its FTS5 tables give matches newest first."""

from __future__ import annotations

import pytest

LOWEST = -(2**63)


@pytest.fixture
def newest(db):
    from django.db import connection

    def call(query: str, k: int, floors: tuple, low=None, high=None, vector="search_vector", window=None):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT total, keys FROM portal_search_newest(%s, %s::tsquery, %s, %s, %s, %s, %s, %s)",
                [vector, query, low, high, k, *floors, window],
            )
            return cursor.fetchone()

    return call


def test_newest_matches_do_not_depend_on_the_floors(many, newest):
    """Whichever floors the keys are gathered above (too high, too low, none), the count and
    the newest k are exact: a floor with fewer than k keys above it is never used."""
    from toasoan.search.models import SearchDocument

    keys = sorted(SearchDocument.objects.values_list("sort_key", flat=True), reverse=True)
    floor_choices = [
        (None, None),
        (keys[0], keys[1]),
        (keys[2], keys[6]),
        (keys[5], None),
        (LOWEST, LOWEST),
        (keys[11], keys[0]),  # out of order
    ]
    for k in (1, 3, 4, 12, 20):
        for floors in floor_choices:
            assert newest("'ha' & 'noi'", k, floors) == (12, keys[:k]), (k, floors)
        # The three with "ha noi" in the title, the oldest: none above the floors.
        assert newest("'ha noi'", k, (keys[2], keys[6]), vector="head_vector") == (3, keys[9:][:k])
        # A date range: keys[3:8], the 4th to 8th newest.
        in_range = newest("'ha' & 'noi'", k, (keys[4], keys[6]), low=keys[7], high=keys[2])
        assert in_range == (5, keys[3:8][:k])
    assert newest("'khong' & 'co'", 3, (keys[2], keys[6])) == (0, [])


def test_newest_matches_looked_for_in_a_window_first(many, newest):
    """The same newest k whether the window above a floor is used (then uncounted: only when
    the planner ANDs the two bitmaps, which it does not for a dozen rows) or not."""
    from toasoan.search.models import SearchDocument

    keys = sorted(SearchDocument.objects.values_list("sort_key", flat=True), reverse=True)
    total, found = newest("'ha' & 'noi'", 3, (None, None), window=keys[2])
    assert found == keys[:3] and total in (None, 12)
    assert newest("'ha' & 'noi'", 4, (None, None), window=keys[2]) == (12, keys[:4])
    assert newest("'ha noi'", 2, (keys[2], keys[6]), vector="head_vector", window=keys[6]) == (3, keys[9:11])
