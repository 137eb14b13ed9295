"""The page cache: hits, misses, bypasses, headers, and the WSGI fast path."""

from __future__ import annotations

import gzip
import io

import pytest
from django.contrib.auth import get_user_model

from toasoan.accounts.testing import login_verified
from toasoan.cache.pagecache import page_cache
from toasoan.delivery.middleware import CACHE_HEADER
from toasoan.delivery.wsgi import CachedApplication

CACHED_URLS = {
    "home": lambda p: "/",
    "section": lambda p: p["news"].url,
    "subsection": lambda p: p["local"].url,
    "article": lambda p: p["articles"][2].url,
    "tag": lambda p: "/chu-de/ba-dinh/",
    "site-feed": lambda p: "/rss/",
    "section-feed": lambda p: p["news"].url + "rss/",
    "sitemap": lambda p: "/sitemap.xml",
    "sitemap-file": lambda p: "/sitemap-bai-viet-1.xml",
    "news-sitemap": lambda p: "/sitemap-news.xml",
    "robots": lambda p: "/robots.txt",
}


@pytest.mark.parametrize("name", list(CACHED_URLS), ids=list(CACHED_URLS))
def test_second_anonymous_request_is_a_hit_without_queries(client, portal, django_assert_num_queries, name):
    url = CACHED_URLS[name](portal)
    first = client.get(url)
    assert first.status_code == 200
    assert first[CACHE_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second[CACHE_HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_hit_survives_the_local_level(client, portal, settings):
    """With level 1 off, the shared cache alone answers (as another worker would)."""
    settings.PAGE_CACHE_LOCAL_MS = 0
    url = portal["articles"][0].url
    client.get(url)
    page_cache.forget_local()
    assert client.get(url)[CACHE_HEADER] == "hit"


@pytest.mark.parametrize(
    "cookie",
    ["sessionid", "sessionid-of-an-editor"],
    ids=["session-cookie", "any-session-value"],
)
def test_session_cookie_bypasses_and_is_never_stored(client, portal, cookie):
    url = portal["articles"][1].url
    client.cookies["sessionid"] = cookie
    response = client.get(url)
    assert response[CACHE_HEADER] == "bypass"
    assert response["Cache-Control"] == "private, no-store"
    assert "Surrogate-Key" not in response
    del client.cookies["sessionid"]
    assert client.get(url)[CACHE_HEADER] == "miss"  # the session's page was not stored


def test_logged_in_editor_gets_own_page_after_anonymous_hit(client, portal):
    url = portal["articles"][1].url
    client.get(url)
    assert client.get(url)[CACHE_HEADER] == "hit"
    editor = get_user_model().objects.create_user("bientap", password="mat-khau-dai-du-12")
    login_verified(client, editor)
    response = client.get(url)
    assert response[CACHE_HEADER] == "bypass"
    assert response["Cache-Control"] == "private, no-store"


def test_public_headers(client, portal, settings):
    article = portal["articles"][2]
    response = client.get(article.url)
    assert (
        response["Cache-Control"]
        == f"public, max-age={settings.BROWSER_MAX_AGE}, s-maxage={settings.CDN_MAX_AGE}"
    )
    keys = response["Surrogate-Key"].split()
    assert {"site", f"article-{article.pk}", f"section-{portal['news'].pk}"} <= set(keys)
    assert response["Cache-Tag"] == ",".join(keys)
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
    assert "accept-encoding" in vary
    assert "cookie" not in vary


@pytest.mark.parametrize(
    ("url", "key"),
    [("/", "home"), ("/rss/", "feeds"), ("/sitemap.xml", "sitemaps"), ("/chu-de/ba-dinh/", "tag-ba-dinh")],
    ids=["home", "feeds", "sitemaps", "tag"],
)
def test_surrogate_keys_name_what_the_page_shows(client, portal, url, key):
    assert key in client.get(url)["Surrogate-Key"].split()


def test_section_keys(client, portal):
    assert f"section-{portal['news'].pk}" in client.get(portal["news"].url)["Surrogate-Key"].split()


def test_missing_page_is_short_lived_and_not_stored(client, portal):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert response["Cache-Control"].endswith("s-maxage=60")
    assert client.get("/khong-co-trang-nay/")[CACHE_HEADER] == "miss"


@pytest.mark.parametrize(
    "url",
    ["/admin/login/", "/tim-kiem/?q=ba", "/luot-xem/1/"],
    ids=["admin", "search", "beacon"],
)
def test_excluded_paths_bypass(client, portal, url):
    response = client.get(url)
    assert response[CACHE_HEADER] == "bypass"
    assert "Surrogate-Key" not in response


def test_post_is_never_cached(client, portal):
    response = client.post(portal["articles"][0].url, {"x": "1"})
    assert response[CACHE_HEADER] == "bypass"


def test_unknown_query_parameters_bypass_tracking_ones_share(client, portal):
    url = portal["news"].url
    client.get(url)
    assert client.get(url + "?utm_source=zalo&fbclid=abc")[CACHE_HEADER] == "hit"
    assert client.get(url + "?bat-ky=1")[CACHE_HEADER] == "bypass"
    assert client.get(url + "?trang=2")[CACHE_HEADER] == "miss"
    assert client.get(url + "?trang=2")[CACHE_HEADER] == "hit"


def test_gzip_and_revalidation(client, portal):
    url = portal["articles"][0].url
    plain = client.get(url)
    squeezed = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert squeezed["Content-Encoding"] == "gzip"
    assert gzip.decompress(squeezed.content) == plain.content
    etag = squeezed["ETag"]
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_head_is_answered_from_the_cache_without_body(client, portal):
    url = portal["articles"][0].url
    client.get(url)
    response = client.head(url)
    assert response[CACHE_HEADER] == "hit"
    assert response.content == b""


def test_cache_off_adds_headers_only(client, portal, settings):
    settings.PAGE_CACHE_ENABLED = False
    response = client.get("/")
    assert CACHE_HEADER not in response
    assert response["Cache-Control"].startswith("public")


def _environ(path: str, **extra) -> dict:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }
    environ.update(extra)
    return environ


def _never(environ, start_response):
    raise AssertionError("the page should have come from the cache")


@pytest.mark.parametrize("name", ["home", "article", "site-feed"], ids=["home", "article", "feed"])
def test_wsgi_fast_path_answers_hits_before_django(client, portal, name):
    url = CACHED_URLS[name](portal)
    expected = client.get(url)
    started = {}
    body = CachedApplication(_never)(
        _environ(url), lambda status, headers: started.update(status=status, headers=headers)
    )
    assert started["status"] == "200 OK"
    assert dict(started["headers"])[CACHE_HEADER] == "hit"
    assert b"".join(body) == expected.content


@pytest.mark.parametrize(
    "extra",
    [{"HTTP_COOKIE": "sessionid=abc"}, {"REQUEST_METHOD": "POST"}, {"QUERY_STRING": "q=1"}],
    ids=["session", "post", "unknown-query"],
)
def test_wsgi_fast_path_passes_the_rest_to_django(client, portal, extra):
    url = portal["articles"][0].url
    client.get(url)
    called = []

    def django_app(environ, start_response):
        called.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    CachedApplication(django_app)(_environ(url, **extra), lambda *args: None)
    assert called == [url]


def test_file_cache_culls_at_most_once_a_minute(tmp_path, monkeypatch):
    from toasoan.cache import filecache

    cache = filecache.FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 2, "CULL_FREQUENCY": 2}})
    listings = []
    original = filecache.FileBasedCache._list_cache_files
    monkeypatch.setattr(
        filecache.FileBasedCache, "_list_cache_files", lambda self: listings.append(1) or original(self)
    )
    for n in range(5):
        cache.set(f"k{n}", n)
    assert len(listings) == 1
    assert cache.get("k4") == 4


def test_cache_down_serves_pages_anyway(client, portal, monkeypatch, caplog):
    from toasoan.cache import pagecache

    def broken(self):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(pagecache.PageCache, "store", property(broken))
    response = client.get(portal["articles"][0].url)
    assert response.status_code == 200
    assert "lookup failed" in caplog.text


@pytest.mark.django_db
def test_a_django_answer_is_finished_before_it_leaves():
    """request_finished (connections given back) runs before the server gets the body to send."""
    from django.core.signals import request_finished
    from django.http import HttpResponse, StreamingHttpResponse

    finished = []

    def on_finished(**kwargs):
        finished.append(True)

    def django_app(environ, start_response):
        start_response("200 OK", [("Content-Length", "4")])
        return (
            HttpResponse(b"tin!")
            if environ["PATH_INFO"] == "/trang/"
            else StreamingHttpResponse(iter([b"a"]))
        )

    request_finished.connect(on_finished)
    try:
        body = CachedApplication(django_app)(_environ("/trang/", REQUEST_METHOD="POST"), lambda *args: None)
        assert finished == [True] and body == [b"tin!"]
        streamed = CachedApplication(django_app)(
            _environ("/dong/", REQUEST_METHOD="POST"), lambda *args: None
        )
        assert finished == [True]  # a stream is closed by the server, after its last chunk
        assert b"".join(streamed) == b"a"
        streamed.close()
        assert finished == [True, True]
    finally:
        request_finished.disconnect(on_finished)
