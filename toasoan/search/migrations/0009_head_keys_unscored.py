"""PostgreSQL: the head set's keys are returned as read, without ``ts_rank``.

0002 to 0007 scored each of the head set's k newest rows with ``ts_rank`` over its head
vector, a read of every one of those rows' vectors (stored out of line), and no caller used
the scores: ranking reads the positions it needs through ``details``. The function loses
its ``weights`` argument and its ``score`` column.
"""

import importlib

from django.db import migrations

previous = importlib.import_module("toasoan.search.migrations.0007_head_counted_first")

_OLD_SIGNATURE = (
    "portal_search_candidates(tsquery, tsquery, tsquery, tsquery, tsquery, bigint, bigint, integer, "
    "real[], integer, bigint[])"
)
_NEW_SIGNATURE = (
    "portal_search_candidates(tsquery, tsquery, tsquery, tsquery, tsquery, bigint, bigint, integer, "
    "integer, bigint[])"
)


def _unscored(source: str) -> str:
    scored = (
        "RETURN QUERY SELECT 2, d.sort_key, ts_rank(weights, d.head_vector, q_head)::float8\n"
        f"        FROM {previous.TABLE} d WHERE d.sort_key = ANY(head.keys);"
    )
    assert scored in source, "0007's function is not the one this migration rewrites"
    source = source.replace(scored, "RETURN QUERY SELECT 2, u.key FROM unnest(head.keys) AS u(key);")
    source = source.replace("    -- ts_rank on the k rows kept only.\n", "")
    columns = "RETURNS TABLE (tag integer, key bigint, score double precision)"
    assert columns in source
    source = source.replace(columns, "RETURNS TABLE (tag integer, key bigint)")
    source = source.replace(", NULL::float8", "")
    signature = "low bigint, high bigint, k integer, weights real[], counted integer, given_floors bigint[]"
    assert signature in source
    source = source.replace(signature, signature.replace(" weights real[],", ""))
    return source.replace("CREATE OR REPLACE FUNCTION", "CREATE FUNCTION", 1)


_CANDIDATES = _unscored(previous._CANDIDATES)


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP FUNCTION {_OLD_SIGNATURE}", params=None)
    schema_editor.execute(_CANDIDATES, params=None)


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP FUNCTION {_NEW_SIGNATURE}", params=None)
    schema_editor.execute(previous._CANDIDATES, params=None)


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0008_rare_or_estimated")]

    operations = [migrations.RunPython(_forward, _backward)]
