"""The engines' full-text structures over portal_search_searchdocument.

SQLite: three FTS5 external-content tables (rowid = sort_key) kept in step by triggers,
so every way a row changes (the service, a cascade delete, a flush) updates them.
  portal_search_fts        all fields, positions: matching, counting, phrases
  portal_search_fts_head   title, lead, extra, with prefix indexes: ranking, autocomplete
  portal_search_fts_exact  exact keys, columns only: diacritic-aware ranking
PostgreSQL: three tsvector columns the indexing service fills (from the same token
streams) and their GIN indexes — no text search configuration is involved at all, so no
stop-words and no stemming — and three functions the searches go through (pinned plans).
"""

from django.db import migrations

TABLE = "portal_search_searchdocument"

SQLITE_TABLES = {
    "portal_search_fts": (["title_key", "lead_key", "extra_key", "body_key", "scope_key"], "detail=full"),
    "portal_search_fts_head": (["title_key", "lead_key", "extra_key", "scope_key"], "prefix='1 2 3'"),
    "portal_search_fts_exact": (["exact_head", "exact_body", "scope_key"], "detail=column"),
}


def _sqlite_forward() -> list[str]:
    statements = []
    inserts, deletes = [], []
    for name, (columns, options) in SQLITE_TABLES.items():
        column_list = ", ".join(columns)
        statements.append(
            f"CREATE VIRTUAL TABLE {name} USING fts5({column_list}, content='{TABLE}', "
            f"content_rowid='sort_key', tokenize='ascii', {options})"
        )
        new_values = ", ".join(f"new.{column}" for column in columns)
        old_values = ", ".join(f"old.{column}" for column in columns)
        inserts.append(f"INSERT INTO {name}(rowid, {column_list}) VALUES (new.sort_key, {new_values});")
        deletes.append(
            f"INSERT INTO {name}({name}, rowid, {column_list}) VALUES ('delete', old.sort_key, {old_values});"
        )
    insert_body, delete_body = " ".join(inserts), " ".join(deletes)
    statements += [
        f"CREATE TRIGGER portal_search_doc_ai AFTER INSERT ON {TABLE} BEGIN {insert_body} END",
        f"CREATE TRIGGER portal_search_doc_ad AFTER DELETE ON {TABLE} BEGIN {delete_body} END",
        f"CREATE TRIGGER portal_search_doc_au AFTER UPDATE ON {TABLE} BEGIN {delete_body} {insert_body} END",
    ]
    return statements


def _sqlite_backward() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS portal_search_doc_{suffix}" for suffix in ("ai", "ad", "au")] + [
        f"DROP TABLE IF EXISTS {name}" for name in SQLITE_TABLES
    ]


POSTGRESQL_COLUMNS = ("search_vector", "head_vector", "exact_vector")

# The searches go through these functions so that their plans are pinned: GIN bitmap scans
# (enable_seqscan/enable_indexscan off) and no JIT.  Left to itself the planner filters a
# common word's rows with a sequential or sort-key index scan that decompresses every row's
# vector — half a second at 100,000 articles — or JIT-compiles a 20 ms query for 100 ms.
_PINNED = "LANGUAGE plpgsql STABLE SET enable_seqscan = off SET enable_indexscan = off SET jit = off"
_RANGE = "(low IS NULL OR d.sort_key >= low) AND (high IS NULL OR d.sort_key < high)"

_CANDIDATES = f"""
CREATE FUNCTION portal_search_candidates(
    q_full tsquery, q_head tsquery, q_phrase tsquery, q_exact tsquery, q_exact_head tsquery,
    low bigint, high bigint, k integer, weights real[]
) RETURNS TABLE (tag integer, key bigint, score double precision) {_PINNED} AS $$
#variable_conflict use_column
BEGIN
    -- The count and the newest k matches from one bitmap scan.
    RETURN QUERY WITH m AS (
        SELECT d.sort_key, count(*) OVER () AS total FROM {TABLE} d
        WHERE d.search_vector @@ q_full AND {_RANGE} ORDER BY d.sort_key DESC LIMIT k
    )
    SELECT 1, m.sort_key, NULL::float8 FROM m
    UNION ALL SELECT 0, COALESCE(max(m.total), 0), NULL::float8 FROM m;
    -- ts_rank on the k rows kept only: the subquery passes head_vector on undecompressed.
    RETURN QUERY SELECT 2, s.sort_key, ts_rank(weights, s.head_vector, q_head)::float8
        FROM (SELECT d.sort_key, d.head_vector FROM {TABLE} d WHERE d.head_vector @@ q_head AND {_RANGE}
              ORDER BY d.sort_key DESC LIMIT k) s;
    IF q_phrase IS NOT NULL THEN
        RETURN QUERY SELECT 3, d.sort_key, NULL::float8 FROM {TABLE} d
            WHERE d.head_vector @@ q_phrase AND {_RANGE} ORDER BY d.sort_key DESC LIMIT k;
    END IF;
    IF q_exact IS NOT NULL THEN
        RETURN QUERY SELECT 4, d.sort_key, NULL::float8 FROM {TABLE} d
            WHERE d.exact_vector @@ q_exact AND {_RANGE} ORDER BY d.sort_key DESC LIMIT k;
        RETURN QUERY SELECT 5, d.sort_key, NULL::float8 FROM {TABLE} d
            WHERE d.head_vector @@ q_exact_head AND {_RANGE} ORDER BY d.sort_key DESC LIMIT k;
    END IF;
END $$"""

_OLDER = f"""
CREATE FUNCTION portal_search_older(q tsquery, below bigint, low bigint, high bigint, lim integer)
RETURNS TABLE (key bigint) {_PINNED} AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY SELECT d.sort_key FROM {TABLE} d
        WHERE d.search_vector @@ q AND d.sort_key < below AND {_RANGE} ORDER BY d.sort_key DESC LIMIT lim;
END $$"""

_SUGGEST = f"""
CREATE FUNCTION portal_search_suggest(q tsquery, lim integer)
RETURNS TABLE (key bigint) {_PINNED} AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY SELECT d.sort_key FROM {TABLE} d WHERE d.head_vector @@ q ORDER BY d.sort_key DESC LIMIT lim;
END $$"""

_FUNCTIONS = {
    "portal_search_candidates": "tsquery, tsquery, tsquery, tsquery, tsquery, bigint, bigint, integer, real[]",
    "portal_search_older": "tsquery, bigint, bigint, bigint, integer",
    "portal_search_suggest": "tsquery, integer",
}


def _postgresql_forward() -> list[str]:
    statements = [
        f"ALTER TABLE {TABLE} "
        + ", ".join(f"ADD COLUMN {column} tsvector NOT NULL DEFAULT ''::tsvector" for column in POSTGRESQL_COLUMNS),
        # Every long value out of line: the heap a bitmap scan visits stays ~200 bytes a row.
        f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
    ]
    statements += [f"CREATE INDEX {TABLE}_{column}_gin ON {TABLE} USING gin ({column})" for column in POSTGRESQL_COLUMNS]
    return [*statements, _CANDIDATES, _OLDER, _SUGGEST]


def _postgresql_backward() -> list[str]:
    return [f"DROP FUNCTION IF EXISTS {name}({arguments})" for name, arguments in _FUNCTIONS.items()] + [
        f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
        f"ALTER TABLE {TABLE} " + ", ".join(f"DROP COLUMN IF EXISTS {column}" for column in POSTGRESQL_COLUMNS),
    ]


def _run(statements_for: dict):
    def run(apps, schema_editor):
        statements = statements_for.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"Tòa Soạn search supports SQLite and PostgreSQL, not {schema_editor.connection.vendor}"
            )
        for statement in statements():
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": _sqlite_forward, "postgresql": _postgresql_forward}),
            _run({"sqlite": _sqlite_backward, "postgresql": _postgresql_backward}),
        )
    ]
