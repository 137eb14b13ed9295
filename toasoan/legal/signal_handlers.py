"""Before a document is saved, its number, files and search key are filled (services.indexing)."""

from __future__ import annotations

from django.db.models.signals import pre_save

from .models import LegalDocumentPage
from .services import indexing

#: Saves that touch none of these leave the stored search fields as they are (Wagtail's
#: bookkeeping saves: `latest_revision`, `live`, `has_unpublished_changes`…).
SOURCE_FIELDS = frozenset({"number", "title", "document_type", "issuer", "signer", "topic"})


def fill_search_fields(sender, instance: LegalDocumentPage, raw: bool = False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not SOURCE_FIELDS & set(update_fields):
        return
    indexing.prepare(instance)


def register() -> None:
    pre_save.connect(fill_search_fields, sender=LegalDocumentPage, dispatch_uid="legal_fill_search_fields")
