"""What the newsroom dashboard shows: each function is one or two queries, whatever the data size.

"Waiting for my review" is Wagtail's own panel (with `SectionApprovalTask` deciding what a
section editor sees); the functions here add my drafts, today's schedule, comments waiting
and, when an analytics app provides view counts, today's most read.

`within`: the tree paths of the portals the user works on (`sections.portal.staff_portal_paths`;
None: every portal): a commune's editors never see another portal's schedule, comments or counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.apps import apps
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, Revision, get_default_page_content_type

from toasoan.sections.portal import under

DRAFTS_LIMIT = 10
SCHEDULE_LIMIT = 20
COMMENTS_LIMIT = 5
MOST_READ_LIMIT = 10
#: View counts come from this app (`analytics.services.stats.most_read()`).
ANALYTICS_APP = "toasoan.analytics"


@dataclass(frozen=True)
class ScheduledItem:
    at: datetime
    page_id: int
    title: str
    action: str  # "publish" or "expire"


@dataclass(frozen=True)
class MostRead:
    page_id: int
    title: str
    url: str
    views: int


def today_bounds(now: datetime | None = None) -> tuple[datetime, datetime]:
    """Start and end of the current day in the active time zone (Asia/Ho_Chi_Minh)."""
    local = timezone.localtime(now or timezone.now())
    start = timezone.make_aware(datetime.combine(local.date(), time.min), local.tzinfo)
    return start, start + timedelta(days=1)


def my_drafts(user, limit: int = DRAFTS_LIMIT) -> list[Page]:
    """Pages the user owns or last edited that hold unpublished work, newest first."""
    return list(
        Page.objects.filter(Q(owner=user) | Q(latest_revision__user=user), has_unpublished_changes=True)
        .exclude(depth__lte=2)
        .only("id", "title", "draft_title", "live", "latest_revision_created_at", "has_unpublished_changes")
        .order_by("-latest_revision_created_at", "-pk")[:limit]
    )


def scheduled_today(
    now: datetime | None = None, limit: int = SCHEDULE_LIMIT, within: tuple[str, ...] | None = None
) -> list[ScheduledItem]:
    """Pages going live or coming down between now and the end of today (Hanoi time)."""
    current = now or timezone.now()
    _start, end = today_bounds(current)
    page_type = get_default_page_content_type()
    revisions = Revision.objects.filter(
        base_content_type=page_type, approved_go_live_at__gte=current, approved_go_live_at__lt=end
    )
    if within is not None:
        pages = Page.objects.filter(under(within)).annotate(key=Cast("pk", CharField())).values("key")
        revisions = revisions.filter(object_id__in=pages)
    going_live = [
        ScheduledItem(at, int(object_id), title, "publish")
        for at, object_id, title in revisions.order_by("approved_go_live_at").values_list(
            "approved_go_live_at", "object_id", "object_str"
        )[:limit]
    ]
    expiring = [
        ScheduledItem(at, pk, title, "expire")
        for at, pk, title in Page.objects.filter(
            under(within), live=True, expire_at__gte=current, expire_at__lt=end
        )
        .order_by("expire_at")
        .values_list("expire_at", "pk", "title")[:limit]
    ]
    return sorted([*going_live, *expiring], key=lambda item: item.at)[:limit]


def comments_installed() -> bool:
    return apps.is_installed("toasoan.comments")


def pending_comments(
    limit: int = COMMENTS_LIMIT, within: tuple[str, ...] | None = None
) -> tuple[int, list] | None:
    """(count, newest few) of readers' comments waiting for a moderator; None without the app."""
    if not comments_installed():
        return None
    Comment = apps.get_model("comments", "Comment")
    pending = Comment.objects.filter(under(within, "page__path"), status="pending")
    newest = list(
        pending.select_related("page")
        .only("id", "name", "title", "created_at", "page__id", "page__title")
        .order_by("-created_at")[:limit]
    )
    count = len(newest) if len(newest) < limit else pending.count()
    return count, newest


def most_read_today(
    limit: int = MOST_READ_LIMIT, within: tuple[str, ...] | None = None
) -> list[MostRead] | None:
    """Today's most read articles, counted by the analytics app; None when no app counts views."""
    if not apps.is_installed(ANALYTICS_APP):
        return None
    from toasoan.analytics.services.stats import most_read

    # `most_read` narrows by a page's tree path: each portal's home stands for it.
    scopes = [None] if within is None else [SimpleNamespace(path=path) for path in within]
    found = [
        MostRead(article.pk, article.title, article.url or "", article.view_count or 0)
        for scope in scopes
        for article in most_read("day", within=scope, limit=limit)
    ]
    return sorted(found, key=lambda item: -item.views)[:limit]
