"""Editor sessions: 30 minutes idle, 12 hours at most, a new key at login, nothing left after logout."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from toasoan.accounts.services import sessions
from toasoan.accounts.testing import confirmed_device, current_code

from .conftest import PASSWORD, log_in

VERIFY_URL = "/admin/tai-khoan/xac-thuc/"


def _full_login(client, editor) -> str:
    device = confirmed_device(editor)
    assert log_in(client, "bientap", PASSWORD).status_code == 302
    assert client.post(VERIFY_URL, {"code": current_code(device), "next": "/admin/"}).status_code == 302
    assert client.get("/admin/").status_code == 200
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_session_key_rotates_at_login(client, editor):
    before = client.session  # an anonymous session with a key of its own
    before["seen"] = True
    before.save()
    old_key = before.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    new_key = _full_login(client, editor)
    assert new_key != old_key
    assert not SessionStore().exists(old_key)


def test_logout_kills_the_old_cookie(client, editor):
    from django.test import Client

    key = _full_login(client, editor)
    assert client.post("/admin/logout/").status_code == 302
    assert not SessionStore().exists(key)
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    response = replay.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("minutes_idle", "still_in"),
    [(29, True), (31, False)],
    ids=["29-minutes-idle", "31-minutes-idle"],
)
def test_idle_sessions_end_after_30_minutes(client, editor, clock, minutes_idle, still_in):
    key = _full_login(client, editor)
    clock.advance(minutes=minutes_idle)
    response = client.get("/admin/")
    if still_in:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == "/admin/login/?next=%2Fadmin%2F"
        assert not SessionStore().exists(key)


def test_activity_keeps_a_session_for_12_hours_and_no_longer(client, editor, clock):
    key = _full_login(client, editor)
    for _ in range(12 * 60 // 25):  # a request every 25 minutes: never idle
        clock.advance(minutes=25)
        assert client.get("/admin/").status_code == 200
    clock.advance(minutes=25)  # 12 h 25 min after login
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not SessionStore().exists(key)


@pytest.mark.parametrize(
    ("login_ago", "seen_ago", "expected"),
    [
        (60, 60, None),
        (3600, 30 * 60 + 1, "idle"),
        (12 * 3600 + 1, 10, "absolute"),
        (None, None, "absolute"),
    ],
    ids=["fresh", "idle", "absolute", "unmarked"],
)
def test_expiry_rules(login_ago, seen_ago, expected):
    now = 1_800_000_000.0
    session = {}
    if login_ago is not None:
        session = {sessions.LOGIN_AT: now - login_ago, sessions.SEEN_AT: now - seen_ago}
    assert sessions.expiry(session, now) == expected


def test_session_cookie_never_outlives_the_absolute_limit():
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
