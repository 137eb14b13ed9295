"""Comments attach to any page, not only articles.

An article's id is its page's id (multi-table inheritance), so renaming the column and pointing
its key at wagtailcore.Page keeps every existing comment where it was.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_rate_limit_bucket"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="comment", name="comment_article_status"),
        migrations.RenameField(model_name="comment", old_name="article", new_name="page"),
        migrations.AlterField(
            model_name="comment",
            name="page",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reader_comments",
                to="wagtailcore.page",
                verbose_name="Trang được bình luận",
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["page", "status", "created_at"], name="comment_page_status"),
        ),
    ]
