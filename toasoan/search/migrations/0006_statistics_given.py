"""PostgreSQL: the term statistics' function takes the common terms' frequencies from its caller.

0004's ``portal_search_term_stats`` read the planner's most common elements of search_vector
(4,000 lexemes and their frequencies, through the pg_stats view) on every call: 2 ms of a
search.  They change only when the table is analyzed, so each process keeps them for a
minute (``engines.PostgresqlEngine``) and passes the frequencies of the query's terms
(``given_freqs``, NULL for a term that is not among them).  Without them (NULL), the
function reads them itself, as before.
"""

import importlib

from django.db import migrations

TABLE = "portal_search_searchdocument"

_STATS = f"""
CREATE FUNCTION portal_search_term_stats(
    terms text[], share real, floor integer, ceiling integer, given_freqs real[]
)
RETURNS TABLE (term integer, df bigint, keys bigint[])
LANGUAGE plpgsql STABLE SET enable_seqscan = off SET enable_indexscan = off SET jit = off AS $$
#variable_conflict use_column
DECLARE
    population real;
    common text[];
    freqs real[];
    freq real;
    found bigint[];
    cap integer;
BEGIN
    SELECT c.reltuples INTO population FROM pg_class c WHERE c.oid = '{TABLE}'::regclass;
    IF population < 10000 THEN
        -- Never analyzed (-1), or small: counting is cheap and exact, and so are the terms'
        -- counts (ANALYZE's frequencies of a few rows are rough).
        SELECT count(*) INTO population FROM {TABLE};
    ELSIF given_freqs IS NULL THEN
        SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs INTO common, freqs
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
            WHERE c.oid = '{TABLE}'::regclass AND s.attname = 'search_vector';
    END IF;
    RETURN QUERY SELECT 0, population::bigint, NULL::bigint[];
    cap := GREATEST(floor, LEAST(ceiling, (population * share)::integer));
    FOR i IN 1 .. COALESCE(cardinality(terms), 0) LOOP
        freq := NULL;
        IF population >= 10000 THEN
            freq := CASE WHEN given_freqs IS NULL THEN freqs[array_position(common, terms[i])] ELSE given_freqs[i] END;
        END IF;
        IF freq IS NOT NULL AND freq * population > cap THEN
            RETURN QUERY SELECT i, (freq * population)::bigint, NULL::bigint[];
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


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION portal_search_term_stats(text[], real, integer, integer)", params=None)
    schema_editor.execute(_STATS, params=None)


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    previous = importlib.import_module("toasoan.search.migrations.0004_relevance")
    schema_editor.execute(
        "DROP FUNCTION portal_search_term_stats(text[], real, integer, integer, real[])", params=None
    )
    schema_editor.execute(previous._STATS, params=None)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0005_counted")]

    operations = [migrations.RunPython(_forward, _backward)]
