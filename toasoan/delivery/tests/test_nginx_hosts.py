"""Hosts, cookies, outages and uploads through Debian's nginx, as `make serve` runs it (issue #16).

Each test replays an attack found against `make serve`: a Host with a foreign port, a foreign host
or an absolute-URI request line, an upper-case session cookie, the app server going down, an
uploaded file opened as a page. Readers who come after must get nothing the attacker chose.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model

from toasoan.editorial.models import StoryThread, StoryThreadItem
from toasoan.operations.testing import reserve_port

from .test_nginx import fetch, nginx_in_front, render_site, start_nginx
from .test_session_cookie import NOT_SESSIONS, SESSIONS
from .test_upload_headers import DOCUMENTS


@pytest.fixture
def portal(fresh_portal):
    """Built for each test: these tests commit, which a portal shared by the module cannot survive."""
    return fresh_portal


FOREIGN_PORT = "6666"
#: What the attacks below name, as an address carries it (a port after a colon, written or
#: URL-encoded); none of it may reach a reader. Bare digits are not a mark: "6666" is also
#: four digits of a time's microseconds (2026-12-07T15:23:28.366661+07:00, in the JSON-LD).
FOREIGN_MARKS = re.compile(rf"(?:\:|%3A)(?:{FOREIGN_PORT}|7777)(?!\d)|evil\.example|localhost", re.IGNORECASE)
OUTAGE_HEADING = "Hệ thống tạm thời gián đoạn"


def request_line(port: int, target: str, headers: dict | None = None):
    """A request whose request line is `target` as given (an absolute URI: http.client then sends
    that URI's host as Host, unless `headers` name one)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", target, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def with_headers(port: int, path: str, pairs: list[tuple[str, str]]) -> dict:
    """The answer's headers to a GET that sends these header lines as given (a name may repeat)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path)
        for name, value in pairs:
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def answered(port: int, target: str, headers: dict | None = None) -> int | None:
    """The status, or None for nginx's 444 (the connection closes without an answer)."""
    try:
        return request_line(port, target, headers)[0]
    except (http.client.RemoteDisconnected, ConnectionResetError):
        return None


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)


# What the render script writes


def test_only_the_sites_names_are_served_and_the_app_gets_its_own_host(tmp_path):
    site = render_site(
        tmp_path, "--server-name", "tin.example.gov.vn www.tin.example.gov.vn", "--tls", "/etc/ssl/tin"
    )
    assert site.returncode == 0, site.stderr
    conf = site.stdout
    assert "listen 443 ssl http2 default_server;\n    ssl_reject_handshake on;" in conf
    assert "server_name _;\n    return 444;" in conf
    alias = "server_name www.tin.example.gov.vn;\n    return 301 https://tin.example.gov.vn$request_uri;"
    assert alias in conf  # another name readers use is sent to the site's own
    assert "    server_name tin.example.gov.vn;\n" in conf
    assert 'proxy_set_header Host "tin.example.gov.vn";' in conf
    assert "$http_host" not in conf

    local = render_site(tmp_path, "--listen", "127.0.0.1:8600")
    assert 'proxy_set_header Host "127.0.0.1:8600";' in local.stdout
    assert "    server_name 127.0.0.1;\n" in local.stdout


@pytest.mark.parametrize("name", ["_", "*.example.gov.vn", "~^(.+)$", "tin.example.gov.vn;evil"])
def test_a_server_name_that_is_not_a_host_name_is_refused(tmp_path, name):
    site = render_site(tmp_path, "--server-name", name)
    assert site.returncode != 0
    assert "is not a host name" in site.stderr
    assert not site.stdout


# Hosts and ports: nothing a reader names reaches a page another reader gets


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_host_port_and_cookie_poisoning_never_reaches_other_readers(
    live_server, portal, settings, nginx_folder
):
    article = portal["articles"][0]
    thread = StoryThread.objects.create(title="Bão Yagi 2024", description="Diễn biến cơn bão số 3.")
    StoryThreadItem.objects.create(thread=thread, article=article)
    news = portal["news"].url
    paths = ["/", article.url, article.url + "tai-ve/", news, "/rss/", news + "rss/", "/sitemap.xml",
             "/sitemap-news.xml", "/robots.txt", "/opensearch.xml", thread.get_absolute_url(),
             "/tim-kiem.json?q=thoi+su"]  # fmt: skip
    with nginx_in_front(live_server, settings, nginx_folder) as port:
        foreign = f"127.0.0.1:{FOREIGN_PORT}"
        for path in paths:  # the attacker comes first, with every variant
            fetch(port, path, headers={"Host": foreign})
            fetch(port, path, headers={"Host": foreign, "Cookie": "SESSIONID=x"})
            fetch(port, path, headers={"Host": foreign, "X-Forwarded-Host": "evil.example"})
            request_line(port, f"http://127.0.0.1:7777{path}")  # absolute URI, Host 127.0.0.1:7777
            answered(port, f"http://localhost:7777{path}")  # a name nginx does not serve

        address = f"http://127.0.0.1:{port}"
        for path in paths:
            for _ in range(2):  # the second one from the baked file or nginx's cache
                status, headers, body = fetch(port, path)
                text = body.decode()
                assert status == 200, (path, status)
                poisoned = FOREIGN_MARKS.findall(text)
                assert not poisoned, (path, headers.get("x-cache-status"), poisoned)
        _, _, feed = fetch(port, "/rss/")
        assert f"<link>{address}/</link>" in feed.decode()
        _, _, home = fetch(port, "/")
        assert f'"target": "{address}/tim-kiem/?q={{search_term_string}}"' in home.decode()

        # Names nginx does not serve get no answer at all.
        assert answered(port, "/sitemap.xml", {"Host": "evil.example"}) is None
        assert answered(port, "http://localhost:7777/sitemap.xml") is None
        assert answered(port, "/rss/", {"Host": f"localhost:{port}"}) is None
        assert answered(port, "/rss/", {"Host": f"127.0.0.1:{port}"}) == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_and_the_app_agree_on_who_has_a_session(live_server, portal, settings, nginx_folder):
    with nginx_in_front(live_server, settings, nginx_folder) as port:
        fetch(port, "/")
        status, baked, _ = fetch(port, "/")
        assert (status, baked["x-cache-status"]) == (200, "BAKED")
        for cookie in SESSIONS:  # nginx skips its copies, and the app keeps nothing of the answer
            _, headers, _ = fetch(port, "/", headers={"Cookie": cookie})
            assert headers.get("x-cache-status") != "BAKED", cookie
            assert headers["x-toasoan-cache"] == "bypass", cookie
            assert headers["cache-control"] == "private, no-store", cookie
        for cookie in NOT_SESSIONS:  # an anonymous reader for both
            _, headers, _ = fetch(port, "/", headers={"Cookie": cookie})
            assert headers["x-cache-status"] == "BAKED", cookie
        # Two Cookie lines: nginx reads them joined by "; ", and the app gets them so joined.
        headers = with_headers(port, "/", [("Cookie", "theme=dark"), ("Cookie", "SESSIONID=x")])
        assert headers["x-cache-status"] != "BAKED" and headers["x-toasoan-cache"] == "bypass"


# The app server down


@pytest.mark.parametrize("rendered", [True, False], ids=["apps-page", "without-the-file"])
def test_app_server_down_answers_the_vietnamese_outage_page(nginx_folder, settings, rendered):
    if rendered:
        call_command("outage_page", output=str(nginx_folder / "unavailable.html"), stdout=StringIO())
    port, dead = reserve_port(), reserve_port()  # nothing listens on the app's port
    nginx = start_nginx(nginx_folder, f"127.0.0.1:{port}", f"127.0.0.1:{dead}", None)
    try:
        for method, path in [("GET", "/"), ("GET", "/thoi-su/bai-moi/"), ("POST", "/binh-luan/gui/")]:
            status, headers, body = fetch(port, path, method=method)
            text = body.decode()
            assert status == 502, (method, path)
            assert headers["content-type"] == "text/html; charset=utf-8"
            assert headers["cache-control"] == "no-store"
            assert OUTAGE_HEADING in text and re.search(r"<html lang=[\"']vi[\"']>", text)
            assert "Bad Gateway" not in text and "nginx" not in text
            if rendered:
                assert settings.SITE_NAME in text and "/static/css/site.css" in text
        status, _, _ = fetch(port, "/_toasoan/tam-ngung")
        assert status == 404  # the page itself is nginx's own, not an address
    finally:
        stop(nginx)


# Uploads


def test_uploads_are_never_sniffed_nor_run_as_pages(nginx_folder):
    media, static = nginx_folder / "media", nginx_folder / "static"
    files = {
        "original_images/hoi-nghi.jpg": b"\xff\xd8\xff\xe0 jpeg",
        "images/hoi-nghi.width-480.PNG": b"\x89PNG png",
        "tep/trang.html": b"<html><script>alert(1)</script>",
        "tep/hinh.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "tep/khong-duoi": b"<html><script>alert(1)</script>",
    }
    for name, data in files.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(data)
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_bytes(b"body{}")
    port, dead = reserve_port(), reserve_port()
    nginx = start_nginx(nginx_folder, f"127.0.0.1:{port}", f"127.0.0.1:{dead}", None)
    try:
        for name, data in files.items():
            status, headers, body = fetch(port, f"/media/{name}")
            assert (status, body) == (200, data), name
            assert headers["x-content-type-options"] == "nosniff", name
            assert headers["content-security-policy"] == "sandbox", name
            image = name.startswith(("original_images/", "images/"))
            assert headers.get("content-disposition") == (None if image else "attachment"), name
        status, headers, _ = fetch(port, "/static/css/site.css")
        assert status == 200 and headers["x-content-type-options"] == "nosniff"
    finally:
        stop(nginx)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_documents_through_nginx_leave_with_the_apps_headers(live_server, portal, settings, nginx_folder):
    settings.MEDIA_ROOT = str(nginx_folder / "media")
    settings.DOCUMENTS_ACCEL_PREFIX = "/_tai-lieu/"
    settings.SENDFILE_BACKEND = "toasoan.delivery.sendfile"
    document = get_document_model()
    stored = {
        name: document.objects.create(title=name, file=ContentFile(data, name=name))
        for name, (data, _, _) in DOCUMENTS.items()
    }
    with nginx_in_front(live_server, settings, nginx_folder) as port:
        for name, (data, inline, policy) in DOCUMENTS.items():
            status, headers, body = fetch(port, stored[name].url)
            assert (status, body) == (200, data), name
            assert "x-accel-redirect" not in headers  # nginx sent the bytes
            assert headers["content-disposition"].startswith("inline" if inline else "attachment"), name
            assert headers["content-security-policy"] == policy, name
            assert headers["x-content-type-options"] == "nosniff", name
