"""Before a document is saved, its number, files and search key are filled (services.indexing);
before a draft for public comment is saved, its files' type, size and text."""

from __future__ import annotations

from django.db.models.signals import pre_save

from .models import LegalDocumentPage, LegalDraftPage
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


def fill_draft_files(sender, instance: LegalDraftPage, raw: bool = False, update_fields=None, **kwargs):
    # Saves of some fields only are Wagtail's bookkeeping; the files come with full saves.
    if raw or update_fields is not None:
        return
    indexing.prepare_files(instance)


def register() -> None:
    pre_save.connect(fill_search_fields, sender=LegalDocumentPage, dispatch_uid="legal_fill_search_fields")
    pre_save.connect(fill_draft_files, sender=LegalDraftPage, dispatch_uid="legal_fill_draft_files")
