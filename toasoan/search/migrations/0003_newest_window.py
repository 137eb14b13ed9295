"""PostgreSQL: the candidate sets of a broad query without sorting or buffering every match.

GIN gives matches in no useful order, so 0002's function sorted every match of every set
to keep the newest k — and, for the count, buffered them all in a window aggregate: for a
common word (40,000 of 100,000 articles) most of a search request.  Here one visit of a
set's matches counts them and gathers their sort keys above two floors (about the newest
2% and 20% of the articles): the newest k come from the highest floor with k keys above it
— a few hundred keys to sort — or, for a thin set, from a second read.  For the commonest
words the sets that need no count are first looked for among the newest 2% only.  The
same rows as before, the count as exact; the one visit of every match is what is left
(PostgreSQL 15 reads the heap even to count a bitmap: its all-visible shortcut is disabled
in the back branches).  docs/search.md has the figures.

SQLite needs none of this (FTS5 reads its matches newest first, by rowid).
"""

import importlib

from django.db import migrations

TABLE = "portal_search_searchdocument"

# The m-th newest article (in the date range): the floor of a window of m articles.  An
# index-only walk down the sort_key btree, hence its own settings.
_FLOOR = f"""
CREATE FUNCTION portal_search_floor(m bigint, low bigint, high bigint) RETURNS bigint
LANGUAGE sql STABLE SET enable_seqscan = off SET enable_bitmapscan = off SET jit = off AS $$
    SELECT d.sort_key FROM {TABLE} d
    WHERE d.sort_key >= COALESCE(low, -9223372036854775808) AND d.sort_key < COALESCE(high, 9223372036854775807)
    ORDER BY d.sort_key DESC OFFSET m - 1 LIMIT 1
$$"""

# One visit of a set's matches (column @@ q): their count, and the sort keys at or above
# each floor.  The newest k come from the highest floor with k of them above it (all that
# is above a floor is there, so they are the newest k of all); only a set with fewer than
# k above both floors, so a thin one, is read again, newest first.  Gathering every key
# instead would cost a broad set (40,000 keys) more than reading a thin one twice — except
# for a query with word positions to check (a phrase of three words or more), where each
# match read means decompressing its vector: its keys are all gathered.  A NULL floor
# gathers nothing.
#
# A set that needs no count and is likely to have k matches above `window` (a floor) is
# first read there only: the sort_key range is ANDed with the GIN bitmap, so only the
# matches in it are visited; `total` is then NULL.  Dynamic SQL: the column varies, and the
# planner must see the window's value to AND the two bitmaps.
_NEWEST = f"""
CREATE FUNCTION portal_search_newest(
    vec text, q tsquery, low bigint, high bigint, k integer, floor1 bigint, floor2 bigint, "window" bigint,
    OUT total bigint, OUT keys bigint[], OUT recent integer
)
LANGUAGE plpgsql STABLE SET enable_seqscan = off SET enable_indexscan = off SET jit = off AS $$
DECLARE
    cond text := format('d.%I @@ $1', vec)
        || CASE WHEN low IS NULL THEN '' ELSE ' AND d.sort_key >= $2' END
        || CASE WHEN high IS NULL THEN '' ELSE ' AND d.sort_key < $3' END;
    positions boolean := strpos(q::text, '<->') > 0;
    windowed text;
    level1 bigint[];
    level2 bigint[];
    everything bigint[];
BEGIN
    IF "window" IS NOT NULL THEN
        windowed := 'SELECT array(SELECT d.sort_key FROM {TABLE} d WHERE ' || cond
            || ' AND d.sort_key >= $4 ORDER BY d.sort_key DESC LIMIT $5)';
        -- Only through the two bitmaps ANDed: the planner may instead take the sort_key
        -- range alone and test each row's vector (decompressing thousands of them: 56 ms
        -- for "tong" where the whole set costs 15), as it prices a vector test like any
        -- operator.  Planning it twice costs about 0.2 ms.
        IF portal_search_bitmap_and(windowed, q, low, high, "window", k) THEN
            EXECUTE windowed INTO keys USING q, low, high, "window", k;
            IF cardinality(keys) >= k THEN
                RETURN;
            END IF;
        END IF;
    END IF;
    EXECUTE 'SELECT count(*), array_agg(d.sort_key) FILTER (WHERE d.sort_key >= $4), '
        || 'array_agg(d.sort_key) FILTER (WHERE d.sort_key >= $5), array_agg(d.sort_key) FILTER (WHERE $6) '
        || 'FROM {TABLE} d WHERE ' || cond
        INTO total, level1, level2, everything USING q, low, high, floor1, floor2, positions;
    recent := COALESCE(cardinality(level1), 0);
    IF cardinality(level1) >= k THEN
        keys := ARRAY(SELECT u.key FROM unnest(level1) AS u(key) ORDER BY u.key DESC LIMIT k);
    ELSIF cardinality(level2) >= k OR cardinality(level2) = total THEN
        keys := ARRAY(SELECT u.key FROM unnest(level2) AS u(key) ORDER BY u.key DESC LIMIT k);
    ELSIF total = 0 THEN
        keys := '{{}}';
    ELSIF positions THEN
        keys := ARRAY(SELECT u.key FROM unnest(everything) AS u(key) ORDER BY u.key DESC LIMIT k);
    ELSE
        EXECUTE 'SELECT array(SELECT d.sort_key FROM {TABLE} d WHERE ' || cond || ' ORDER BY d.sort_key DESC LIMIT $4)'
            INTO keys USING q, low, high, k;
    END IF;
END $$"""

# Whether the windowed statement of portal_search_newest is planned as the GIN bitmap
# ANDed with the sort_key range.  Volatile because EXPLAIN is not allowed in a stable
# function (it reads no data); it plans under its caller's settings.
_BITMAP_AND = """
CREATE FUNCTION portal_search_bitmap_and(
    statement text, q tsquery, low bigint, high bigint, "window" bigint, k integer
) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || statement INTO plan USING q, low, high, "window", k;
    RETURN strpos(plan::text, '"BitmapAnd"') > 0;
END $$"""

_CANDIDATES = f"""
CREATE OR REPLACE FUNCTION portal_search_candidates(
    q_full tsquery, q_head tsquery, q_phrase tsquery, q_exact tsquery, q_exact_head tsquery,
    low bigint, high bigint, k integer, weights real[]
) RETURNS TABLE (tag integer, key bigint, score double precision)
LANGUAGE plpgsql STABLE SET enable_seqscan = off SET enable_indexscan = off SET jit = off AS $$
#variable_conflict use_column
DECLARE
    bounds bigint[];
    population bigint;
    floor1 bigint;
    floor2 bigint;
    "window" bigint;
    exact_window bigint;
    found record;
BEGIN
    -- The floors: the sort keys of about the newest 2% and 20% of the articles.  A word in
    -- 1 article in 7 has 300 matches among the newest 2% of 100,000; one in 70 among the
    -- newest 20%.  Without a date range they are read off the planner's histogram of
    -- sort_key (a stale one only makes the newest slices wider); in a date range, found
    -- by walking down the sort_key index (about 1 ms).
    IF low IS NULL AND high IS NULL THEN
        SELECT s.histogram_bounds::text::bigint[] INTO bounds
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
            WHERE c.oid = '{TABLE}'::regclass AND s.attname = 'sort_key';
    END IF;
    IF cardinality(bounds) >= 11 THEN
        floor1 := bounds[cardinality(bounds) - round((cardinality(bounds) - 1) * 0.02)::integer];
        floor2 := bounds[cardinality(bounds) - round((cardinality(bounds) - 1) * 0.2)::integer];
    ELSE
        SELECT GREATEST(c.reltuples, 0)::bigint INTO population FROM pg_class c WHERE c.oid = '{TABLE}'::regclass;
        IF population >= 100 THEN
            floor1 := portal_search_floor(population / 50, low, high);
            floor2 := portal_search_floor(population / 5, low, high);
        END IF;
    END IF;
    -- The matches: their count and the newest k.
    found := portal_search_newest('search_vector', q_full, low, high, k, floor1, floor2, NULL);
    RETURN QUERY SELECT 0, found.total, NULL::float8;
    IF found.total = 0 THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT 1, u.key, NULL::float8 FROM unnest(found.keys) AS u(key);
    -- The other sets: subsets of the matches (or nearly), which need no count.  Where
    -- the matches are dense enough among the newest 2% for a set of them to have k there
    -- too, the set is looked for there first (and read whole only if that falls short):
    -- a head set (a quarter to nine tenths of a one-word query's matches, a tenth or less
    -- of a longer one's) where the matches have 4 k there; the exact matches (most of
    -- them, unless the word has many accented forms) where they have 3 k.  Below that the
    -- window is often too thin, and looking there first costs a second index scan; wider
    -- windows (the newest 20%) were tried and saved nothing: the planner seldom ANDs the
    -- bitmaps for them.
    IF found.recent >= 4 * k THEN
        "window" := floor1;
    END IF;
    IF found.recent >= 3 * k THEN
        exact_window := floor1;
    END IF;
    found := portal_search_newest('head_vector', q_head, low, high, k, floor1, floor2, "window");
    -- ts_rank on the k rows kept only.
    RETURN QUERY SELECT 2, d.sort_key, ts_rank(weights, d.head_vector, q_head)::float8
        FROM {TABLE} d WHERE d.sort_key = ANY(found.keys);
    IF q_phrase IS NOT NULL THEN
        -- A query that is one quoted phrase is its own head phrase: the same set.
        IF q_phrase <> q_head THEN
            found := portal_search_newest('head_vector', q_phrase, low, high, k, floor1, floor2, "window");
        END IF;
        RETURN QUERY SELECT 3, u.key, NULL::float8 FROM unnest(found.keys) AS u(key);
    END IF;
    IF q_exact IS NOT NULL THEN
        found := portal_search_newest('exact_vector', q_exact, low, high, k, floor1, floor2, exact_window);
        RETURN QUERY SELECT 4, u.key, NULL::float8 FROM unnest(found.keys) AS u(key);
        found := portal_search_newest('head_vector', q_exact_head, low, high, k, floor1, floor2, "window");
        RETURN QUERY SELECT 5, u.key, NULL::float8 FROM unnest(found.keys) AS u(key);
    END IF;
END $$"""


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in (_FLOOR, _BITMAP_AND, _NEWEST, _CANDIDATES):
        schema_editor.execute(statement, params=None)


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    previous = importlib.import_module("toasoan.search.migrations.0002_fulltext")
    schema_editor.execute(
        previous._CANDIDATES.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1), params=None
    )
    schema_editor.execute(
        "DROP FUNCTION portal_search_newest(text, tsquery, bigint, bigint, integer, bigint, bigint, bigint)", params=None
    )
    schema_editor.execute("DROP FUNCTION portal_search_floor(bigint, bigint, bigint)", params=None)
    schema_editor.execute(
        "DROP FUNCTION portal_search_bitmap_and(text, tsquery, bigint, bigint, bigint, integer)", params=None
    )


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_fulltext")]

    operations = [migrations.RunPython(_forward, _backward)]
