"""deploy/nginx_conf.py: the site file it renders, and Debian's nginx running it in front of the app."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from toasoan.delivery import baking, frontend
from toasoan.operations.testing import reserve_port


@pytest.fixture
def portal(fresh_portal):
    """Built for each test: these tests commit, which a portal shared by the module cannot survive."""
    return fresh_portal


ROOT = Path(django_settings.BASE_DIR)
RENDER = [sys.executable, str(ROOT / "deploy" / "nginx_conf.py")]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HEADERS = {
    "digest": "0123456789abcdef",
    "headers": [
        ["cache-control", "public, max-age=5, s-maxage=300"],
        ["content-security-policy", "default-src 'self'; img-src 'self' data:"],
        ["x-content-type-options", "nosniff"],
    ],
}


def run(*args: str, check: bool = False) -> subprocess.CompletedProcess:
    """Our renderer or Debian's nginx, with arguments this file builds."""
    return subprocess.run(list(args), capture_output=True, text=True, check=check)  # noqa: S603


def render_site(tmp_path, *extra) -> subprocess.CompletedProcess:
    return run(*RENDER, "site", "--var", str(tmp_path), *extra)


def headers_file(tmp_path, described=HEADERS) -> str:
    path = tmp_path / "baked-headers.json"
    path.write_text(json.dumps(described), encoding="utf-8")
    return str(path)


def test_site_with_baked_pages_serves_files_first(tmp_path):
    site = render_site(
        tmp_path, "--baked", str(tmp_path / "baked"), "--baked-headers", headers_file(tmp_path)
    )
    assert site.returncode == 0, site.stderr
    conf = site.stdout
    assert "try_files $toasoan_baked${uri}index.html @app;" in conf
    assert f"root {tmp_path / 'baked'};" in conf
    assert "location @app {" in conf
    assert "add_header Content-Security-Policy \"default-src 'self'; img-src 'self' data:\";" in conf
    assert 'proxy_set_header X-Toasoan-Bake "0123456789abcdef $scheme/$host";' in conf
    assert "open_file_cache_valid 1s;" in conf  # kept descriptors, checked once a second …
    assert "if (-f $document_root/.purging) {\n            return 418;" in conf  # … so purges say so
    assert '"GET:::"  "/$scheme/$host";' in conf  # no query string, no session, no credentials


def test_site_without_baked_pages_proxies_everything(tmp_path):
    site = render_site(tmp_path)
    assert site.returncode == 0, site.stderr
    assert "location / {\n        proxy_pass http://toasoan_app;" in site.stdout
    assert "try_files" not in site.stdout
    assert 'proxy_set_header X-Toasoan-Bake "";' in site.stdout  # a reader cannot ask for baking


@pytest.mark.parametrize(
    ("name", "value"),
    [("x-test", 'a "quoted" value'), ("x-test", "cost $5"), ("x-test", "two\nlines"), ("x test", "v")],
    ids=["quote", "dollar", "newline", "bad-name"],
)
def test_header_nginx_cannot_carry_is_refused(tmp_path, name, value):
    described = {"digest": "00", "headers": [[name, value]]}
    site = render_site(
        tmp_path, "--baked", str(tmp_path), "--baked-headers", headers_file(tmp_path, described)
    )
    assert site.returncode != 0
    assert "cannot be written" in site.stderr
    assert not site.stdout


def test_baked_needs_the_headers(tmp_path):
    site = render_site(tmp_path, "--baked", str(tmp_path))
    assert site.returncode != 0
    assert "--baked-headers" in site.stderr


# nginx itself


def start_nginx(
    folder: Path, listen: str, upstream: str, headers: str | None, var: Path | None = None, extra: tuple = ()
) -> subprocess.Popen:
    """Debian's nginx as `make serve` renders it (with baked pages when `headers` is given; `extra`:
    more of the renderer's options), listening once this returns."""
    if not Path(NGINX).exists():
        pytest.fail("Debian's nginx is missing: apt-get install nginx-light (.ci/run installs it)")
    run_folder = folder / "run"
    baked = ["--baked", str(folder / "baked"), "--baked-headers", headers] if headers else []
    options = [*baked, *extra]
    conf = run(*RENDER, "local", "--listen", listen, "--upstream", upstream, "--var", str(var or folder),
               "--run", str(run_folder), "--workers", "1", *options, check=True).stdout.strip()  # fmt: skip
    checked = run(NGINX, "-t", "-c", conf, "-p", str(run_folder), "-e", str(run_folder / "error.log"))
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(  # noqa: S603
        [NGINX, "-c", conf, "-p", str(run_folder), "-e", str(run_folder / "error.log")],
        start_new_session=True,
    )
    host, port = listen.rsplit(":", 1)
    pid_file = run_folder / "nginx.pid"
    for _ in range(100):
        # nginx writes its pid once its sockets are bound: an answer then comes from this nginx.
        try:
            ours = pid_file.read_text().strip() == str(process.pid)
            socket.create_connection((host, int(port)), timeout=0.2).close()
        except (OSError, ValueError):
            ours = False
        if ours and process.poll() is None:
            return process
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    pytest.fail("nginx did not start: " + (run_folder / "error.log").read_text(errors="replace"))


def fetch(port: int, path: str, method: str = "GET", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def nginx_in_front(live_server, settings, folder: Path):
    """Debian's nginx in front of the live server, with baked pages and (when the module is there)
    purges of its proxy cache, as `make serve` runs it; yields nginx's port."""
    from wagtail.models import Site

    port = reserve_port()
    app = live_server.url.split("//", 1)[1].replace("localhost", "127.0.0.1")
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", port  # as readers call it: purges name the pages so
    site.save()
    settings.BAKED_PAGES_DIR = str(folder / "baked")
    settings.PAGE_CACHE_LOCAL_MS = 0
    out = StringIO()
    call_command("baked_headers", host=f"127.0.0.1:{port}", scheme="http", stdout=out)
    headers = folder / "baked-headers.json"
    headers.write_text(out.getvalue(), encoding="utf-8")
    nginx = start_nginx(folder, f"127.0.0.1:{port}", app, str(headers))
    try:
        if run(*RENDER, "has-purge").returncode == 0:
            backends = frontend.frontend_cache_settings(nginx_url=f"http://127.0.0.1:{port}")
            backends["nginx"]["REPEAT_AFTER"] = 0  # the second purge would outlive this nginx
            settings.WAGTAILFRONTENDCACHE = backends
        yield port
    finally:
        os.killpg(nginx.pid, signal.SIGTERM)
        nginx.wait(timeout=10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_serves_baked_pages_and_a_publish_is_fresh_at_once(
    live_server, portal, make_article, settings, nginx_folder
):
    with nginx_in_front(live_server, settings, nginx_folder) as port:
        first_status, first, body = fetch(port, "/")
        assert first_status == 200
        assert first["x-cache-status"] != "BAKED"  # nothing baked yet: the app answered, and baked it
        status, again, baked_body = fetch(port, "/")
        assert (status, again["x-cache-status"]) == (200, "BAKED")
        assert baked_body == body
        assert again["content-type"] == "text/html; charset=utf-8"
        assert again["content-security-policy"] == first["content-security-policy"]
        assert again["cache-control"] == first["cache-control"]

        # Never a baked page for a reader with a session, a query string, or a form post.
        _, editor, _ = fetch(port, "/", headers={"Cookie": "sessionid=editor"})
        assert (editor.get("x-cache-status"), editor["x-toasoan-cache"]) != ("BAKED", None)
        assert editor["x-toasoan-cache"] == "bypass"
        _, query, _ = fetch(port, "/?trang=2")
        assert query["x-cache-status"] != "BAKED"
        post_status, posted, _ = fetch(port, portal["articles"][0].url, method="POST")
        assert post_status != 405 and "x-toasoan-cache" in posted  # the app answered it

        news = portal["news"]
        article = make_article(news, "Tin mới qua nginx", published_at=timezone.now())
        article.save_revision().publish()  # commits: the purge deletes the baked home page
        status, fresh, fresh_body = fetch(port, "/")  # at once: nginx's kept descriptor is not used
        assert status == 200 and "Tin mới qua nginx" in fresh_body.decode(), fresh
        assert fresh["x-cache-status"] != "BAKED"  # the purge window: the app answers for a moment
        # nginx may hold the deleted page's descriptor for 1 s: only real time ends that. The window
        # is then closed here, as run_worker's job would (test_pending_purges.py tests the job).
        time.sleep(baking.PURGE_WINDOW)
        marker = Path(settings.BAKED_PAGES_DIR) / baking.PURGE_MARKER
        baking.close_window(marker)
        assert not marker.exists()
        status, rebaked, rebaked_body = fetch(port, "/")
        assert rebaked["x-cache-status"] == "BAKED" and "Tin mới qua nginx" in rebaked_body.decode()
