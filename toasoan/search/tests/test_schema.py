"""The engines' structures exist and follow the table (migration 0002), whichever engine runs."""

from __future__ import annotations

from django.db import connection

from toasoan.search.models import SearchDocument


def _sqlite_objects(kind: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = %s AND name LIKE 'portal_search%%'", [kind]
        )
        return {row[0] for row in cursor.fetchall()}


def _postgresql_functions() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'portal_search%%'")
        return {row[0] for row in cursor.fetchall()}


def test_full_text_structures_exist(db):
    if connection.vendor == "sqlite":
        assert {
            "portal_search_fts",
            "portal_search_fts_head",
            "portal_search_fts_exact",
            "portal_search_fts_terms",
            "portal_search_fts_terms_vocab",
        } <= _sqlite_objects("table")
        # A later migration that rebuilds this table on SQLite drops these triggers with it:
        # it must create them again (see migrations 0002 and 0004).
        assert _sqlite_objects("trigger") == {
            "portal_search_doc_ai",
            "portal_search_doc_ad",
            "portal_search_doc_au",
            "portal_search_terms_ai",
            "portal_search_terms_ad",
            "portal_search_terms_au",
        }
        # SQLite reads a row up to the last column asked for, through the overflow pages of
        # every long value before it: what ranking reads for hundreds of rows comes first.
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM pragma_table_info(%s)", [SearchDocument._meta.db_table])
            order = [row[0] for row in cursor.fetchall()]
        for short in ("lengths", "scope_key", "title_key", "lead_key", "extra_key"):
            assert order.index(short) < min(order.index("body"), order.index("body_key")), order
    else:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                connection.cursor(), SearchDocument._meta.db_table
            )
        }
        assert {"search_vector", "head_vector", "exact_vector", "lengths"} <= columns
        assert _postgresql_functions() == {
            "portal_search_candidates",
            "portal_search_floor",
            "portal_search_matches",
            "portal_search_plan",
            "portal_search_rows",
            "portal_search_older",
            "portal_search_suggest",
            "portal_search_term_stats",
        }


def test_deleting_rows_any_way_empties_the_index(article, titles):
    article("Hà Nội khởi công cầu mới")
    SearchDocument.objects.all().delete()  # what a cascade or a flush does
    assert titles("ha noi") == []
