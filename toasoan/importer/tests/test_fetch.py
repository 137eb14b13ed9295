"""``--from-urls`` against a real HTTP server on 127.0.0.1: redirects, retries, timeouts, charsets."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from toasoan.articles.models import ArticlePage
from toasoan.importer.models import ImportedRecord
from toasoan.importer.parsers.fetch import Fetcher, FetchError, FetchSettings

from .test_html import BODY, LEAD, TITLE, _page

FAST = ("--rate", "0", "--backoff", "0.01", "--timeout", "2")


class Site:
    """What the test server serves, and what it was asked."""

    def __init__(self, fixtures: Path | None) -> None:
        self.fixtures = fixtures
        self.hits: Counter[str] = Counter()
        self.user_agents: set[str] = set()

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        utf8 = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/bai.html":
            return 200, utf8, _page()
        if path == "/cu":
            return 301, {"Location": "/bai-moi.html"}, b""
        if path == "/bai-moi.html":
            return 200, utf8, _page(title=TITLE + " (bài chuyển)")
        if path == "/loi-roi-duoc":
            if self.hits[path] == 1:
                return 500, {"Content-Type": "text/plain"}, b"loi"
            return 200, utf8, _page(title=TITLE + " (lần hai)")
        if path == "/luon-loi":
            return 503, {"Content-Type": "text/plain", "Retry-After": "0"}, b"ban"
        if path == "/cham":
            time.sleep(1.5)
            return 200, utf8, _page()
        if path == "/charset-header":
            # Header: windows-1258; the page's meta (wrongly) says UTF-8: the header wins.
            html = _page(charset="utf-8", encoding="cp1258", title=TITLE + " (header)")
            return 200, {"Content-Type": "text/html; charset=windows-1258"}, html
        if path == "/charset-meta":
            html = _page(charset="windows-1258", encoding="cp1258", title=TITLE + " (meta)")
            return 200, {"Content-Type": "text/html"}, html
        if path == "/anh.jpg":
            return 200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff"
        if path.startswith("/fixtures/") and self.fixtures is not None:
            name = path.removeprefix("/fixtures/")
            file = self.fixtures / name
            if file.is_file():
                return 200, {"Content-Type": "text/html; charset=utf-8"}, file.read_bytes()
        return 404, {"Content-Type": "text/plain"}, b"khong co"


@pytest.fixture
def site(request) -> Iterator[tuple[str, Site]]:
    fixtures_dir = getattr(request, "param", None)
    content = Site(fixtures_dir)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server's name for it
            content.hits[self.path] += 1
            content.user_agents.add(self.headers.get("User-Agent", ""))
            status, headers, body = content.answer(self.path)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", content
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def url_list(tmp_path):
    def write(*urls: str) -> Path:
        path = tmp_path / "urls.txt"
        path.write_text("# danh sách bài cũ\n\n" + "\n".join(urls) + "\n", encoding="utf-8")
        return path

    return write


def test_fetch_follows_redirects_and_keys_by_final_address(run_import, site, url_list):
    base, served = site
    result = run_import("--from-urls", url_list(f"{base}/bai.html", f"{base}/cu"), "--json", *FAST)
    assert result.ok, result.stderr
    assert [line["status"] for line in result.json_lines] == ["created", "created"]
    assert [line["line"] for line in result.json_lines] == [3, 4]  # line numbers in the list file
    moved = ArticlePage.objects.get(title__endswith="(bài chuyển)")
    assert ImportedRecord.objects.get(page=moved).key == f"{base}/bai-moi.html"
    assert ImportedRecord.objects.get(page=moved).source_url == f"{base}/bai-moi.html"
    assert served.hits["/cu"] == 1 and served.hits["/bai-moi.html"] == 1
    assert all(agent.startswith("ToaSoan-importer/") for agent in served.user_agents)
    page = ArticlePage.objects.get(title=TITLE)
    assert page.lead == LEAD
    assert page.published_at == datetime.fromisoformat("2012-12-28T14:46:00+07:00")
    # Images are references only: nothing but the pages was fetched.
    assert set(served.hits) == {"/bai.html", "/cu", "/bai-moi.html"}


def test_a_500_is_retried_then_succeeds(run_import, site, url_list):
    base, served = site
    result = run_import("--from-urls", url_list(f"{base}/loi-roi-duoc"), "--json", *FAST)
    assert result.ok, result.stderr
    assert result.json_lines[0]["status"] == "created"
    assert served.hits["/loi-roi-duoc"] == 2
    assert ArticlePage.objects.get().title == TITLE + " (lần hai)"


def test_retries_run_out(run_import, site, url_list):
    base, served = site
    result = run_import("--from-urls", url_list(f"{base}/luon-loi"), "--json", *FAST, "--retries", "2")
    assert not result.ok
    line = result.json_lines[0]
    assert line["status"] == "failed"
    assert "máy chủ trả lời 503" in line["error"] and "đã thử 3 lần" in line["error"]
    assert served.hits["/luon-loi"] == 3


def test_timeout(run_import, site, url_list):
    base, served = site
    started = time.monotonic()
    options = ("--rate", "0", "--backoff", "0", "--timeout", "0.3", "--retries", "1")
    result = run_import("--from-urls", url_list(f"{base}/cham"), "--json", *options)
    assert time.monotonic() - started < 1.4  # gave up, did not wait for the slow answers
    line = result.json_lines[0]
    assert line["status"] == "failed"
    assert "hết thời gian chờ" in line["error"]
    assert served.hits["/cham"] == 2


def test_charset_from_header_then_meta(run_import, site, url_list):
    base, _ = site
    result = run_import(
        "--from-urls", url_list(f"{base}/charset-header", f"{base}/charset-meta"), "--json", *FAST
    )
    assert result.ok, result.stderr
    titles = set(ArticlePage.objects.values_list("title", flat=True))
    assert titles == {TITLE + " (header)", TITLE + " (meta)"}
    assert all(BODY in page.body.raw_data[0]["value"] for page in ArticlePage.objects.all())


def test_not_found_and_not_html(run_import, site, url_list):
    base, _ = site
    result = run_import(
        "--from-urls", url_list(f"{base}/khong-co", f"{base}/anh.jpg", "ftp://x/y"), "--json", *FAST
    )
    assert not result.ok
    errors = [line["error"] for line in result.json_lines]
    assert "máy chủ trả lời 404" in errors[0]
    assert "không phải trang HTML (image/jpeg)" in errors[1]
    assert "không phải địa chỉ http(s)" in errors[2]
    assert "Lý do lỗi:" in result.stderr


@pytest.mark.parametrize("site", [None], indirect=True)
def test_real_fixture_pages_over_http(run_import, site, url_list, shared_dir):
    base, served = site
    served.fixtures = shared_dir / "fixtures" / "html"
    names = ["dantri_2012-12-25_chot-lich-nghi-le-tet-2013.html", "soha_2012-12-27_homepage.html"]
    result = run_import(
        "--from-urls", url_list(*(f"{base}/fixtures/{name}" for name in names)), "--json", *FAST
    )
    assert result.ok, result.stderr
    assert [line["status"] for line in result.json_lines] == ["created", "not-article"]


def test_rate_limit_waits_between_requests_to_one_host():
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        now[0] += seconds

    fetcher = Fetcher(FetchSettings(rate=2.0), sleep=sleep, clock=lambda: now[0])
    fetcher._wait_turn("http://a.vn/1")
    fetcher._wait_turn("http://a.vn/2")
    fetcher._wait_turn("http://b.vn/1")  # another host: no wait
    now[0] += 0.2
    fetcher._wait_turn("http://a.vn/3")
    assert waits == [0.5, 0.3]
    fetcher.close()


def test_backoff_doubles():
    fetcher = Fetcher(FetchSettings(backoff=0.5))
    assert [fetcher._delay(attempt, "") for attempt in (1, 2, 3)] == [0.5, 1.0, 2.0]
    fetcher.close()


def test_fetch_error_is_raised_for_bad_urls():
    fetcher = Fetcher(FetchSettings(retries=0, rate=0, timeout=0.5))
    with pytest.raises(FetchError):
        fetcher.get("http://127.0.0.1:9/khong-co-may-chu")
    fetcher.close()
