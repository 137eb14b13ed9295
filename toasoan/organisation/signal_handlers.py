"""Before a unit or a person is saved, its search key and phone form are filled (services.indexing)."""

from __future__ import annotations

from django.db.models.signals import pre_save

from .models import Person, UnitPage
from .services import indexing

#: Saves that touch none of these leave the stored fields as they are (Wagtail's bookkeeping saves).
UNIT_FIELDS = frozenset({"title", "phone"})


def fill_unit(sender, instance: UnitPage, raw: bool = False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not UNIT_FIELDS & set(update_fields)):
        return
    indexing.prepare_unit(instance)


def fill_person(sender, instance: Person, raw: bool = False, **kwargs):
    if not raw:
        indexing.prepare_person(instance)


def register() -> None:
    pre_save.connect(fill_unit, sender=UnitPage, dispatch_uid="organisation_fill_unit")
    pre_save.connect(fill_person, sender=Person, dispatch_uid="organisation_fill_person")
