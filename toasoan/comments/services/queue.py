"""The moderation queue: comments filtered by status, page, date and text."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from toasoan import vntext
from toasoan.sections.portal import under
from toasoan.vntext.dates import VIETNAM_TZ

from ..models import Comment, CommentStatus

STATUS_ALL = "all"


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VIETNAM_TZ)


def filter_comments(
    *,
    status: str | None = CommentStatus.PENDING,
    page_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    text: str = "",
    within: tuple[str, ...] | None = None,
) -> QuerySet[Comment]:
    """Comments for the queue; dates are days in Vietnam time, inclusive; text ignores diacritics;
    `within`: the tree paths of the moderator's portals (None: every portal)."""
    comments = Comment.objects.filter(under(within, "page__path")).select_related("page", "decided_by")
    if status and status != STATUS_ALL:
        comments = comments.filter(status=status)
    if page_id:
        comments = comments.filter(page_id=page_id)
    if date_from:
        comments = comments.filter(created_at__gte=_day_start(date_from))
    if date_to:
        comments = comments.filter(created_at__lt=_day_start(date_to + timedelta(days=1)))
    for word in vntext.fold(text).split()[:10]:
        comments = comments.filter(search_key__contains=word)
    # The oldest waiting first: readers have waited longest for those.
    ordering = ("created_at", "pk") if status == CommentStatus.PENDING else ("-created_at", "-pk")
    return comments.order_by(*ordering)


def pending_count(within: tuple[str, ...] | None = None) -> int:
    return Comment.objects.pending().filter(under(within, "page__path")).count()
