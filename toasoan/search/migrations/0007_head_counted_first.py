"""PostgreSQL: the head set is read first and counted, sparing the matches' count when it
holds more than the cap.

A document holding the query in its title, lead or tags holds it (search_vector has every
field's terms), so a head set of more than `searching.COUNTED` means as many matches, and the
matches' own counting read — their GIN bitmap, 4 to 7 ms for two or three common words at
100,000 articles — is not made; the head set's is a fifth of that (shorter lists).  Same
sets and counts as 0005's function.
"""

import importlib

from django.db import migrations

TABLE = "portal_search_searchdocument"

_CANDIDATES = f"""
CREATE OR REPLACE FUNCTION portal_search_candidates(
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
    head record;
    total bigint;
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
    -- The head set first, counted: a document holding the query in its title, lead or tags
    -- holds it (every field's terms are in search_vector), so more than `counted` there is
    -- more than `counted` matches, and the matches' own count (their GIN bitmap: 4 to 7 ms
    -- for two or three common words, a fifth of that in the head's) is not read.
    head := portal_search_matches('head_vector', q_head, low, high, k, counted, floors);
    IF head.total > counted THEN
        found := portal_search_matches('search_vector', q_full, low, high, k, NULL, floors);
        total := counted + 1;
    ELSE
        found := portal_search_matches('search_vector', q_full, low, high, k, counted, floors);
        total := found.total;
    END IF;
    RETURN QUERY SELECT 0, total, NULL::float8;
    IF total = 0 THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT 1, u.key, NULL::float8 FROM unnest(found.keys) AS u(key);
    -- ts_rank on the k rows kept only.
    RETURN QUERY SELECT 2, d.sort_key, ts_rank(weights, d.head_vector, q_head)::float8
        FROM {TABLE} d WHERE d.sort_key = ANY(head.keys);
    IF q_phrase IS NOT NULL THEN
        -- A query that is one quoted phrase is its own head phrase: the same set.
        IF q_phrase <> q_head THEN
            found := portal_search_matches('head_vector', q_phrase, low, high, k, NULL, floors);
        ELSE
            found := head;
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


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_CANDIDATES, params=None)


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        previous = importlib.import_module("toasoan.search.migrations.0005_counted")
        schema_editor.execute(
            previous._CANDIDATES.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1), params=None
        )


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0006_statistics_given")]

    operations = [migrations.RunPython(_forward, _backward)]
