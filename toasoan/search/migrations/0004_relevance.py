"""Relevance: field lengths, undated articles, and each engine's term statistics.

* ``lengths`` (words and stream length of each field) and a nullable ``published_at`` (an
  article whose date is unknown).  SQLite cannot alter a column: the table is rebuilt, here
  rather than by Django, to put the short columns the ranking reads for hundreds of rows
  (lengths, scope, the title, lead and tag streams) before the long ones (body, its stream,
  its exact keys): SQLite reads a row's record up to the last column asked for, through
  every overflow page before it.  The rebuild drops 0002's triggers; they are created again.
* SQLite: ``portal_search_fts_terms``, a contentless FTS5 table (``detail=none``: row ids
  only) of every document's distinct tokens and adjacent word pairs (``viet_nam``), with an
  ``fts5vocab`` table over it: how many documents hold a term, and which, in one index lookup
  each (a pair as a phrase of the full-text table reads both words' positions: 7 ms at
  100,000 articles).  The triggers compute the terms with ``portal_search_terms()``, a
  function every Django connection registers (apps.py); the same function gives the exact
  text to delete, as a contentless table needs.
* PostgreSQL: ``search_vector`` holds the pairs already; ``portal_search_term_stats`` gives
  a term's document count (from the planner's statistics of the column when it is common,
  by counting its matches up to a cap otherwise) and its matches below the cap.

After this migration, ``manage.py rebuild_search_index`` fills the new columns (until then
an article ranks as if all of it were body text).
"""

import importlib

from django.db import migrations, models

TABLE = "portal_search_searchdocument"
TERMS = "portal_search_fts_terms"
KEY_COLUMNS = "title_key, lead_key, extra_key, body_key"


def _previous():
    return importlib.import_module("toasoan.search.migrations.0002_fulltext")


def _terms(prefix: str) -> str:
    columns = ", ".join(f"{prefix}.{column.strip()}" for column in KEY_COLUMNS.split(","))
    return f"portal_search_terms({columns})"


def _register(schema_editor) -> None:
    from toasoan.search.services.engines import register_sqlite_functions

    register_sqlite_functions(schema_editor.connection)


def _sqlite_triggers(schema_editor) -> None:
    previous = _previous()
    for statement in previous._sqlite_forward():
        if statement.startswith("CREATE TRIGGER"):
            schema_editor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))


_TERMS_SQL = [
    f"CREATE VIRTUAL TABLE {TERMS} USING fts5(terms, content='', detail=none, columnsize=0, "
    "tokenize=\"ascii tokenchars '_'\")",
    f"CREATE VIRTUAL TABLE {TERMS}_vocab USING fts5vocab({TERMS}, 'row')",
    # The document counts of the common terms, as of the last `indexing.optimize()`: read
    # from the vocabulary, a common term's count costs a read of its whole list (1 ms).
    "CREATE TABLE portal_search_term_counts (term text PRIMARY KEY, df integer NOT NULL) WITHOUT ROWID",
    f"INSERT INTO {TERMS}(rowid, terms) SELECT sort_key, {_terms(TABLE)} FROM {TABLE}",
    f"CREATE TRIGGER portal_search_terms_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {TERMS}(rowid, terms) VALUES (new.sort_key, {_terms('new')}); END",
    f"CREATE TRIGGER portal_search_terms_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {TERMS}({TERMS}, rowid, terms) VALUES ('delete', old.sort_key, {_terms('old')}); END",
    f"CREATE TRIGGER portal_search_terms_au AFTER UPDATE OF sort_key, {KEY_COLUMNS} ON {TABLE} BEGIN "
    f"INSERT INTO {TERMS}({TERMS}, rowid, terms) VALUES ('delete', old.sort_key, {_terms('old')}); "
    f"INSERT INTO {TERMS}(rowid, terms) VALUES (new.sort_key, {_terms('new')}); END",
]

# Row 0: how many documents there are (the planner's estimate, counted when small).  Then
# each term's document count and, when there are at most `cap` (a share of them, within
# bounds: engines.term_cap), which documents.  A term the
# planner's statistics of search_vector (ANALYZE's most common elements) put above the cap
# is not read at all: its count is estimated from them.  Otherwise its matches are read up
# to cap + 1 (a GIN bitmap and as many small heap rows), and counted whole only when there
# are more (a term between the cap and the least common of the common elements).
_STATS = f"""
CREATE FUNCTION portal_search_term_stats(terms text[], share real, floor integer, ceiling integer)
RETURNS TABLE (term integer, df bigint, keys bigint[])
LANGUAGE plpgsql STABLE SET enable_seqscan = off SET enable_indexscan = off SET jit = off AS $$
#variable_conflict use_column
DECLARE
    population real;
    common text[];
    freqs real[];
    at integer;
    found bigint[];
    cap integer;
BEGIN
    SELECT c.reltuples INTO population FROM pg_class c WHERE c.oid = '{TABLE}'::regclass;
    IF population < 10000 THEN
        -- Never analyzed (-1), or small: counting is cheap and exact, and so are the terms'
        -- counts (ANALYZE's frequencies of a few rows are rough).
        SELECT count(*) INTO population FROM {TABLE};
    ELSE
        SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs INTO common, freqs
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
            WHERE c.oid = '{TABLE}'::regclass AND s.attname = 'search_vector';
    END IF;
    RETURN QUERY SELECT 0, population::bigint, NULL::bigint[];
    cap := GREATEST(floor, LEAST(ceiling, (population * share)::integer));
    FOR i IN 1 .. COALESCE(cardinality(terms), 0) LOOP
        at := array_position(common, terms[i]);
        IF at IS NOT NULL AND population > 0 AND freqs[at] * population > cap THEN
            RETURN QUERY SELECT i, (freqs[at] * population)::bigint, NULL::bigint[];
        ELSE
            found := ARRAY(SELECT d.sort_key FROM {TABLE} d
                           WHERE d.search_vector @@ quote_literal(terms[i])::tsquery LIMIT cap + 1);
            IF cardinality(found) > cap THEN
                -- Above the cap yet not among the common elements (or too few articles for
                -- them): counted, which the caller keeps for an hour (searching.term_stats).
                RETURN QUERY SELECT i, count(*), NULL::bigint[] FROM {TABLE} d
                    WHERE d.search_vector @@ quote_literal(terms[i])::tsquery;
            ELSE
                RETURN QUERY SELECT i, cardinality(found)::bigint, found;
            END IF;
        END IF;
    END LOOP;
END $$"""


#: The rebuilt SQLite table's column order: what ranking reads for every candidate first.
_SQLITE_ORDER = (
    "page_id sort_key published_at section_id lengths scope_key section_title title_key lead_key "
    "extra_key exact_head indexed_at title lead extra body_key exact_body body"
).split()


def _column_definitions(create_table: str) -> dict[str, str]:
    """``{column: definition}`` of a ``CREATE TABLE`` statement (Django's: quoted names)."""
    inside = create_table[create_table.index("(") + 1 : create_table.rindex(")")]
    parts, depth, current = [], 0, []
    for char in inside:
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        depth += char == "("
        depth -= char == ")"
        current.append(char)
    parts.append("".join(current).strip())
    return {part.split('"')[1]: part for part in parts}


def _sqlite_rebuild(schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        columns = _column_definitions(cursor.fetchone()[0])
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
            [TABLE],
        )
        indexes = [row[0] for row in cursor.fetchall()]
    columns["published_at"] = '"published_at" datetime NULL'
    columns["lengths"] = '"lengths" varchar(100) NOT NULL'
    order = [name for name in _SQLITE_ORDER if name in columns] + [
        n for n in columns if n not in _SQLITE_ORDER
    ]
    copied = [name for name in order if name != "lengths"]
    new = f"{TABLE}__new"
    schema_editor.execute(f'CREATE TABLE "{new}" ({", ".join(columns[name] for name in order)})')
    names = ", ".join(f'"{name}"' for name in copied)
    schema_editor.execute(f'INSERT INTO "{new}" ({names}, "lengths") SELECT {names}, \'\' FROM "{TABLE}"')
    schema_editor.execute(f'DROP TABLE "{TABLE}"')  # its triggers go with it
    schema_editor.execute(f'ALTER TABLE "{new}" RENAME TO "{TABLE}"')
    for statement in indexes:
        schema_editor.execute(statement)


def _forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _register(schema_editor)
        _sqlite_rebuild(schema_editor)
        _sqlite_triggers(schema_editor)
        for statement in _TERMS_SQL:
            schema_editor.execute(statement, params=None)
    elif vendor == "postgresql":
        for statement in (
            f"ALTER TABLE {TABLE} ALTER COLUMN published_at DROP NOT NULL",
            f"ALTER TABLE {TABLE} ADD COLUMN lengths varchar(100) NOT NULL DEFAULT ''",
            f"ALTER TABLE {TABLE} ALTER COLUMN lengths DROP DEFAULT",
            # The most common elements ANALYZE keeps are statistics target × 10: 4,000 lexemes
            # reach down to about 2.5% of the documents at 100,000 articles (1,000 stopped at
            # 10%), so a term above the rare-term cap is rarely counted row by row (11 s of
            # ANALYZE at that size).
            f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STATISTICS 400",
            _STATS,
        ):
            schema_editor.execute(statement, params=None)
    else:
        raise RuntimeError(f"Tòa Soạn search supports SQLite and PostgreSQL, not {vendor}")


def _backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _register(schema_editor)
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS portal_search_terms_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TERMS}_vocab")
        schema_editor.execute("DROP TABLE IF EXISTS portal_search_term_counts")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TERMS}")
    elif vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION IF EXISTS portal_search_term_stats(text[], real, integer, integer)"
        )
    # The dated column again: undated rows cannot stay (rebuild_search_index puts them back).
    schema_editor.execute(f"DELETE FROM {TABLE} WHERE published_at IS NULL")
    model = apps.get_model("portal_search", "SearchDocument")
    schema_editor.remove_field(model, model._meta.get_field("lengths"))
    old = model._meta.get_field("published_at")
    dated = models.DateTimeField(verbose_name="Thời gian đăng")
    dated.set_attributes_from_name("published_at")
    schema_editor.alter_field(model, old, dated)
    if vendor == "sqlite":
        _sqlite_triggers(schema_editor)  # the table rebuilds above dropped them


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0003_newest_window")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchdocument",
                    name="published_at",
                    field=models.DateTimeField(blank=True, null=True, verbose_name="Thời gian đăng"),
                ),
                migrations.AddField(
                    model_name="searchdocument",
                    name="lengths",
                    field=models.CharField(blank=True, default="", max_length=100),
                ),
            ],
            database_operations=[migrations.RunPython(_forward, _backward)],
        )
    ]
