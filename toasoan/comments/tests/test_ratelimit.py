"""Rate limits per hashed IP, on a controlled clock: 1 per 15 s, 5 per hour, HTTP 429 + Retry-After."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from toasoan.comments.models import Comment
from toasoan.comments.services import client as client_service
from toasoan.comments.services import ratelimit


def _post(client, url, data, ip="203.0.113.7"):
    return client.post(url, data, REMOTE_ADDR=ip)


def test_one_comment_per_15_seconds(client, article, valid_data, write_url, clock):
    assert _post(client, write_url, valid_data()).status_code == 303
    clock.advance(10)
    response = _post(client, write_url, valid_data(content="Lần hai, quá sớm"))
    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Vui lòng đợi 5 giây" in html
    assert "Lần hai, quá sớm</textarea>" in html  # kept
    clock.advance(5)
    assert _post(client, write_url, valid_data()).status_code == 303
    assert Comment.objects.count() == 2


def test_five_per_hour(client, article, valid_data, write_url, clock):
    for _ in range(5):
        assert _post(client, write_url, valid_data()).status_code == 303
        clock.advance(16)
    response = _post(client, write_url, valid_data())
    assert response.status_code == 429
    # The first of the five was taken 5 × 16 s ago: it frees an hour after it was taken.
    assert int(response["Retry-After"]) == 3600 - 5 * 16
    assert "trong một giờ" in response.content.decode()
    clock.advance(3600 - 5 * 16)
    assert _post(client, write_url, valid_data()).status_code == 303
    assert Comment.objects.count() == 6


def test_limits_are_per_reader(client, article, valid_data, write_url, clock):
    assert _post(client, write_url, valid_data(), ip="203.0.113.7").status_code == 303
    assert _post(client, write_url, valid_data(), ip="203.0.113.8").status_code == 303
    assert _post(client, write_url, valid_data(), ip="203.0.113.7").status_code == 429


def test_refused_submissions_do_not_count(client, article, valid_data, write_url, clock):
    for _ in range(3):
        assert _post(client, write_url, valid_data(name="")).status_code == 400
    assert _post(client, write_url, valid_data()).status_code == 303


def test_a_refusal_by_the_hourly_limit_does_not_take_the_15_second_slot(db, clock):
    for _ in range(5):
        assert ratelimit.hit("h1").allowed
        clock.advance(20)
    assert not ratelimit.hit("h1").allowed
    clock.advance(3600)
    decision = ratelimit.hit("h1")
    assert decision.allowed and len(decision.taken) == 2


@override_settings(COMMENTS_RATE_LIMIT_SECONDS=0, COMMENTS_RATE_LIMIT_PER_HOUR=0)
def test_limits_can_be_switched_off(client, article, valid_data, write_url):
    for _ in range(7):
        assert _post(client, write_url, valid_data()).status_code == 303


def test_the_ip_is_never_stored(client, article, valid_data, write_url):
    _post(client, write_url, valid_data(), ip="198.51.100.23")
    comment = Comment.objects.get()
    assert "198.51.100.23" not in str(Comment.objects.values().get())
    assert len(comment.ip_hash) == 64 and comment.ip_hash == client_service.hash_ip("198.51.100.23")


def test_ip_hash_salt_changes_daily(clock):
    from datetime import timedelta

    today = client_service.hash_ip("198.51.100.23", clock.now())
    assert client_service.hash_ip("198.51.100.23", clock.now()) == today
    assert client_service.hash_ip("198.51.100.23", clock.now() + timedelta(days=1)) != today


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.1"),  # no trusted proxy: X-Forwarded-For is ignored
        (1, "1.1.1.1", "1.1.1.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # a forged left part is never trusted
        (2, "6.6.6.6, 1.1.1.1, 172.16.0.2", "1.1.1.1"),
        (2, "1.1.1.1", "10.0.0.1"),  # fewer entries than proxies: misconfigured, use the socket
        (1, "not-an-ip", "10.0.0.1"),
    ],
)
def test_client_ip_behind_trusted_proxies(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_service.client_ip(request) == expected


def test_user_agent_is_short(rf):
    request = rf.get("/", HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 500)
    assert len(client_service.short_user_agent(request)) == 120
