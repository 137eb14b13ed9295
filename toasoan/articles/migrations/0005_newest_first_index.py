"""An index in the order every list reads articles, newest first (`listing.NEWEST_FIRST`:
`published_at DESC NULLS LAST, id DESC`), on PostgreSQL only.

PostgreSQL sorts NULLs first in a descending order unless told: `article_pub_order`
(`published_at, page_ptr_id`, ascending) read backwards gives `DESC NULLS FIRST`, which does
not serve `DESC NULLS LAST`, so every list sorted its articles. SQLite puts NULLs last in a
descending order anyway and reads `article_pub_order` backwards for it; it refuses `NULLS
LAST` in an index, so the model's `Meta.indexes` cannot declare this one for both engines and
it is not in the model's state (`makemigrations` does not see it).
"""

from django.db import migrations

CREATE_POSTGRESQL = (
    "CREATE INDEX IF NOT EXISTS article_newest_first "
    "ON articles_articlepage (published_at DESC NULLS LAST, page_ptr_id DESC)"
)
DROP_POSTGRESQL = "DROP INDEX IF EXISTS article_newest_first"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_POSTGRESQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_POSTGRESQL)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_related_documents_block"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
