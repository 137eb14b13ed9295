"""PostgreSQL: the search's GIN indexes keep short pending lists.

A GIN index with ``fastupdate`` (PostgreSQL's default) adds a new row's entries to a pending list,
merged into the index by VACUUM or once the list passes ``gin_pending_list_limit`` (4 MB by
default). Every search reads the whole list of each index it uses. After a day of publishing
the lists are there nearly all the time (autovacuum comes after a fifth of the table has
changed), and every search pays for reading them (measured in docs/search.md, "Pending lists").
A short list costs a search little, and a write still merges its entries in batches.

The windows (services/window.py) are made with the same limit; this sets it on any made before.
"""

from django.db import migrations

TABLE = "portal_search_searchdocument"
#: kB; the same as services/window.py's PENDING_LIST_KB when this was written.
LIMIT = 256
_INDEXES = f"""
SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = '{TABLE}'::regclass
  AND (c.relname IN ('{TABLE}_search_vector_gin', '{TABLE}_head_vector_gin', '{TABLE}_exact_vector_gin')
       OR c.relname LIKE 'portal\\_search\\_recent\\_%')
"""


def _set(statement: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(_INDEXES)
            names = [row[0] for row in cursor.fetchall()]
        for name in names:
            schema_editor.execute(statement.format(index=schema_editor.quote_name(name)), params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0010_recent_window")]

    operations = [
        migrations.RunPython(
            _set(f"ALTER INDEX {{index}} SET (gin_pending_list_limit = {LIMIT})"),
            _set("ALTER INDEX {index} RESET (gin_pending_list_limit)"),
        )
    ]
