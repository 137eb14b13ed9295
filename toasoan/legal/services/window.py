"""A draft's comment window: open from 00:00 of its first day to 24:00 of its last, Vietnamese time.

Pure functions of dates and instants (no model), so the page model, the lists, the midnight job
and the comments app's question "open now?" all read one rule.

Cached copies: a page showing a window's state is stored by the page cache, baked files, nginx
and a CDN, for at most `horizon()`. A response rendered less than that before the window opens or
closes is sent `private, no-cache` (stored nowhere), so no copy saying "open" can be served after
24:00 of the last day even if the midnight job (services.daily) runs late or not at all; the job
then purges what was stored earlier, so the change shows on the very next request.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from toasoan.vntext.dates import VIETNAM_TZ, format_date

#: Beyond the longest time any cache keeps a page: nginx's own 30 s and a minute of clock drift.
HORIZON_MARGIN = timedelta(seconds=90)
NOT_STORED = "private, no-cache"


class DraftState(StrEnum):
    UPCOMING = "sap-lay-y-kien"
    OPEN = "dang-lay-y-kien"
    CLOSED = "het-han-lay-y-kien"
    REPORTED = "da-co-bao-cao"


LABELS = {
    DraftState.UPCOMING: gettext_lazy("Sắp lấy ý kiến"),
    DraftState.OPEN: gettext_lazy("Đang lấy ý kiến"),
    DraftState.CLOSED: gettext_lazy("Đã hết hạn lấy ý kiến"),
    DraftState.REPORTED: gettext_lazy("Đã có báo cáo tiếp thu"),
}


def opens_at(first_day: date) -> datetime:
    return datetime.combine(first_day, time.min, tzinfo=VIETNAM_TZ)


def closes_at(last_day: date) -> datetime:
    """24:00 of the last day: the first instant of the next one."""
    return datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=VIETNAM_TZ)


def _now(at: datetime | None) -> datetime:
    return timezone.now() if at is None else at


def is_open(first_day: date, last_day: date, at: datetime | None = None) -> bool:
    if first_day is None or last_day is None:
        return False
    return opens_at(first_day) <= _now(at) < closes_at(last_day)


def state(first_day: date, last_day: date, has_feedback: bool, at: datetime | None = None) -> DraftState:
    now = _now(at)
    if now < opens_at(first_day):
        return DraftState.UPCOMING
    if now < closes_at(last_day):
        return DraftState.OPEN
    return DraftState.REPORTED if has_feedback else DraftState.CLOSED


def label(value: DraftState) -> str:
    return str(LABELS[value])


def period_text(first_day: date, last_day: date) -> str:
    """ "Lấy ý kiến từ 01/12/2026 đến hết 31/12/2026"."""
    return _("Lấy ý kiến từ %(start)s đến hết %(end)s") % {
        "start": format_date(first_day),
        "end": format_date(last_day),
    }


def closed_message(first_day: date, last_day: date, at: datetime | None = None) -> str:
    """Why a comment is refused now, with the window's dates."""
    if _now(at) < opens_at(first_day):
        return _(
            "Dự thảo này chưa đến thời gian lấy ý kiến: ý kiến được nhận từ 00 giờ ngày %(start)s "
            "đến hết ngày %(end)s."
        ) % {"start": format_date(first_day), "end": format_date(last_day)}
    return _(
        "Dự thảo này đã hết hạn lấy ý kiến (hạn cuối: hết ngày %(end)s), nên bình luận của bạn "
        "không được gửi đi."
    ) % {"end": format_date(last_day)}


def next_change(first_day: date, last_day: date, at: datetime | None = None) -> datetime | None:
    """The next instant the window opens or closes, or None when both have passed."""
    now = _now(at)
    for moment in (opens_at(first_day), closes_at(last_day)):
        if now < moment:
            return moment
    return None


def horizon() -> timedelta:
    """The longest any cache may keep a page after it was rendered."""
    longest = max(settings.PAGE_CACHE_SECONDS, settings.CDN_MAX_AGE, settings.BROWSER_MAX_AGE)
    return timedelta(seconds=longest) + HORIZON_MARGIN


def near(moment: datetime | None, at: datetime | None = None) -> bool:
    return moment is not None and _now(at) + horizon() >= moment


def guard(response, moment: datetime | None, at: datetime | None = None):
    """Keep `response` out of every cache when a window opens or closes within `horizon()`."""
    if near(moment, at) and response.status_code == 200:
        response["Cache-Control"] = NOT_STORED
    return response
