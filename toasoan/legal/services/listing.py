"""The registry's lists: one query for the documents, one per prefetched relation, whatever their number.

Search is a folded key per document (`search_text`: number, trích yếu, issuer, signer, field, the
files' text) matched token by token, every token required; and the number typed any way
(`number_key`, vntext.docnumbers). Plain `LIKE` scans: right for a registry of thousands of
documents, not for millions (docs/legal.md).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q
from wagtail.query import PageQuerySet

from toasoan import vntext
from toasoan.articles.services.listing import public
from toasoan.vntext import docnumbers

from ..models import Issuer, LegalAttachment, LegalDocumentPage, LegalIndexPage, Topic
from . import status

PAGE_SIZE = 20
PAGE_PARAM = "trang"


def attachments_prefetch() -> Prefetch:
    return Prefetch(
        "attachments",
        queryset=LegalAttachment.objects.select_related("document")
        .defer("text")
        .order_by("sort_order", "pk"),
    )


def documents(index: LegalIndexPage | None = None, day: date | None = None) -> PageQuerySet:
    """Live, public documents (of `index`), newest issued first, with `status`, issuer, field and files."""
    queryset = public(LegalDocumentPage.objects.live())
    if index is not None:
        queryset = queryset.child_of(index)
    return (
        status.with_status(queryset, day)
        .defer("full_text", "search_text")
        .select_related("issuer", "topic")
        .prefetch_related(attachments_prefetch())
        .order_by("-issued_date", "-pk")
    )


def search(queryset: PageQuerySet, query: str) -> PageQuerySet:
    """Every folded token of `query` in the search key, or `query` naming the document's number."""
    words = vntext.fold(query).split()
    if not words:
        return queryset
    text = Q()
    for word in words:
        text &= Q(search_text__contains=word)
    number = Q()
    for pattern in docnumbers.key_patterns(query):
        number |= Q(number_key__contains=pattern)
    return queryset.filter(text | number) if number else queryset.filter(text)


def apply_filters(queryset: PageQuerySet, filters: dict) -> PageQuerySet:
    """`filters`: FilterForm.valid_filters()."""
    if "loai" in filters:
        queryset = queryset.filter(document_type=filters["loai"])
    if "coquan" in filters:
        queryset = queryset.filter(issuer_id=filters["coquan"])
    if "linhvuc" in filters:
        queryset = queryset.filter(topic_id=filters["linhvuc"])
    if "nam" in filters:
        year = filters["nam"]
        queryset = queryset.filter(issued_date__gte=date(year, 1, 1), issued_date__lte=date(year, 12, 31))
    if "hieuluc" in filters:
        queryset = queryset.filter(status=filters["hieuluc"])
    if "q" in filters:
        queryset = search(queryset, filters["q"])
    return queryset


def filter_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(issuers, fields) for the filter form: two small queries."""
    issuers = [(pk, name) for pk, name in Issuer.objects.order_by("name").values_list("pk", "name")]
    topics = [(pk, name) for pk, name in Topic.objects.order_by("name").values_list("pk", "name")]
    return issuers, topics
