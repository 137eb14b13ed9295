"""Baked pages: written only when nginx asks and may serve them, gone when a purge names them."""

from __future__ import annotations

import gzip
import json
import os
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from toasoan.cache.pagecache import make_entry, page_cache, page_request
from toasoan.delivery import baking
from toasoan.delivery.middleware import CACHE_HEADER
from toasoan.delivery.tests.test_page_cache import CACHED_URLS

HOST = "testserver"  # what the test client sends, and so what nginx's $host would be


@pytest.fixture
def baked(settings, tmp_path):
    settings.BAKED_PAGES_DIR = str(tmp_path / "baked")
    return tmp_path / "baked"


@pytest.fixture
def described(baked, portal):
    call_command("set_site_address", f"{HOST}:80", stdout=StringIO())  # the address pages are for
    out = StringIO()
    call_command("baked_headers", host=HOST, scheme="http", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def nginx_get(client, described):
    """A GET as nginx forwards it when it found no baked file."""

    def get(url, digest=None, place=f"http/{HOST}", **extra):
        ask = f"{digest or described['digest']} {place}"
        return client.get(url, headers={"x-toasoan-bake": ask}, **extra)

    return get


def page_file(baked, url, name=baking.PAGE_FILE):
    return baked / "http" / HOST / url.lstrip("/") / name


#: The HTML pages of the page cache's own table (feeds and sitemaps are never baked), and a route.
BAKED_URLS = {
    **{name: CACHED_URLS[name] for name in ("home", "section", "subsection", "article", "tag")},
    "print": lambda p: p["articles"][2].url + "in/",
}


@pytest.mark.parametrize("name", list(BAKED_URLS), ids=list(BAKED_URLS))
def test_page_nginx_asks_for_is_baked_as_served(baked, portal, nginx_get, name):
    url = BAKED_URLS[name](portal)
    response = nginx_get(url)
    assert response.status_code == 200
    written = page_file(baked, url)
    assert written.read_bytes() == response.content
    assert gzip.decompress(page_file(baked, url, baking.GZIP_FILE).read_bytes()) == response.content
    assert written.stat().st_mode & 0o777 == 0o644  # nginx's workers are another user
    assert abs(written.stat().st_mtime - time.time()) < 60  # the entry's time: just rendered


def test_headers_digest_is_what_an_article_sends(portal, client, described):
    """The home page's header set (what nginx adds) is every public page's: article pages bake."""
    article = client.get(portal["articles"][0].url)
    assert baking.digest(article.items()) == described["digest"]
    names = {name for name, _ in described["headers"]}
    assert {"cache-control", "content-security-policy", "x-content-type-options", "vary"} <= names
    assert not names & baking.PER_PAGE_HEADERS  # no ETag, Surrogate-Key, Content-Length …


def test_nothing_is_baked_unless_nginx_asks(baked, portal, client):
    for url in ("/", portal["articles"][0].url):
        assert client.get(url).status_code == 200
    assert not baked.exists() or not any(baked.rglob(baking.PAGE_FILE))


NOT_BAKED = {
    "list-page-2": (lambda p: p["news"].url + "?trang=2", {}),
    "tracking-parameter": (lambda p: p["articles"][0].url + "?utm_source=zalo", {}),
    "site-feed": (lambda p: "/rss/", {}),
    "sitemap": (lambda p: "/sitemap.xml", {}),
    "missing-page": (lambda p: "/khong-co-trang-nay/", {}),
    "other-headers": (lambda p: p["articles"][0].url, {"digest": "0123456789abcdef"}),
    "other-host": (lambda p: p["articles"][0].url, {"place": "http/tin.example.gov.vn"}),
    "not-a-scheme": (lambda p: p["articles"][0].url, {"place": "ftp/testserver"}),
}


@pytest.mark.parametrize("name", list(NOT_BAKED), ids=list(NOT_BAKED))
def test_what_nginx_could_not_serve_as_a_file_is_never_baked(baked, portal, nginx_get, name):
    url, extra = NOT_BAKED[name]
    nginx_get(url(portal), **extra)
    assert not baked.exists() or not any(baked.rglob(baking.PAGE_FILE))


def test_reader_with_a_session_is_never_baked(baked, portal, nginx_get, client):
    client.cookies["sessionid"] = "an-editor"
    response = nginx_get(portal["articles"][0].url)
    assert response[CACHE_HEADER] == "bypass"
    assert not baked.exists() or not any(baked.rglob(baking.PAGE_FILE))


def test_page_cache_hit_is_baked_with_the_time_it_was_rendered(baked, portal, client, nginx_get):
    url = portal["articles"][1].url
    client.get(url)  # rendered and stored, not baked (nginx did not ask)
    rendered_by = time.time()
    response = nginx_get(url)
    assert response[CACHE_HEADER] == "hit"
    written = page_file(baked, url)
    assert written.read_bytes() == response.content
    assert written.stat().st_mtime <= rendered_by  # expires with the page cache's entry, not later


def test_publish_deletes_the_baked_copies_it_makes_stale(
    baked, portal, nginx_get, make_article, publish, django_capture_on_commit_callbacks
):
    news, articles = portal["news"], portal["articles"]
    stale = ["/", news.url, articles[-1].url, "/chu-de/ba-dinh/"]
    untouched = [portal["economy"].url, portal["other"].url]
    for url in stale + untouched:
        nginx_get(url)
        assert page_file(baked, url).exists(), url
    article = make_article(news, "Tin nóng: bão số 3", published_at=timezone.now())
    article.tags.add("Ba Đình")
    with django_capture_on_commit_callbacks(execute=True):
        publish(article)
    for url in stale:
        assert not page_file(baked, url).exists(), url
        assert not page_file(baked, url, baking.GZIP_FILE).exists(), url
    for url in untouched:
        assert page_file(baked, url).exists(), url
    # Asked again, nginx gets the new page baked.
    assert "Tin nóng: bão số 3" in nginx_get("/").content.decode()
    assert "Tin nóng: bão số 3" in page_file(baked, "/").read_text(encoding="utf-8")


def test_section_change_deletes_every_baked_page(
    baked, portal, nginx_get, publish, django_capture_on_commit_callbacks
):
    for url in ("/", portal["articles"][0].url, portal["other"].url):
        nginx_get(url)
    economy = portal["economy"]
    economy.title = "Kinh tế – Tài chính"
    with django_capture_on_commit_callbacks(execute=True):
        publish(economy)
    assert not any(baked.rglob(baking.PAGE_FILE))
    assert "Kinh tế – Tài chính" in nginx_get(portal["other"].url).content.decode()


def test_comment_purge_deletes_the_article_copy(baked, portal, nginx_get):
    from toasoan.comments.services import cache as comment_cache

    article = portal["articles"][3]
    nginx_get(article.url)
    comment_cache.purge_page(article)
    assert not page_file(baked, article.url).exists()


def _stored(url, described, rf):
    """What the middleware holds for `url` before it bakes: the request, its stamp and an entry."""
    meta = {"HTTP_X_TOASOAN_BAKE": f"{described['digest']} http/{HOST}", "HTTP_HOST": HOST}
    page = page_request("GET", url, {}, rf.get(url, headers={"host": HOST}).META)
    _, stamp = page_cache.lookup(page)  # read before the render, as the middleware does
    headers = [(name, value) for name, value in described["headers"]]
    headers.append(("Content-Type", baking.CONTENT_TYPE))
    return meta, page, stamp, make_entry(200, headers, b"<html>old</html>" * 100, baking.CONTENT_TYPE)


def test_render_overtaken_by_a_purge_leaves_no_file(baked, portal, described, rf):
    """A page rendered from the old article, stored after the purge, is never left for nginx."""
    url = portal["articles"][0].url
    meta, page, stamp, entry = _stored(url, described, rf)
    assert baking.bake(meta, page, stamp, entry) is True  # no purge: baked
    page_cache.purge_paths([url])  # the editor's change commits; the purge finds the file …
    baking.purge_paths([url])
    assert baking.bake(meta, page, stamp, entry) is False  # … the slow render comes back after it
    assert not page_file(baked, url).exists()
    assert not page_file(baked, url, baking.GZIP_FILE).exists()


def test_copy_is_not_kept_when_the_shared_cache_cannot_vouch_for_it(
    baked, portal, described, rf, monkeypatch
):
    url = portal["articles"][0].url
    meta, page, stamp, entry = _stored(url, described, rf)

    def down(path):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(page_cache, "stamp", down)
    assert baking.bake(meta, page, stamp, entry) is False
    assert not page_file(baked, url).exists()


def _touch(path, age, now):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    os.utime(path, (now - age, now - age))


def test_sweep_expires_old_pages_and_leftovers(baked, settings):
    settings.PAGE_CACHE_SECONDS = 600
    now = time.time()
    site = baked / "http" / HOST
    _touch(site / "cu" / baking.PAGE_FILE, 700, now)
    _touch(site / "cu" / baking.GZIP_FILE, 700, now)
    _touch(site / "moi" / baking.PAGE_FILE, 30, now)
    _touch(site / "moi" / baking.GZIP_FILE, 30, now)
    _touch(site / "mo-coi" / baking.GZIP_FILE, 30, now)  # its page went: the copy is useless
    _touch(site / "dang-ghi" / ".index.html.abc.tmp", 120, now)  # a writer that died
    _touch(site / "dang-ghi-do" / ".index.html.def.tmp", 5, now)  # a writer at work
    assert baking.sweep(now=now) == 4
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        "dang-ghi-do/.index.html.def.tmp",
        "moi/index.html",
        "moi/index.html.gz",
    ]


def test_sweep_runs_once_per_interval_whichever_worker_asks(baked, portal, nginx_get, settings):
    settings.PAGE_CACHE_SECONDS = 600
    url = portal["articles"][0].url
    nginx_get(url)
    written = page_file(baked, url)
    os.utime(written, (time.time() - 900, time.time() - 900))
    assert baking.sweep_if_due() == 2  # the first sweep of this folder: the page and its gzip copy
    assert not written.exists()
    nginx_get(url)
    os.utime(page_file(baked, url), (time.time() - 900, time.time() - 900))
    assert baking.sweep_if_due() is None  # swept a moment ago: not yet
    assert page_file(baked, url).exists()


def test_sweep_command(baked, portal, nginx_get, settings):
    url = portal["articles"][0].url
    nginx_get(url)
    os.utime(page_file(baked, url), (0, 0))
    out = StringIO()
    call_command("sweep_baked_pages", stdout=out)
    assert "removed 2 expired file(s)" in out.getvalue()
    assert not page_file(baked, url).exists()


def test_baked_headers_command_says_why_without_a_public_home(db, settings):
    from django.core.management.base import CommandError
    from wagtail.models import Page

    Page.objects.filter(depth__gt=1).delete()
    with pytest.raises(CommandError, match=r"no default site|no public page"):
        call_command("baked_headers", host=HOST)


@pytest.mark.parametrize(
    ("path", "host", "wanted"),
    [
        ("/thoi-su/bai-1/", "testserver", True),
        ("/", "tin.example.gov.vn", True),
        ("/thoi-su/../bi-mat/", "testserver", False),
        ("/thoi-su//bai/", "testserver", False),
        ("/thoi-su/bai", "testserver", False),
        ("/thời-sự/", "testserver", False),
        ("/thoi-su/", "../etc", False),
        ("/thoi-su/", "Upper.Case", False),
        ("/thoi-su/", "127.0.0.1:8000", True),
        ("/thoi-su/", "127.0.0.1:", False),
        ("/thoi-su/", "127.0.0.1:80:80", False),
    ],
    ids=["article", "home", "dot-dot", "double-slash", "no-trailing-slash", "not-ascii", "host-escape",
         "host-not-lowercase", "host-and-port", "empty-port", "two-ports"],
)  # fmt: skip
def test_only_paths_nginx_names_the_same_get_a_folder(baked, path, host, wanted):
    assert (baking.target("http", host, path) is not None) is wanted


def test_purge_opens_the_window_nginx_waits_out(baked, portal, nginx_get):
    """nginx checks kept descriptors once a second: for that long it must send readers to the app."""
    url = portal["articles"][3].url
    nginx_get(url)
    began = time.time()
    baking.purge_paths([url])
    marker = baked / baking.PURGE_MARKER
    assert marker.exists()
    assert marker.stat().st_mtime >= began + baking.PURGE_WINDOW - 0.01  # its time: when it closes
    assert baking.close_window(marker) is False  # too early: a later reader could get the old page
    assert marker.exists()
    assert baking.close_window(marker, now=marker.stat().st_mtime + 0.01) is True
    assert not marker.exists()


def test_window_stays_open_for_the_latest_purge(baked, portal):
    marker = baked / baking.PURGE_MARKER
    baked.mkdir(parents=True, exist_ok=True)
    later = time.time() + 30
    marker.touch()
    os.utime(marker, (later, later))  # another process's purge, still open
    baking.purge_paths([portal["articles"][0].url])
    assert marker.stat().st_mtime == later  # never shortened by an earlier-ending one


def test_sweep_closes_a_window_left_by_a_process_that_died(baked, portal):
    marker = baked / baking.PURGE_MARKER
    baked.mkdir(parents=True, exist_ok=True)
    marker.touch()
    os.utime(marker, (time.time() - 5, time.time() - 5))
    baking.sweep()
    assert not marker.exists()


# Whose address a baked page is for


def test_a_foreign_port_is_never_baked_for_every_reader(baked, portal, described, client):
    """Replays `curl -H 'Host: 127.0.0.1:6666' http://127.0.0.1:8000/`: nginx's `$host` drops the port,
    so the folder it names is every reader's; the page rendered for port 6666 must not go there."""
    call_command("set_site_address", "127.0.0.1:8000", stdout=StringIO())
    ask = f"{described['digest']} http/127.0.0.1"  # what nginx sends: its $host, no port
    url = portal["articles"][0].url
    for path in ("/", url):
        assert client.get(path, headers={"host": "127.0.0.1:6666", "x-toasoan-bake": ask}).status_code == 200
    assert not baked.exists() or not any(baked.rglob(baking.PAGE_FILE))
    # The site's own address is baked, and holds nothing of the foreign port.
    response = client.get(url, headers={"host": "127.0.0.1:8000", "x-toasoan-bake": ask})
    written = baked / "http" / "127.0.0.1" / url.lstrip("/") / baking.PAGE_FILE
    assert written.read_bytes() == response.content
    # Asked again through the foreign port (a page cache hit this time), it is not overwritten.
    client.get(url, headers={"host": "127.0.0.1:6666", "x-toasoan-bake": ask})
    assert written.read_bytes() == response.content


ADDRESSES = {
    # name: (the site's address, what nginx names, the Host the app sees, baked)
    "site-address": ("127.0.0.1:8000", "http/127.0.0.1", "127.0.0.1:8000", True),
    "foreign-port": ("127.0.0.1:8000", "http/127.0.0.1", "127.0.0.1:6666", False),
    "no-port-is-80": ("127.0.0.1:8000", "http/127.0.0.1", "127.0.0.1", False),
    "host-mismatch": ("127.0.0.1:8000", "http/127.0.0.1", "localhost:8000", False),
    "not-the-sites-host": ("127.0.0.1:8000", "http/localhost", "localhost:8000", False),
    "https-default-port": ("tin.vn:443", "https/tin.vn", "tin.vn", True),
    "https-explicit-port": ("tin.vn:443", "https/tin.vn", "tin.vn:443", True),
    "https-other-port": ("tin.vn:443", "https/tin.vn", "tin.vn:8443", False),
    "http-on-an-https-site": ("tin.vn:443", "http/tin.vn", "tin.vn", False),
    "nginx-names-the-port": ("localhost:80", "http/127.0.0.1:8000", "127.0.0.1:8000", True),
    "nginx-names-another-port": ("localhost:80", "http/127.0.0.1:8000", "127.0.0.1:6666", False),
}


@pytest.mark.parametrize("name", list(ADDRESSES), ids=list(ADDRESSES))
def test_only_the_sites_address_or_the_one_nginx_names_is_baked(baked, portal, described, name):
    site, place, host, expected = ADDRESSES[name]
    call_command("set_site_address", site, stdout=StringIO())
    headers = [(header, value) for header, value in described["headers"]]
    meta = {baking.HEADER: f"{described['digest']} {place}"}
    assert (baking.wanted(meta, host, headers) is not None) is expected
    if expected:
        assert baking.wanted(meta, host, headers) == tuple(place.split("/", 1))


# Never past its age


def test_no_baked_page_outlives_its_entry_until_the_next_sweep(baked, settings):
    """A page that would pass PAGE_CACHE_SECONDS before the next sweep goes now, not a sweep late."""
    settings.PAGE_CACHE_SECONDS = 600
    now = time.time()
    site = baked / "http" / HOST
    almost = 600 - baking.sweep_interval() / 2
    _touch(site / "sap-het-han" / baking.PAGE_FILE, almost, now)
    _touch(site / "con-lau" / baking.PAGE_FILE, 30, now)
    assert baking.sweep(now=now) == 1
    assert not (site / "sap-het-han" / baking.PAGE_FILE).exists()
    assert (site / "con-lau" / baking.PAGE_FILE).exists()


def test_an_entry_near_its_end_is_not_baked(baked, portal, described, rf, settings):
    settings.PAGE_CACHE_SECONDS = 600
    url = portal["articles"][0].url
    meta, page, stamp, entry = _stored(url, described, rf)
    old = (*entry[:5], time.time() - (600 - baking.sweep_interval() / 2))
    assert baking.bake(meta, page, stamp, old) is False
    assert not page_file(baked, url).exists()
    assert baking.bake(meta, page, stamp, entry) is True  # a fresh one is
