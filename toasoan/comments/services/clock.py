"""The time every comment rule reads; tests replace `now` to control it."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def timestamp() -> float:
    return now().timestamp()
