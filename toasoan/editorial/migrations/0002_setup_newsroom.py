"""Configure the newsroom on install: groups, permissions and the review workflow (services.newsroom)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def setup_newsroom(apps, schema_editor):
    from toasoan.editorial.services import newsroom

    # Permissions are normally created after the last migration (post_migrate); the groups
    # need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    newsroom.setup_newsroom(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("sections", "0002_create_homepage"),
        ("articles", "0001_initial"),
        ("comments", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(setup_newsroom, migrations.RunPython.noop)]
