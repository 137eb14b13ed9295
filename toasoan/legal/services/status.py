"""Tình trạng hiệu lực at a given day, from the document's dates and what other documents do to it.

At day `d`, in this order:
- chưa có hiệu lực: its effective date (the issue date when none) is after `d`;
- hết hiệu lực: its end date is `d` or before;
- bị thay thế: a live document replacing it is in force (its own effective date has come);
- hết hiệu lực một phần: a live document amending or partly repealing it is in force;
- còn hiệu lực otherwise.
The same rules are written twice, in Python for one page (`status_at`) and in SQL for lists
(`status_expression`, so a list filters and shows it in its own query); the tests hold them equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from toasoan.articles.services.listing import restricted

from ..models import DocumentRelation, LegalDocumentPage, RelationKind, Status

PARTLY_KINDS = (RelationKind.AMENDS, RelationKind.PARTLY_REPEALS)


def today() -> date:
    """The day in Vietnam (TIME_ZONE) now."""
    return timezone.localdate()


def compute(
    day: date,
    *,
    issued: date,
    effective: date | None,
    expiry: date | None,
    replaced_from: Iterable[date] = (),
    partly_from: Iterable[date] = (),
) -> Status:
    """The status at `day`; `replaced_from`/`partly_from`: the days the live documents replacing,
    amending or partly repealing it come into force."""
    if (effective or issued) > day:
        return Status.NOT_YET
    if expiry is not None and expiry <= day:
        return Status.EXPIRED
    if any(start <= day for start in replaced_from):
        return Status.REPLACED
    if any(start <= day for start in partly_from):
        return Status.PARTLY
    return Status.IN_FORCE


def _start(relation: DocumentRelation) -> date:
    return relation.source.effective_date or relation.source.issued_date


def status_at(
    page: LegalDocumentPage, day: date | None = None, inverse: Iterable[DocumentRelation] | None = None
) -> Status:
    """`page`'s status at `day` (today). `inverse`: its relations from other documents with their
    sources joined, when the caller has them; else one query."""
    day = day or today()
    if inverse is None:
        inverse = live_inverse_relations(page)
    inverse = list(inverse)
    return compute(
        day,
        issued=page.issued_date,
        effective=page.effective_date,
        expiry=page.expiry_date,
        replaced_from=[_start(r) for r in inverse if r.kind == RelationKind.REPLACES],
        partly_from=[_start(r) for r in inverse if r.kind in PARTLY_KINDS],
    )


def live_inverse_relations(page: LegalDocumentPage):
    """Relations other live, public documents have to `page`, their sources joined."""
    return (
        DocumentRelation.objects.filter(target=page, source__live=True)
        .exclude(restricted("source__path"))
        .select_related("source", "source__issuer")
        .order_by("source__issued_date", "pk")
    )


def _in_force_relation(day: date, kinds) -> Exists:
    return Exists(
        DocumentRelation.objects.annotate(
            source_start=Coalesce("source__effective_date", "source__issued_date")
        ).filter(target=OuterRef("pk"), kind__in=kinds, source__live=True, source_start__lte=day)
    )


def status_expression(day: date | None = None) -> Case:
    """`compute` in SQL, for `.annotate(status=…)` on LegalDocumentPage rows."""
    day = day or today()
    return Case(
        When(
            Q(effective_date__gt=day) | Q(effective_date__isnull=True, issued_date__gt=day),
            then=Value(Status.NOT_YET),
        ),
        When(expiry_date__lte=day, then=Value(Status.EXPIRED)),
        When(_in_force_relation(day, [RelationKind.REPLACES]), then=Value(Status.REPLACED)),
        When(_in_force_relation(day, PARTLY_KINDS), then=Value(Status.PARTLY)),
        default=Value(Status.IN_FORCE),
        output_field=CharField(),
    )


def with_status(queryset, day: date | None = None):
    return queryset.annotate(status=status_expression(day))
