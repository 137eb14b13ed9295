"""Managing editors keep their portal's link groups: the permissions reach the groups made before."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ("add_linkgroup", "change_linkgroup", "delete_linkgroup", "view_linkgroup")
MANAGING_EDITOR = "managing_editor"


def grant(apps, schema_editor):
    links = apps.get_app_config("links")
    links.models_module = True
    create_permissions(links, apps=apps, verbosity=0)
    links.models_module = None
    Permission = apps.get_model("auth", "Permission")
    NewsroomGroup = apps.get_model("editorial", "NewsroomGroup")
    permissions = list(Permission.objects.filter(content_type__app_label="links", codename__in=CODENAMES))
    for row in NewsroomGroup.objects.filter(role=MANAGING_EDITOR).select_related("group"):
        row.group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_vietnamese_default_groups"),
        ("links", "0002_group_site"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
