"""PostgreSQL: a slice read planned on the window's indexes counts as a slice read.

`portal_search_plan` told how the slice statement of `portal_search_matches` would be read: the
set's GIN bitmap ANDed with the sort-key range's ("and": only the slice's matches are visited),
the GIN bitmap alone ("gin": every match), or down the sort-key range ("range"). A window of the
newest articles with GIN indexes of their own (services/window.py) is a fourth way, the best
one: its bitmap holds the slice's matches only. Planned on a window's index, a slice is "and".
"""

import importlib

from django.db import migrations

previous = importlib.import_module("toasoan.search.migrations.0005_counted")

_SLICE_TEST = """    IF strpos(plan, '"BitmapAnd"') > 0 THEN"""
_WINDOW_TOO = """    IF strpos(plan, '"BitmapAnd"') > 0 OR strpos(plan, '"portal_search_recent_') > 0 THEN"""
assert _SLICE_TEST in previous._PLAN, "0005's function is not the one this migration rewrites"
_PLAN = previous._PLAN.replace(_SLICE_TEST, _WINDOW_TOO).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_PLAN, params=None)


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            previous._PLAN.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1), params=None
        )


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0009_head_keys_unscored")]

    operations = [migrations.RunPython(_forward, _backward)]
