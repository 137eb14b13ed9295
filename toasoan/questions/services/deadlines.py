"""The target answer date: QUESTIONS_ANSWER_WORKING_DAYS working days (Monday to Friday) after the
day a question arrives, in Vietnam time. Public holidays are not counted out: the date is a target
the agency sets itself, shown to its staff, and a holiday only makes it earlier, never later."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings

from toasoan.comments.services import clock
from toasoan.vntext.dates import VIETNAM_TZ

SATURDAY = 5


def working_days() -> int:
    return max(0, int(getattr(settings, "QUESTIONS_ANSWER_WORKING_DAYS", 10)))


def add_working_days(start: date, days: int) -> date:
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < SATURDAY:
            left -= 1
    return day


def due_on(created_at: datetime) -> date:
    return add_working_days(created_at.astimezone(VIETNAM_TZ).date(), working_days())


def today() -> date:
    return clock.now().astimezone(VIETNAM_TZ).date()


def is_overdue(status: str, due: date | None, on: date | None = None) -> bool:
    """Still unanswered past its target date."""
    from ..models import OPEN_STATUSES

    return status in OPEN_STATUSES and due is not None and due < (on or today())
