"""What a change to a document makes stale elsewhere: its registry's list, feed and JSON listing,
and the documents it names (they show it as their replacement, amendment…, and their status).
A draft for public comment: its registry's pages (the drafts' list and feed, the box of open
drafts on the registry's page)."""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page

from toasoan.sections.registry import Stale, own_paths

from ..models import DocumentRelation, LegalDocumentPage, LegalDraftPage, LegalIndexPage


def stale_registry(page: Page, tag_slugs=None) -> list[Stale]:
    if page.specific_class not in (LegalDocumentPage, LegalDraftPage):
        return []
    stale: list[Stale] = []
    parent = page.get_parent()
    if parent is not None and parent.specific_class is LegalIndexPage:
        stale += own_paths(parent.specific)
    if page.specific_class is LegalDraftPage:
        return stale
    related = DocumentRelation.objects.filter(Q(source_id=page.pk) | Q(target_id=page.pk))
    targets = LegalDocumentPage.objects.filter(
        Q(pk__in=related.values("target_id")) | Q(pk__in=related.values("source_id"))
    ).exclude(pk=page.pk)
    for target in targets:
        stale += own_paths(target)
    return stale
