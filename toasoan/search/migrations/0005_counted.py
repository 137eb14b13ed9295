"""PostgreSQL: a query's matches counted up to a cap, not all of them.

A search shows how many results it found up to `searching.COUNTED` and "more than" past it,
and pages through that many (docs/search.md, "How many results").  0003's function counted
every match exactly, and that visit of every match was most of a common word's search:
PostgreSQL 15 reads the heap to count a bitmap, about 11 ms for the 39,000 articles holding
"ha" of 100,000, however narrow the table.  Here a query's matches are read in the heap's
order up to the cap plus one: fewer are all of them (counted, and their newest k sorted
from them); more are "more than", and their newest k come from the newest slices (above
the two floors, through the GIN bitmap ANDed with the sort_key range) before, for a set
thin there, one read newest first.

SQLite needs none of this (FTS5 reads its matches newest first and counts them with a
LIMIT of its own).
"""

import importlib

from django.db import migrations

TABLE = "portal_search_searchdocument"

# A set's matches: *keys*, the newest k, and (when *counted* is given) *total*, how many
# when at most `counted`, else counted + 1.  Each read of a set costs at least its GIN
# bitmap (1.5 to 7 ms for common words at 100,000 articles), so a set is read once or twice:
#
# * counted: one read of at most counted + 1 matches in the heap's order (the bitmap, then
#   as many heap rows) finds few matches whole;
# * then, for a set the planner expects to have 2k matches in one of the newest slices
#   (above floors[i], the newest `shares[i]` of the articles), the first such slice, through
#   the set's bitmap ANDed with the sort_key range's (or down the sort_key index for a set
#   of most articles);
# * else, or when the slice holds fewer than k, one read of every match, newest first.
_MATCHES = f"""
CREATE FUNCTION portal_search_matches(
    vec text, q tsquery, low bigint, high bigint, k integer, counted integer, floors bigint[],
    OUT total bigint, OUT keys bigint[]
)
LANGUAGE plpgsql STABLE SET enable_seqscan = off SET enable_indexscan = off SET jit = off AS $$
DECLARE
    cond text := format('d.%I @@ $1', vec)
        || CASE WHEN low IS NULL THEN '' ELSE ' AND d.sort_key >= $2' END
        || CASE WHEN high IS NULL THEN '' ELSE ' AND d.sort_key < $3' END;
    shares float8[] := ARRAY[0.02, 0.06, 0.2];
    first bigint[];
    slice text;
    plan text;
    estimate float8;
BEGIN
    IF floors IS NOT NULL THEN
        estimate := portal_search_rows('SELECT d.sort_key FROM {TABLE} d WHERE ' || cond, q, low, high);
    END IF;
    IF counted IS NOT NULL AND floors IS NOT NULL THEN
        -- A set the planner expects to have twice `counted` matches in one of the newest
        -- slices: counted there, through the two bitmaps ANDed, it is "more than" the cap
        -- without a read of its own (the slice's newest k are then its newest k).
        slice := 'SELECT count(*), (array_agg(d.sort_key ORDER BY d.sort_key DESC))[1:$5] FROM {TABLE} d WHERE '
            || cond || ' AND d.sort_key >= $4';
        FOR i IN 1 .. LEAST(cardinality(floors), cardinality(shares)) LOOP
            CONTINUE WHEN floors[i] IS NULL OR estimate * shares[i] < 2 * (counted + 1);
            IF portal_search_plan(slice, q, low, high, floors[i], k) = 'and' THEN
                EXECUTE slice INTO total, keys USING q, low, high, floors[i], k;
                IF total > counted AND cardinality(keys) >= k THEN
                    total := counted + 1;
                    RETURN;
                END IF;
            END IF;
            EXIT;
        END LOOP;
    END IF;
    IF counted IS NOT NULL THEN
        EXECUTE 'SELECT array(SELECT d.sort_key FROM {TABLE} d WHERE ' || cond || ' LIMIT $4)'
            INTO first USING q, low, high, counted + 1;
        IF cardinality(first) <= counted THEN
            total := cardinality(first);
            keys := ARRAY(SELECT u.key FROM unnest(first) AS u(key) ORDER BY u.key DESC LIMIT k);
            RETURN;
        END IF;
        total := counted + 1;
        IF cardinality(keys) >= k THEN
            RETURN;  -- the slice above held k
        END IF;
    END IF;
    IF floors IS NOT NULL THEN
        estimate := GREATEST(estimate, total);
        slice := 'SELECT array(SELECT d.sort_key FROM {TABLE} d WHERE ' || cond
            || ' AND d.sort_key >= $4 ORDER BY d.sort_key DESC LIMIT $5)';
        FOR i IN 1 .. LEAST(cardinality(floors), cardinality(shares)) LOOP
            CONTINUE WHEN floors[i] IS NULL OR estimate * shares[i] < 2 * k;
            plan := portal_search_plan(slice, q, low, high, floors[i], k);
            IF plan = 'and' THEN
                EXECUTE slice INTO keys USING q, low, high, floors[i], k;
            ELSIF plan = 'range' AND i = 1 THEN
                -- The planner tests the slice's vectors row by row, 5 to 15 us each (a body's
                -- is stored out of line), when it takes the set to be most articles (it
                -- prices a vector test like any operator): its newest k are then the first
                -- rows down the sort_key index (330 rows for a word in 9 articles of 10).
                PERFORM set_config('enable_indexscan', 'on', true);
                PERFORM set_config('enable_bitmapscan', 'off', true);
                EXECUTE slice INTO keys USING q, low, high, floors[i], k;
                PERFORM set_config('enable_indexscan', 'off', true);
                PERFORM set_config('enable_bitmapscan', 'on', true);
            END IF;
            -- Otherwise the slice would read every match (its bitmap alone), or test a wide
            -- range row by row: the read below costs no more.
            IF cardinality(keys) >= k THEN
                RETURN;
            END IF;
            EXIT;
        END LOOP;
    END IF;
    EXECUTE 'SELECT array(SELECT d.sort_key FROM {TABLE} d WHERE ' || cond || ' ORDER BY d.sort_key DESC LIMIT $4)'
        INTO keys USING q, low, high, k;
END $$"""

# How the slice statement of portal_search_matches is planned: 'and', the set's GIN bitmap
# ANDed with the sort_key range's; 'gin', the GIN bitmap alone (every match read); 'range',
# the sort_key range alone (every vector in it tested).  Volatile because EXPLAIN is not
# allowed in a stable function (it reads no data); it plans under its caller's settings.
_PLAN = """
CREATE FUNCTION portal_search_plan(
    statement text, q tsquery, low bigint, high bigint, "window" bigint, k integer
) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    plan text;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || statement INTO plan USING q, low, high, "window", k;
    IF strpos(plan, '"BitmapAnd"') > 0 THEN
        RETURN 'and';
    ELSIF strpos(plan, '_vector_gin"') > 0 THEN
        RETURN 'gin';
    END IF;
    RETURN 'range';
END $$"""

# How many rows the planner expects a statement to return (the same caveat).
_ROWS = """
CREATE FUNCTION portal_search_rows(statement text, q tsquery, low bigint, high bigint)
RETURNS float8 LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || statement INTO plan USING q, low, high;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8;
END $$"""

# 0003's function, every set read by portal_search_matches: the matches counted up to
# `counted`, the other sets (subsets of the matches, or nearly) read whole when at most k.
_CANDIDATES = f"""
CREATE FUNCTION portal_search_candidates(
    q_full tsquery, q_head tsquery, q_phrase tsquery, q_exact tsquery, q_exact_head tsquery,
    low bigint, high bigint, k integer, weights real[], counted integer, given_floors bigint[]
) RETURNS TABLE (tag integer, key bigint, score double precision)
LANGUAGE plpgsql STABLE SET enable_seqscan = off SET enable_indexscan = off SET jit = off AS $$
#variable_conflict use_column
DECLARE
    bounds bigint[];
    population bigint;
    floors bigint[];
    found record;
BEGIN
    -- The floors: the sort keys of about the newest 2%, 6% and 20% of the articles.  Without a
    -- date range they are read off the planner's histogram of sort_key (a stale one only
    -- makes the newest slices wider), which the caller may have read already (reading it
    -- costs 1.5 ms: given_floors); in a date range, found by walking down the sort_key index
    -- (about 1 ms).
    IF low IS NULL AND high IS NULL AND given_floors IS NOT NULL THEN
        floors := given_floors;
    ELSIF low IS NULL AND high IS NULL THEN
        SELECT s.histogram_bounds::text::bigint[] INTO bounds
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
            WHERE c.oid = '{TABLE}'::regclass AND s.attname = 'sort_key';
    END IF;
    IF floors IS NOT NULL THEN
        NULL;
    ELSIF cardinality(bounds) >= 11 THEN
        floors := ARRAY(SELECT bounds[cardinality(bounds) - round((cardinality(bounds) - 1) * share)::integer]
                        FROM unnest(ARRAY[0.02, 0.06, 0.2]) AS s(share));
    ELSE
        SELECT GREATEST(c.reltuples, 0)::bigint INTO population FROM pg_class c WHERE c.oid = '{TABLE}'::regclass;
        IF population >= 100 THEN
            floors := ARRAY[portal_search_floor(population / 50, low, high),
                            portal_search_floor(population * 3 / 50, low, high),
                            portal_search_floor(population / 5, low, high)];
        END IF;
    END IF;
    found := portal_search_matches('search_vector', q_full, low, high, k, counted, floors);
    RETURN QUERY SELECT 0, found.total, NULL::float8;
    IF found.total = 0 THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT 1, u.key, NULL::float8 FROM unnest(found.keys) AS u(key);
    found := portal_search_matches('head_vector', q_head, low, high, k, NULL, floors);
    -- ts_rank on the k rows kept only.
    RETURN QUERY SELECT 2, d.sort_key, ts_rank(weights, d.head_vector, q_head)::float8
        FROM {TABLE} d WHERE d.sort_key = ANY(found.keys);
    IF q_phrase IS NOT NULL THEN
        -- A query that is one quoted phrase is its own head phrase: the same set.
        IF q_phrase <> q_head THEN
            found := portal_search_matches('head_vector', q_phrase, low, high, k, NULL, floors);
        END IF;
        RETURN QUERY SELECT 3, u.key, NULL::float8 FROM unnest(found.keys) AS u(key);
    END IF;
    IF q_exact IS NOT NULL THEN
        found := portal_search_matches('exact_vector', q_exact, low, high, k, NULL, floors);
        RETURN QUERY SELECT 4, u.key, NULL::float8 FROM unnest(found.keys) AS u(key);
        found := portal_search_matches('head_vector', q_exact_head, low, high, k, NULL, floors);
        RETURN QUERY SELECT 5, u.key, NULL::float8 FROM unnest(found.keys) AS u(key);
    END IF;
END $$"""

_DROP_OLD = [
    "DROP FUNCTION portal_search_candidates(tsquery, tsquery, tsquery, tsquery, tsquery, bigint, bigint, integer, real[])",
    "DROP FUNCTION portal_search_newest(text, tsquery, bigint, bigint, integer, bigint, bigint, bigint)",
    "DROP FUNCTION portal_search_bitmap_and(text, tsquery, bigint, bigint, bigint, integer)",
]
_DROP_NEW = [
    "DROP FUNCTION portal_search_candidates("
    "tsquery, tsquery, tsquery, tsquery, tsquery, bigint, bigint, integer, real[], integer, bigint[])",
    "DROP FUNCTION portal_search_matches(text, tsquery, bigint, bigint, integer, integer, bigint[])",
    "DROP FUNCTION portal_search_plan(text, tsquery, bigint, bigint, bigint, integer)",
    "DROP FUNCTION portal_search_rows(text, tsquery, bigint, bigint)",
]


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in (*_DROP_OLD, _PLAN, _ROWS, _MATCHES, _CANDIDATES):
        schema_editor.execute(statement, params=None)


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    previous = importlib.import_module("toasoan.search.migrations.0003_newest_window")
    for statement in (*_DROP_NEW, previous._BITMAP_AND, previous._NEWEST, previous._CANDIDATES):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0004_relevance")]

    operations = [migrations.RunPython(_forward, _backward)]
