"""The locales of the content: Vietnamese (every existing page) and English (docs/english.md)."""

from django.db import migrations


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    if not Locale.objects.filter(language_code="vi").exists():
        # Wagtail made its first locale from LANGUAGE_CODE as it was then; the pages written under
        # it are Vietnamese, so that locale becomes "vi" rather than a second one being added.
        first = Locale.objects.order_by("pk").first()
        if first is not None and not Page.objects.exclude(locale=first).exclude(depth=1).exists():
            first.language_code = "vi"
            first.save(update_fields=["language_code"])
        else:
            Locale.objects.create(language_code="vi")
    Locale.objects.get_or_create(language_code="en")


def keep_locales(apps, schema_editor):
    # Pages may use the English locale by now: it stays on the way back.
    return


class Migration(migrations.Migration):
    dependencies = [
        ("sections", "0004_contentpage_role"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales, keep_locales)]
