"""Login brute force: 5 failures for one username from one IP lock that pair for 15 minutes."""

from __future__ import annotations

import pytest

from .conftest import PASSWORD, log_in

ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.10"


def _fail(client, times: int, ip: str = ATTACKER, username: str = "bientap") -> list[int]:
    return [log_in(client, username, "sai-mat-khau-roi", ip).status_code for _ in range(times)]


def test_five_failures_lock_the_account_from_that_ip(client, editor, clock):
    assert _fail(client, 4) == [200, 200, 200, 200]  # the form again, with its error
    locked = log_in(client, "bientap", "sai-mat-khau-roi", ATTACKER)
    assert locked.status_code == 429
    # Even the right password is refused now, with the Vietnamese page that names nobody.
    response = log_in(client, "bientap", PASSWORD, ATTACKER)
    assert response.status_code == 429
    html = response.content.decode()
    assert "tạm khóa đăng nhập" in html and "15 phút" in html
    assert "bientap" not in html and ATTACKER not in html
    assert response["Retry-After"] == str(15 * 60)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("username", "ip"),
    [("bientap", OFFICE), ("phongvien", ATTACKER)],
    ids=["same-user-other-ip", "other-user-same-ip"],
)
def test_lock_is_for_the_pair_only(client, editor, clock, username, ip):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("phongvien", "pv@example.vn", PASSWORD)
    _fail(client, 5)
    assert log_in(client, "bientap", PASSWORD, ATTACKER).status_code == 429
    response = log_in(client, username, PASSWORD, ip)
    assert response.status_code == 302  # logged in; the next stop is the second factor


def test_lock_lifts_after_15_minutes(client, editor, clock):
    _fail(client, 5)
    clock.advance(minutes=14, seconds=59)
    assert log_in(client, "bientap", PASSWORD, ATTACKER).status_code == 429
    clock.advance(seconds=2)  # 15 minutes and 1 second after the fifth failure
    response = log_in(client, "bientap", PASSWORD, ATTACKER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_success_resets_the_count(client, editor, clock):
    _fail(client, 4)
    assert log_in(client, "bientap", PASSWORD, ATTACKER).status_code == 302
    client.logout()
    assert _fail(client, 4) == [200, 200, 200, 200]


def test_wagtail_login_authenticates_with_the_request(client, editor, clock):
    """Axes can only count what reaches `authenticate(request, …)`: the admin's form does."""
    from axes.models import AccessAttempt

    _fail(client, 2)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("bientap", ATTACKER, 2)
    assert "sai-mat-khau-roi" not in attempt.post_data  # the record keeps no password either
