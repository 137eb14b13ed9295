from __future__ import annotations

import datetime as dt

import pytest

PASSWORD = "mat-khau-bien-tap-rat-dai-2026"
LOGIN_URL = "/admin/login/"


@pytest.fixture
def editor(db):
    """An editor with admin access (a group of its own with only that permission)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    user = get_user_model().objects.create_user("bientap", "bientap@example.vn", PASSWORD)
    group, _ = Group.objects.get_or_create(name="Biên tập thử")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def reader_account(db):
    """An account without admin access (no second factor is asked of it)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("bandoc", "bandoc@example.vn", PASSWORD)


class Clock:
    """A controlled clock for django-axes (timezone.now) and the session limits (time.time)."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)

    def timestamp(self) -> float:
        return self.now.timestamp()


@pytest.fixture
def clock(monkeypatch):
    import axes.attempts
    import axes.handlers.proxy
    import django.utils.timezone

    from toasoan.accounts.services import sessions

    controlled = Clock()
    for module in (django.utils.timezone, axes.attempts, axes.handlers.proxy):
        monkeypatch.setattr(module, "now", lambda: controlled.now)
    monkeypatch.setattr(sessions, "now", controlled.timestamp)
    return controlled


def log_in(client, username: str, password: str, ip: str = "198.51.100.10"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)
