"""Replace Wagtail's "Welcome" page with our HomePage, so a fresh `migrate` gives a working portal."""

from django.db import migrations

HOME_TITLE = "Trang chủ"


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("sections.HomePage")

    if HomePage.objects.exists():
        return
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    welcome = Page.objects.filter(depth=2, content_type=page_type, slug="home", numchild=0).first()
    if welcome is None:
        return  # an existing installation with its own tree: leave it alone
    path = welcome.path
    welcome.delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="sections")
    locale = Locale.objects.order_by("pk").first()
    home = HomePage.objects.create(
        title=HOME_TITLE,
        draft_title=HOME_TITLE,
        slug="home",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk, "site_name": ""}
    )


def remove_homepage(apps, schema_editor):
    # Leave the tree as it is on the way back: deleting published content is never automatic.
    return


class Migration(migrations.Migration):
    dependencies = [
        ("sections", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
