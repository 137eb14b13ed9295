import django.db.models.deletion
from django.db import migrations, models


def fill_site(apps, schema_editor):
    """Rows made before portals had their own index lead to a page: its portal is the Site whose
    home holds it; a fixed target (a file) belongs to the default Site, as it was answered there."""
    LegacyUrl = apps.get_model("nukeviet", "LegacyUrl")
    Site = apps.get_model("wagtailcore", "Site")
    if not LegacyUrl.objects.exists():
        return
    sites = sorted(
        Site.objects.values_list("pk", "root_page__path", "is_default_site"),
        key=lambda row: len(row[1]),
        reverse=True,
    )
    default = next((pk for pk, _path, is_default in sites if is_default), None)
    for row in LegacyUrl.objects.values_list("pk", "page__path").iterator():
        pk, path = row
        site = next((site for site, root, _d in sites if path and path.startswith(root)), default)
        if site is None:
            LegacyUrl.objects.filter(pk=pk).delete()  # no portal to answer it; a rebuild restores it
        else:
            LegacyUrl.objects.filter(pk=pk).update(site_id=site)


class Migration(migrations.Migration):
    dependencies = [
        ("nukeviet", "0002_legacy_url"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="legacyurl",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="Cổng",
            ),
        ),
        migrations.RunPython(fill_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="legacyurl",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="Cổng",
            ),
        ),
        migrations.AlterField(
            model_name="legacyurl",
            name="key",
            field=models.CharField(max_length=255, verbose_name="Địa chỉ cũ (chuẩn hóa)"),
        ),
        migrations.AddConstraint(
            model_name="legacyurl",
            constraint=models.UniqueConstraint(fields=("site", "key"), name="nukeviet_url_site_key"),
        ),
    ]
