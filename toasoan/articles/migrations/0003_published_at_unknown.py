from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_published_at_at_go_live"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlepage",
            name="published_at_unknown",
            field=models.BooleanField(default=False, editable=False, verbose_name="Không rõ thời gian đăng"),
        ),
    ]
