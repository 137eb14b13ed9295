"""Wagtail's default groups, and the review workflow named after them, get Vietnamese names.

Wagtail's own migrations create "Editors" and "Moderators" (and the "Moderators approval"
workflow and task on the root page) and find them again by those names; they have all run by
now (editorial 0001 and 0002 depend on them). A rename keeps each row, so every permission
(model, page, collection) and every member stays. A name already taken by an administrator's
own group is left alone.
"""

from django.db import migrations

GROUP_NAMES = {"Editors": "Biên tập viên", "Moderators": "Người duyệt bài"}
REVIEW_NAMES = {"Moderators approval": "Duyệt bài"}


def _rename(model, names: dict[str, str]) -> None:
    for old, new in names.items():
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def to_vietnamese(apps, schema_editor):
    _rename(apps.get_model("auth", "Group"), GROUP_NAMES)
    _rename(apps.get_model("wagtailcore", "Workflow"), REVIEW_NAMES)
    _rename(apps.get_model("wagtailcore", "Task"), REVIEW_NAMES)


def to_english(apps, schema_editor):
    review_names = {new: old for old, new in REVIEW_NAMES.items()}
    _rename(apps.get_model("auth", "Group"), {new: old for old, new in GROUP_NAMES.items()})
    _rename(apps.get_model("wagtailcore", "Workflow"), review_names)
    _rename(apps.get_model("wagtailcore", "Task"), review_names)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_setup_newsroom"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_vietnamese, to_english)]
