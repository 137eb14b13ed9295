"""Fixtures for the articles' tests: an editor in the admin and a clock the test controls."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from toasoan import vntext


class Clock:
    """`django.utils.timezone.now` under the test's control (Wagtail and the models read it)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, value: datetime | str) -> datetime:
        self.now = vntext.parse_datetime(value) if isinstance(value, str) else value
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    controlled = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(timezone, "now", controlled)
    return controlled


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-rat-dai-123")


@pytest.fixture
def editor_client(client, editor):
    from toasoan.accounts.testing import login_verified

    login_verified(client, editor)
    return client
