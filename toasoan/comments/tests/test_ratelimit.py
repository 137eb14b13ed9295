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


def test_a_refusal_counts_for_no_limit(db, clock):
    for _ in range(5):
        assert ratelimit.hit("h1").allowed
        clock.advance(20)
    refused = ratelimit.hit("h1")  # at 100 s
    assert not refused.allowed and refused.limit == "h" and refused.retry_after == 3500
    clock.advance(3500)
    # The first comment (0 s) has left the hour; had the refusal been counted, five would remain.
    decision = ratelimit.hit("h1")
    assert decision.allowed and decision.taken


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


# ---------------------------------------------------------------------------------------------
# The stores: the database without Redis, Redis with it (a server of the test's own).


@pytest.fixture(scope="module")
def redis_socket(tmp_path_factory):
    """A redis-server of this test module's own, on a Unix socket (no port to meet anyone else's)."""
    import shutil
    import socket
    import subprocess

    program = shutil.which("redis-server")
    if program is None:
        pytest.fail("redis-server is missing (apt-get install redis-server): the Redis store needs one")
    folder = tmp_path_factory.mktemp("redis")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(folder / "notify"))
    notify.settimeout(60)
    path = folder / "redis.sock"
    process = subprocess.Popen(  # noqa: S603 (the system's redis-server, fixed arguments)
        [
            *(program, "--port", "0", "--unixsocket", str(path), "--save", "", "--appendonly", "no"),
            *("--dir", str(folder), "--supervised", "systemd"),
        ],
        env={"PATH": "/usr/bin:/bin", "NOTIFY_SOCKET": str(folder / "notify")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Redis says READY=1 (sd_notify) once it accepts connections: no polling.
        while b"READY=1" not in notify.recv(4096):
            pass
        yield path
    finally:
        process.terminate()
        process.wait(timeout=30)
        notify.close()


@pytest.fixture
def redis_client(redis_socket):
    import redis

    client = redis.Redis(unix_socket_path=str(redis_socket))
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(params=["database", "redis"])
def store(request, db):
    if request.param == "database":
        return ratelimit.DatabaseStore()
    return ratelimit.RedisStore(request.getfixturevalue("redis_client"), prefix="test:")


THREE_A_MINUTE = [ratelimit.Limit("m", 3, 60)]


def test_store_counts_refuses_and_frees(store):
    now = 1_757_988_000.25
    assert [store.take("k", THREE_A_MINUTE, now + second).allowed for second in (0, 10, 20)] == [True] * 3
    refused = store.take("k", THREE_A_MINUTE, now + 30)
    assert (refused.allowed, refused.retry_after, refused.limit) == (False, 30, "m")
    assert store.take("other", THREE_A_MINUTE, now + 30).allowed  # records are per key
    assert not store.take("k", THREE_A_MINUTE, now + 59.9).allowed
    assert store.take("k", THREE_A_MINUTE, now + 60).allowed  # the first has left the minute


def test_store_gives_a_place_back(store):
    now = 1_757_988_000.0
    taken = [store.take("k", THREE_A_MINUTE, now + i).taken for i in range(3)]
    assert not store.take("k", THREE_A_MINUTE, now + 5).allowed
    store.release(taken[1])
    assert store.take("k", THREE_A_MINUTE, now + 5).allowed
    assert not store.take("k", THREE_A_MINUTE, now + 6).allowed


def test_store_checks_every_limit_and_counts_only_what_it_allows(store):
    rules = [ratelimit.Limit("s", 1, 15), ratelimit.Limit("h", 2, 3600)]
    now = 1_757_988_000.0
    assert store.take("k", rules, now).allowed
    assert store.take("k", rules, now + 10).limit == "s"
    assert store.take("k", rules, now + 15).allowed
    late = store.take("k", rules, now + 100)
    assert (late.allowed, late.limit, late.retry_after) == (False, "h", 3500)
    assert store.take("k", rules, now + 3600).allowed  # the refusal at 100 s was not counted


def test_racing_threads_on_redis_get_exactly_the_limit(redis_socket):
    import threading

    import redis

    limit = [ratelimit.Limit("h", 5, 3600)]
    barrier = threading.Barrier(16)
    results: list[bool] = []

    def attempt():
        client = redis.Redis(unix_socket_path=str(redis_socket))
        try:
            barrier.wait(timeout=30)
            decision = ratelimit.RedisStore(client, prefix="race:").take("k", limit, 1_757_988_000.0)
            results.append(decision.allowed)
        finally:
            client.close()

    threads = [threading.Thread(target=attempt) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 11 + [True] * 5


def test_without_redis_the_limits_are_rows_in_the_database(
    client, article, valid_data, write_url, clock, without_redis
):
    from toasoan.comments.models import RateLimitBucket

    assert isinstance(ratelimit.backend(), ratelimit.DatabaseStore)
    assert _post(client, write_url, valid_data()).status_code == 303
    bucket = RateLimitBucket.objects.get(key=f"comment:{client_service.hash_ip('203.0.113.7')}")
    assert bucket.stamps == [clock.now().timestamp()]


def test_with_redis_the_limits_stay_in_redis(
    client, article, valid_data, write_url, clock, redis_socket, redis_client, settings
):
    from toasoan.comments.models import RateLimitBucket

    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": f"unix://{redis_socket}"},
    }
    assert isinstance(ratelimit.backend(), ratelimit.RedisStore)
    for _ in range(5):
        assert _post(client, write_url, valid_data()).status_code == 303
        clock.advance(16)
    response = _post(client, write_url, valid_data())
    assert response.status_code == 429 and int(response["Retry-After"]) == 3600 - 5 * 16
    assert not RateLimitBucket.objects.exists()
    keys = [key.decode() for key in redis_client.keys("*comments:rl:comment:*")]
    assert len(keys) == 1 and redis_client.zcard(keys[0]) == 5


def test_a_new_record_takes_the_expired_ones_away(db, clock, without_redis):
    from toasoan.comments.models import RateLimitBucket

    ratelimit.hit("yesterday")
    ratelimit.hit("recent")
    clock.advance(3600)
    ratelimit.hit("recent")  # an existing record: nothing else is touched
    assert RateLimitBucket.objects.count() == 2
    ratelimit.hit("today")
    keys = sorted(RateLimitBucket.objects.values_list("key", flat=True))
    assert keys == ["comment:recent", "comment:today"]
