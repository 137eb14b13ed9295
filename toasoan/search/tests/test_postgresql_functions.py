"""PostgreSQL's candidate-set functions (migrations 0003, 0005): exact counts and newest
matches whatever floors they are given. Collected on PostgreSQL only (conftest.py): SQLite has
no such functions, its FTS5 tables give matches newest first."""

from __future__ import annotations

import pytest

LOWEST = -(2**63)


ROWS = 6000


def _terms(i: int) -> list[str]:
    """The lexemes of synthetic document *i* (newer as i grows)."""
    terms = []
    if i % 10:
        terms.append("dense")  # 9 documents in 10
    if i % 13 == 0:
        terms.append("mid")
    if i % 25 == 0:
        terms.append("some")
    if i % 400 == 0:
        terms.append("rare")
    if i >= ROWS - 100 and i % 2 == 0:
        terms.append("late")  # only among the newest
    if i < 300:
        terms.append("early")  # only among the oldest
    return terms or ["none"]


@pytest.fixture
def synthetic(db):
    """6,000 index rows written directly (no pages: the deferred foreign keys are never checked
    in a test's rolled-back transaction), analyzed, so the planner chooses between its plans
    as it does at scale.

    The table is emptied first (TRUNCATE, undone with the test's transaction): the rows start
    at its first page in this order. Left where the free space map put them, among the dead rows
    of the tests the worker ran before, they came to ANALYZE in another order, and its lossy
    count of the lexemes gave `late` another frequency, and the planner another path (CI run 83:
    `and` expected, `range` taken)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE portal_search_searchdocument")
        cursor.execute(
            """
            INSERT INTO portal_search_searchdocument (page_id, sort_key, published_at, section_title,
                title, lead, body, extra, title_key, lead_key, extra_key, body_key, scope_key,
                exact_head, exact_body, indexed_at, lengths, search_vector, head_vector, exact_vector)
            SELECT 900000 + i, 1000 + 7 * i, now(), '', '', '', '', '', '', '', '', '', '', '', '',
                now(), '', v::tsvector, v::tsvector, ''::tsvector
            FROM unnest(%s::text[]) WITH ORDINALITY AS t(v, n), LATERAL (SELECT (n - 1)::integer AS i) AS s
            """,
            [[" ".join(_terms(i)) for i in range(ROWS)]],
        )
        cursor.execute("ANALYZE portal_search_searchdocument")
    yield [1000 + 7 * i for i in range(ROWS)]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM portal_search_searchdocument WHERE page_id >= 900000")


def _truth(keys, query_terms, low=None, high=None):
    """The documents matching an AND of terms (a leading "!" negates one), newest first."""
    found = []
    for i, key in enumerate(keys):
        held = set(_terms(i))
        holds = all((t[1:] not in held) if t.startswith("!") else (t in held) for t in query_terms)
        if holds and (low is None or key >= low) and (high is None or key < high):
            found.append(key)
    return sorted(found, reverse=True)


QUERIES = [
    ["dense"],
    ["mid"],
    ["some"],
    ["rare"],
    ["late"],
    ["early"],
    ["dense", "mid"],
    ["dense", "!mid"],
    ["late", "early"],
]


def test_matches_are_exact_whatever_path_reads_them(synthetic):
    """portal_search_matches (migration 0005): the newest k of a set, and its count up to
    `counted` (more: counted + 1), the same whether the set is read whole, in a slice above a
    floor through two bitmaps, or down the sort_key index; with floors or none, in a date range."""
    from django.db import connection

    keys = synthetic
    newest = sorted(keys, reverse=True)
    floors = [newest[int(len(newest) * share)] for share in (0.02, 0.06, 0.2)]
    with connection.cursor() as cursor:
        for query_terms in QUERIES:
            tsquery = " & ".join(f"!'{t[1:]}'" if t.startswith("!") else f"'{t}'" for t in query_terms)
            for low, high in [(None, None), (newest[3000], None), (newest[5000], newest[100])]:
                truth = _truth(keys, query_terms, low, high)
                for k in (1, 20, 300):
                    for counted in (None, 3, 10, 300, 1000, 10000):
                        for given in (floors, None, [floors[0], None, LOWEST]):
                            cursor.execute(
                                "SELECT total, keys FROM portal_search_matches("
                                "'search_vector', %s::tsquery, %s, %s, %s, %s, %s::bigint[])",
                                [tsquery, low, high, k, counted, given],
                            )
                            total, found = cursor.fetchone()
                            case = (tsquery, low, high, k, counted, given)
                            assert found == truth[:k], case
                            expected = None if counted is None else min(len(truth), counted + 1)
                            assert total == expected, case


def test_the_planner_takes_each_path_somewhere(synthetic):
    """The paths the test above checks are the planner's choices here, as at 100,000 articles:
    a dense set's slice tested row by row ('range': read down the sort_key index), a sparser
    one's through the two bitmaps ANDed ('and')."""
    from django.db import connection

    newest = sorted(synthetic, reverse=True)
    slice_sql = (
        "SELECT array(SELECT d.sort_key FROM portal_search_searchdocument d WHERE d.search_vector @@ $1 "
        "AND d.sort_key >= $4 ORDER BY d.sort_key DESC LIMIT $5)"
    )
    with connection.cursor() as cursor:
        plans = {}
        for term, share in [("dense", 0.02), ("late", 0.2)]:
            cursor.execute(
                "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off",
            )
            cursor.execute(
                "SELECT portal_search_plan(%s, %s::tsquery, NULL, NULL, %s, 20)",
                [slice_sql, f"'{term}'", newest[int(len(newest) * share)]],
            )
            plans[term] = cursor.fetchone()[0]
    assert plans == {"dense": "range", "late": "and"}


def test_search_vectors_carry_no_weights(many):
    """The candidates' terms are read from search_vector without resetting its weights first
    (engines.PostgresqlEngine.details): the indexing must never weight it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE search_vector <> setweight(search_vector, 'D')) "
            "FROM portal_search_searchdocument"
        )
        assert cursor.fetchone() == (12, 0)
        cursor.execute(
            "SELECT count(*) FROM portal_search_searchdocument "
            "WHERE head_vector <> setweight(head_vector, 'D')"
        )
        assert cursor.fetchone()[0] == 12  # every title's words are weighted A there


def test_the_statistics_are_read_once_a_minute_and_again_when_forgotten(db, django_assert_num_queries):
    """What a search reads of pg_stats (engines.statistics): two queries, then none for
    `STATISTICS_SECONDS`; each test starts without them (conftest), so a test's query counts
    never depend on when an earlier one read them."""
    from toasoan.search.services import engines

    with django_assert_num_queries(2):
        engines.statistics(now=1000.0)
    with django_assert_num_queries(0):
        engines.statistics(now=1000.0 + engines.STATISTICS_SECONDS)
    with django_assert_num_queries(2):
        engines.statistics(now=1001.0 + engines.STATISTICS_SECONDS)
    engines.forget_statistics()
    with django_assert_num_queries(2):
        engines.statistics(now=1001.0 + engines.STATISTICS_SECONDS)


@pytest.fixture
def synthetic_pages(synthetic):
    """The synthetic rows with pages of their own, their foreign keys checked now: an index can
    be built in the test's transaction only once no constraint check is pending."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Locale, Page

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailcore_page (id, path, depth, numchild, title, draft_title, slug, live, "
            "has_unpublished_changes, url_path, seo_title, show_in_menus, search_description, expired, "
            "content_type_id, locked, translation_key, locale_id) "
            "SELECT 900000 + i, 'ZZZZ' || lpad(upper(to_hex(i)), 4, '0'), 2, 0, '', '', 'x' || i, true, "
            "false, '/x' || i || '/', '', false, '', false, %s, false, gen_random_uuid(), %s "
            "FROM generate_series(0, 6999) AS i",
            [ContentType.objects.get_for_model(Page).pk, Locale.get_default().pk],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return synthetic


def _window_indexes() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'portal_search_searchdocument' "
            "AND indexname LIKE 'portal\\_search\\_recent\\_%%' ORDER BY indexname"
        )
        return [row[0] for row in cursor.fetchall()]


def _pending_list_limits() -> dict[str, str | None]:
    """Each GIN index of the search table, with its pending list's limit (None: PostgreSQL's 4 MB)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, (SELECT split_part(o, '=', 2) FROM unnest(c.reloptions) AS o "
            "WHERE o LIKE 'gin_pending_list_limit=%%') "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE i.indrelid = 'portal_search_searchdocument'::regclass AND a.amname = 'gin'"
        )
        return dict(cursor.fetchall())


def test_every_search_index_keeps_a_short_pending_list(synthetic_pages):
    """Migration 0011 and services/window.py: a search reads each GIN index's pending list whole,
    so none may grow to PostgreSQL's default 4 MB between two vacuums."""
    from toasoan.search.services import window

    assert _pending_list_limits() == {
        f"portal_search_searchdocument_{column}_gin": str(window.PENDING_LIST_KB) for column in window.COLUMNS
    }
    made = window.maintain(minimum=1000, share=0.02, rows=100, concurrently=False)
    assert made is not None
    limits = _pending_list_limits()
    assert len(limits) == 6
    assert set(limits.values()) == {str(window.PENDING_LIST_KB)}


def test_a_window_of_the_newest_is_made_moved_forward_and_never_doubled(synthetic_pages):
    """services/window.py: partial GIN indexes of the newest articles (their share, or `rows`),
    made once there are `minimum` articles, moved forward once they hold `GROWTH` times their
    share, the old ones dropped."""
    from django.db import connection

    from toasoan.search.services import window

    newest = sorted(synthetic_pages, reverse=True)
    assert window.maintain(minimum=len(newest) + 1, concurrently=False) is None
    assert _window_indexes() == []

    made = window.maintain(minimum=1000, share=0.02, rows=100, concurrently=False)
    assert made is not None and made.low == newest[119]  # 2 % of 6,000
    assert sorted(made.indexes) == ["exact_vector", "head_vector", "search_vector"]
    assert _window_indexes() == sorted(made.indexes.values())
    assert window.current() == made
    assert window.maintain(minimum=1000, share=0.02, rows=100, concurrently=False) == made

    with connection.cursor() as cursor:  # 300 newer articles: the window holds 420 > 2 × 126
        cursor.execute(
            "INSERT INTO portal_search_searchdocument (page_id, sort_key, published_at, section_title, "
            "title, lead, body, extra, title_key, lead_key, extra_key, body_key, scope_key, exact_head, "
            "exact_body, indexed_at, lengths, search_vector, head_vector, exact_vector) "
            "SELECT 906000 + i, %s + 7 * i, now(), '', '', '', '', '', '', '', '', '', '', '', '', now(), "
            "'', 'late'::tsvector, 'late'::tsvector, ''::tsvector FROM generate_series(1, 300) AS i",
            [newest[0]],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    moved = window.maintain(minimum=1000, share=0.02, rows=100, concurrently=False)
    assert moved is not None and moved.low == newest[0] + 7 * (300 - 125)  # the newest 126
    assert _window_indexes() == sorted(moved.indexes.values())


def test_the_window_is_the_newest_slice_and_read_through_its_own_indexes(synthetic_pages):
    """The statistics' first floor is the window's start (engines.Statistics), a slice read of
    exactly that range is planned on the window's index alone ('and' for portal_search_matches),
    and every set read through it is the same as without it."""
    from django.db import connection

    from toasoan.search.services import engines, window

    keys = synthetic_pages
    made = window.maintain(minimum=1000, share=0.02, rows=100, concurrently=False)
    engines.forget_statistics()
    floors = engines.statistics().floors
    assert floors is not None and floors[0] == made.low

    slice_sql = (
        "SELECT array(SELECT d.sort_key FROM portal_search_searchdocument d WHERE d.search_vector @@ $1 "
        "AND d.sort_key >= $4 ORDER BY d.sort_key DESC LIMIT $5)"
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        cursor.execute(
            "SELECT portal_search_plan(%s, %s::tsquery, NULL, NULL, %s, 20)", [slice_sql, "'some'", made.low]
        )
        assert cursor.fetchone()[0] == "and"
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT d.sort_key FROM portal_search_searchdocument d "
            "WHERE d.search_vector @@ %s::tsquery AND d.sort_key >= %s",
            ["'some'", made.low],
        )
        assert made.indexes["search_vector"] in str(cursor.fetchone()[0])

        for query_terms in QUERIES:
            tsquery = " & ".join(f"!'{t[1:]}'" if t.startswith("!") else f"'{t}'" for t in query_terms)
            truth = _truth(keys, query_terms)
            for k in (20, 300):
                for counted in (None, 10, 1000):
                    cursor.execute(
                        "SELECT total, keys FROM portal_search_matches("
                        "'search_vector', %s::tsquery, NULL, NULL, %s, %s, %s::bigint[])",
                        [tsquery, k, counted, floors],
                    )
                    total, found = cursor.fetchone()
                    case = (tsquery, k, counted)
                    assert found == truth[:k], case
                    assert total == (None if counted is None else min(len(truth), counted + 1)), case
