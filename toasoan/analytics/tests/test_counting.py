"""View counting: exact under concurrency, one per reader per 30 minutes, bots ignored."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from toasoan.analytics import views
from toasoan.analytics.models import ArticleViewStats, DailyArticleViews
from toasoan.analytics.services import counter, readers

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def _total(article) -> int:
    return ArticleViewStats.objects.filter(article=article).values_list("total", flat=True).first() or 0


def _beacon(client, article, ip="203.113.1.1", agent=BROWSER, **headers):
    return client.post(f"/luot-xem/{article.pk}/", REMOTE_ADDR=ip, headers={"User-Agent": agent, **headers})


def test_concurrent_views_from_many_readers_are_all_counted(article, counter_backend):
    readers_count, threads_count = 240, 12
    factory = RequestFactory()
    barrier = threading.Barrier(threads_count)
    errors = []

    def send(start):
        barrier.wait()
        try:
            for n in range(start, readers_count, threads_count):
                request = factory.post(
                    f"/luot-xem/{article.pk}/",
                    REMOTE_ADDR=f"10.0.{n // 250}.{n % 250}",
                    HTTP_USER_AGENT=BROWSER,
                )
                assert views.beacon(request, article.pk).status_code == 204
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert counter.flush() == readers_count
    assert _total(article) == readers_count
    assert DailyArticleViews.objects.get(article=article).count == readers_count


def test_repeated_views_from_one_reader_count_once(client, article, counter_backend):
    first = _beacon(client, article)
    assert first.status_code == 204
    assert readers.READER_COOKIE in first.cookies  # the client keeps it for the next views
    for _ in range(5):
        _beacon(client, article)
    client.cookies.clear()
    _beacon(client, article)  # no cookie any more: the same IP and browser
    counter.flush()
    assert _total(article) == 1


def test_one_reader_counts_once_per_article(client, section, make_article, counter_backend):
    first, second = make_article(section, "Bài một"), make_article(section, "Bài hai")
    for _ in range(3):
        _beacon(client, first)
        _beacon(client, second)
    counter.flush()
    assert (_total(first), _total(second)) == (1, 1)


def test_counted_again_after_the_window(client, article, settings, counter_backend):
    settings.VIEW_DEDUPE_SECONDS = 1
    _beacon(client, article)
    client.cookies.clear()
    import time

    time.sleep(1.1)
    _beacon(client, article)
    counter.flush()
    assert _total(article) == 2


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Zalo-Crawler/1.0",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0",
    ],
    ids=["empty", "googlebot", "coccocbot", "facebook", "zalo", "curl", "python", "headless"],
)
def test_bots_are_not_counted(client, article, agent):
    assert _beacon(client, article, agent=agent).status_code == 204
    assert counter.flush() == 0


@pytest.mark.parametrize(
    "agent",
    [
        BROWSER,
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile coc_coc_browser/136",
    ],
    ids=["chrome", "coc-coc-browser"],
)
def test_browsers_are_counted(client, article, agent):
    _beacon(client, article, agent=agent)
    assert counter.flush() == 1


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Purpose": "prefetch"}, {"Sec-Fetch-Site": "cross-site"}],
    ids=["prefetch", "cross-site"],
)
def test_prefetches_and_other_sites_are_not_views(client, article, headers):
    _beacon(client, article, **headers)
    assert counter.flush() == 0


def test_noscript_pixel_counts(client, article):
    response = client.get(
        f"/luot-xem/{article.pk}.svg", REMOTE_ADDR="1.2.3.4", headers={"User-Agent": BROWSER}
    )
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert counter.flush() == 1


def test_beacon_never_touches_the_database(client, article, django_assert_num_queries):
    with django_assert_num_queries(0):
        _beacon(client, article)


def test_beacon_is_post_only(client, article):
    assert client.get(f"/luot-xem/{article.pk}/").status_code == 405


def test_flush_adds_to_what_is_there_and_ignores_unknown_articles(article, counter_backend):
    today = timezone.localdate()
    source = counter.counter()
    source.incr(article.pk, today, 3)
    source.incr(article.pk, today - timedelta(days=1), 2)
    source.incr(999_999, today, 7)  # an id the beacon took on trust
    assert counter.flush() == 5
    source.incr(article.pk, today, 4)
    assert counter.flush() == 4
    assert _total(article) == 9
    assert DailyArticleViews.objects.get(article=article, day=today).count == 7
    assert counter.flush() == 0


def test_failed_flush_keeps_the_counts(article, counter_backend, monkeypatch):
    counter.counter().incr(article.pk, timezone.localdate(), 5)

    def broken(pending):
        raise RuntimeError("database is down")

    monkeypatch.setattr(counter, "write", broken)
    with pytest.raises(RuntimeError):
        counter.flush()
    monkeypatch.undo()
    assert counter.flush() == 5


def test_flush_command(article):
    from io import StringIO

    from django.core.management import call_command

    counter.counter().incr(article.pk, timezone.localdate(), 2)
    out = StringIO()
    call_command("flush_view_counts", stdout=out)
    assert "2 lượt xem" in out.getvalue()
    assert _total(article) == 2


def test_local_views_are_flushed_by_a_later_beacon_not_a_thread(settings, monkeypatch, article):
    from toasoan.analytics.services import flusher

    monkeypatch.setattr(flusher.atexit, "register", lambda f: None)
    settings.VIEW_FLUSH_SECONDS = 10
    settings.VIEW_COUNTER = "local"  # views wait in this process's memory: only it can flush them
    monkeypatch.setattr(flusher, "_last_flush", 1000.0)
    threads = threading.active_count()
    counter.counter().incr(article.pk, timezone.localdate(), 3)
    assert not flusher.flush_if_due(now=1005.0)  # too soon
    assert _total(article) == 0
    assert flusher.flush_if_due(now=1010.0)
    assert _total(article) == 3
    assert not flusher.flush_if_due(now=1015.0)  # the interval starts again
    assert threading.active_count() == threads
    settings.VIEW_COUNTER = "redis"  # one shared hash: run_worker flushes it, never a beacon
    assert not flusher.flush_if_due(now=5000.0)
    settings.VIEW_COUNTER = "local"
    settings.VIEW_FLUSH_SECONDS = 0
    assert not flusher.flush_if_due(now=9000.0)


@pytest.mark.parametrize(
    ("suffix", "method", "status"),
    [(".svg", "GET", "200 OK"), ("/", "POST", "204 No Content")],
    ids=["pixel", "beacon"],
)
def test_wsgi_fast_path_counts_without_django(article, suffix, method, status):
    from toasoan.delivery.wsgi import CachedApplication

    def never(environ, start_response):
        raise AssertionError("beacons are answered before Django")

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": f"/luot-xem/{article.pk}{suffix}",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "REMOTE_ADDR": "203.113.9.9",
        "HTTP_USER_AGENT": BROWSER,
        "wsgi.input": __import__("io").BytesIO(b""),
    }
    started = {}
    CachedApplication(never)(environ, lambda s, h: started.update(status=s, headers=h))
    assert started["status"] == status
    assert any(
        name == "Set-Cookie" and value.strip().startswith("tsr=") for name, value in started["headers"]
    )
    assert counter.flush() == 1
