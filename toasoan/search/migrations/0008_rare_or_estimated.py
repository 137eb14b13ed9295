"""PostgreSQL: a term above the rare-term cap that the statistics do not list is estimated,
not counted.

0006 counted such a term (``count(*)``: every matching row's heap read, PostgreSQL 15 cannot
skip them), for a headline's words in 1,000 to 1,900 articles at 100,000 articles, and up to
19,000 at a province's million. Its count only weighs it (a rare term's documents are still
read and counted exactly), and it lies between the cap and the least common listed term's
count (``beyond``, that term's share, passed by the caller from the statistics it keeps:
``engines.Statistics``): the estimate is their geometric mean, off by at most the square root
of their ratio (× 1.4 at 100,000 articles, × 4.4 at a million, a weight's logarithm). NULL, or
too few rows for statistics: counted, as before.
"""

import importlib

from django.db import migrations

TABLE = "portal_search_searchdocument"

_STATS = f"""
CREATE FUNCTION portal_search_term_stats(
    terms text[], share real, floor integer, ceiling integer, given_freqs real[], beyond real
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
            IF cardinality(found) <= cap THEN
                RETURN QUERY SELECT i, cardinality(found)::bigint, found;
            ELSIF beyond IS NOT NULL AND population >= 10000 THEN
                RETURN QUERY SELECT i, GREATEST(cap + 1, sqrt((cap + 1) * beyond * population)::bigint),
                    NULL::bigint[];
            ELSE
                RETURN QUERY SELECT i, count(*), NULL::bigint[] FROM {TABLE} d
                    WHERE d.search_vector @@ quote_literal(terms[i])::tsquery;
            END IF;
        END IF;
    END LOOP;
END $$"""


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP FUNCTION portal_search_term_stats(text[], real, integer, integer, real[])", params=None
    )
    schema_editor.execute(_STATS, params=None)


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    previous = importlib.import_module("toasoan.search.migrations.0006_statistics_given")
    schema_editor.execute(
        "DROP FUNCTION portal_search_term_stats(text[], real, integer, integer, real[], real)", params=None
    )
    schema_editor.execute(previous._STATS, params=None)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0007_head_counted_first")]

    operations = [migrations.RunPython(_forward, _backward)]
