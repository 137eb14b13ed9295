"""What readers may see: approved comments (public fields only) and their counts."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from toasoan.cache import queries

from ..models import Comment, CommentStatus

#: `Comment.PUBLIC_FIELDS` in the model's column order, as `Model.from_db` takes them.
_PUBLIC_COLUMNS = tuple(
    field.attname
    for field in Comment._meta.concrete_fields
    if field.attname in Comment.PUBLIC_FIELDS or field.name in Comment.PUBLIC_FIELDS
)


def _approved(page_id):
    return (
        Comment.objects.filter(page_id=page_id, status=CommentStatus.APPROVED)
        .order_by("created_at", "pk")
        .values_list(*_PUBLIC_COLUMNS)
    )


def approved_comments(page) -> list[Comment]:
    """The page's approved comments, oldest first, in one query, without any personal field.

    Every article render runs it: compiled once per connection (toasoan.cache.queries), the
    rows made comments with only their public fields (the others deferred, as `only()` does).
    """
    using = Comment.objects.db
    rows = queries.rows("approved-comments", _approved, (queries.Value("int"),), (page.pk,), using=using)
    return [Comment.from_db(using, _PUBLIC_COLUMNS, row) for row in rows]


def approved_count(outer_ref: str = "pk") -> Coalesce:
    """An expression for `.annotate(comment_count=approved_count())` on an article queryset.

    A correlated COUNT subquery: no JOIN or GROUP BY on the listing query, which keeps its
    window functions and ordering intact; answered from the (page, status, created_at) index.
    """
    counted = (
        Comment.objects.filter(page_id=OuterRef(outer_ref), status=CommentStatus.APPROVED)
        .order_by()
        .values("page_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def comment_count(page) -> int:
    """Approved comments of one page (lists that did not annotate use this)."""
    count = getattr(page, "comment_count", None)
    if isinstance(count, int):
        return count
    return Comment.objects.filter(page_id=page.pk, status=CommentStatus.APPROVED).count()
