"""What readers may see: approved comments (public fields only) and their counts."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ..models import Comment, CommentStatus


def approved_comments(page) -> list[Comment]:
    """The page's approved comments, oldest first, in one query, without any personal field."""
    return list(
        Comment.objects.filter(page_id=page.pk, status=CommentStatus.APPROVED)
        .only(*Comment.PUBLIC_FIELDS)
        .order_by("created_at", "pk")
    )


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
