"""A purged hot page: one reader renders it, the others get its previous copy meanwhile; never
after an unpublish or a privacy change (pagecache.PageCache.claim, docs/caching.md)."""

from __future__ import annotations

import queue
import threading

import pytest
from django.http import HttpResponse
from wagtail.models import PageViewRestriction

from toasoan.cache.pagecache import page_cache, page_request
from toasoan.delivery.middleware import CACHE_HEADER, DeliveryMiddleware

READERS = 200
PATH = "/thoi-su/"
#: Safety limits for a broken lock (every reader rendering, all waiting), never a pause.
LIMIT_SECONDS = 20


@pytest.fixture(params=["locmem", "files"])
def pages_store(request, settings, tmp_path):
    """The shared level in process memory, and as production runs it without Redis (files).

    Named here, not taken from the settings: with REDIS_URL set, 200 reader threads in one
    process would need 200 connections from redis-py's pool (100 at most), which no worker
    process of a deployment ever holds; Redis's own `add` (SET NX) is atomic.
    """
    if request.param == "files":
        store = {"BACKEND": "toasoan.cache.filecache.FileCache", "LOCATION": str(tmp_path / "pages")}
    else:
        store = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "stampede"}
    settings.CACHES = {**settings.CACHES, "pages": store}
    return request.param


def test_a_purged_hot_page_costs_one_render_under_200_readers(rf, pages_store):
    renders: list[int] = []
    rendering = threading.Event()  # the render after the purge has begun
    release = threading.Event()  # every other reader has been answered

    def view(request):
        renders.append(1)
        number = len(renders)
        if number > 1:  # the render after the purge holds its lock until the others are answered
            rendering.set()
            release.wait(LIMIT_SECONDS)
        return HttpResponse(f"<p>Bản số {number}</p>", content_type="text/html; charset=utf-8")

    middleware = DeliveryMiddleware(view)

    def read():
        request = rf.get(PATH)
        request._wagtail_site = None  # the Site lookup is not what this test counts
        return middleware(request)

    assert read()[CACHE_HEADER] == "miss"
    assert read()[CACHE_HEADER] == "hit"
    page_cache.purge_paths([PATH], stale_ok=True)  # what a publish does

    barrier = threading.Barrier(READERS)
    answers: queue.Queue = queue.Queue()

    def reader():
        barrier.wait(LIMIT_SECONDS)
        answers.put(read())

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    others = [answers.get(timeout=LIMIT_SECONDS) for _ in range(READERS - 1)]
    assert rendering.is_set()
    release.set()
    renderer = answers.get(timeout=LIMIT_SECONDS)
    for thread in threads:
        thread.join(LIMIT_SECONDS)

    assert len(renders) == 2  # the first fill, then one render for 200 readers
    assert {(r[CACHE_HEADER], r.content.decode()) for r in others} == {("stale", "<p>Bản số 1</p>")}
    # nginx (`$toasoan_private`) and CDNs never keep a previous copy past the purge.
    assert {r["Cache-Control"] for r in others} == {"private, no-cache"}
    assert (renderer[CACHE_HEADER], renderer.content.decode()) == ("miss", "<p>Bản số 2</p>")
    after = read()
    assert (after[CACHE_HEADER], after.content.decode()) == ("hit", "<p>Bản số 2</p>")
    assert len(renders) == 2


def test_the_lock_is_released_when_the_render_fails(rf):
    """A render that raises must not leave readers on the previous copy until the lock expires."""
    failing = [False]

    def view(request):
        if failing[0]:
            raise RuntimeError("lỗi khi dựng trang")
        return HttpResponse("<p>Trang</p>", content_type="text/html; charset=utf-8")

    middleware = DeliveryMiddleware(view)
    request = rf.get(PATH)
    request._wagtail_site = None
    middleware(request)
    page_cache.purge_paths([PATH], stale_ok=True)
    failing[0] = True
    with pytest.raises(RuntimeError):
        middleware(request)
    failing[0] = False
    assert middleware(request)[CACHE_HEADER] == "miss"  # rendered again, not the previous copy


def _hold_render_lock(rf, url: str) -> None:
    """Another reader has begun rendering `url` after its purge (and holds the lock)."""
    request = rf.get(url)
    page = page_request("GET", url, request.COOKIES, request.META)
    entry, stamp = page_cache.lookup(page)
    assert entry is None
    assert page_cache.claim(page, stamp)[2] is True


def test_a_publish_serves_the_previous_copy_while_one_reader_renders(
    client, rf, portal, publish, django_capture_on_commit_callbacks
):
    article = portal["articles"][2]
    url, old_title = article.url, article.title
    assert client.get(url)[CACHE_HEADER] == "miss"
    article.title = "Tiêu đề đã sửa"
    with django_capture_on_commit_callbacks(execute=True):
        publish(article)
    _hold_render_lock(rf, url)
    stale = client.get(url)
    assert stale[CACHE_HEADER] == "stale"
    assert old_title in stale.content.decode()
    assert stale["Cache-Control"] == "private, no-cache"  # no shared cache keeps it
    revalidated = client.get(url, HTTP_IF_NONE_MATCH=stale["ETag"])
    assert (revalidated.status_code, revalidated["Cache-Control"]) == (304, "private, no-cache")


def test_an_unpublish_never_serves_the_previous_copy(client, rf, portal, django_capture_on_commit_callbacks):
    article = portal["articles"][4]
    assert client.get(article.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    _hold_render_lock(rf, article.url)
    response = client.get(article.url)
    assert response.status_code == 404
    assert response[CACHE_HEADER] == "miss"


def test_an_unpublish_merged_with_a_publish_never_serves_the_previous_copy(
    client, rf, portal, publish, django_capture_on_commit_callbacks
):
    kept, removed = portal["articles"][1], portal["articles"][3]
    assert removed.title in client.get(portal["news"].url).content.decode()
    kept.title = "Bài vẫn đăng, đã sửa"
    with django_capture_on_commit_callbacks(execute=True):
        publish(kept)
        removed.unpublish()
    _hold_render_lock(rf, portal["news"].url)
    response = client.get(portal["news"].url)
    assert response[CACHE_HEADER] == "miss"
    assert removed.title not in response.content.decode()


@pytest.mark.parametrize("kind", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD])
def test_a_privacy_change_never_serves_the_previous_copy(
    client, rf, portal, kind, django_capture_on_commit_callbacks
):
    article = portal["articles"][2]
    secret = "Nội dung bài " + article.title
    assert secret in client.get(article.url).content.decode()
    assert article.title in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=article, restriction_type=kind, password="mat-khau-1")
    for url in (article.url, "/"):
        _hold_render_lock(rf, url)
        response = client.get(url)
        assert response[CACHE_HEADER] != "stale", url
        assert secret not in response.content.decode(), url
    assert article.title not in client.get("/").content.decode()


def test_the_file_cache_add_has_one_winner_across_processes(tmp_path):
    """Two workers (two cache objects on one folder) racing for a render lock: one wins; an
    expired lock is taken again."""
    from toasoan.cache.filecache import FileCache

    first, second = FileCache(str(tmp_path), {}), FileCache(str(tmp_path), {})
    assert first.add("lock", 1, timeout=30) is True
    assert second.add("lock", 2, timeout=30) is False
    assert second.get("lock") == 1
    # The race itself: the second worker checked before the first wrote, so it saw no lock. The
    # write must still fail (Django's own add would overwrite the first worker's lock here).
    racing = FileCache(str(tmp_path), {})
    racing.has_key = lambda key, version=None: False
    assert racing.add("lock", 3, timeout=30) is False
    assert second.get("lock") == 1
    assert first.add("expired", 1, timeout=0) is True  # stored already expired
    assert second.add("expired", 2, timeout=30) is True
    assert first.get("expired") == 2
    assert [path.name for path in tmp_path.iterdir() if not path.name.endswith(".djcache")] == []


def test_nginx_sends_one_request_per_page_to_the_app(tmp_path):
    """What nginx proxy-caches is filled by one request while the others wait (or get the expired
    copy): the app's render lock then sees one reader per nginx, not every reader."""
    import subprocess
    import sys
    from pathlib import Path

    renderer = Path(__file__).resolve().parents[3] / "deploy" / "nginx_conf.py"
    site = subprocess.run(  # noqa: S603 - our own renderer, arguments built here
        [sys.executable, str(renderer), "site", "--var", str(tmp_path)], capture_output=True, text=True
    )
    assert site.returncode == 0, site.stderr
    proxied = site.stdout.split("proxy_cache toasoan_pages;", 1)[1].split("}", 1)[0]
    assert "proxy_cache_lock on;" in proxied
    assert "proxy_cache_use_stale updating" in proxied
    # A previous copy the app hands out during a render (`private, no-cache`) is never kept.
    assert "$toasoan_private;" in proxied.split("proxy_no_cache", 1)[1].split("\n", 1)[0]
    assert '"~*(private|no-store|no-cache)" 1;' in site.stdout
