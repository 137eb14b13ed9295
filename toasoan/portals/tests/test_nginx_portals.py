"""Component portals through Debian's nginx (deploy/nginx_conf.py --portal): each host gets its own
server, its own Host to the app and its own copies in nginx's cache and the baked folder."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from conftest import new_article, new_section, site_home
from toasoan.articles.models import ArticlePage
from toasoan.delivery.services import purge as purges
from toasoan.delivery.tests.test_nginx import RENDER, fetch, render_site, run, start_nginx
from toasoan.operations.testing import reserve_port
from toasoan.portals.services import provision
from toasoan.sections.models import SectionPage

PORTAL = "xa-hoa-an.localhost"


def test_each_portal_gets_a_server_of_its_own_that_names_it_to_the_app(tmp_path):
    site = render_site(
        tmp_path,
        "--server-name",
        "tin.example.gov.vn",
        "--portal",
        "xa-hoa-an.example.gov.vn",
        "--tls",
        "/etc/ssl/tin",
    )
    assert site.returncode == 0, site.stderr
    conf = site.stdout
    assert conf.count("server_name tin.example.gov.vn;") == 1
    assert conf.count("    server_name xa-hoa-an.example.gov.vn;\n") == 1
    assert 'proxy_set_header Host "xa-hoa-an.example.gov.vn";' in conf
    assert 'proxy_set_header Host "tin.example.gov.vn";' in conf
    assert conf.count("proxy_cache_key $scheme$host$request_uri$toasoan_gzip;") == 2
    assert conf.count("server_name _;") == 1  # one default server refuses every other name
    assert "$http_host" not in conf


@pytest.mark.parametrize("name", ["_", "*.example.gov.vn", "xa;evil"])
def test_a_portal_name_that_is_not_a_host_name_is_refused(tmp_path, name):
    site = render_site(tmp_path, "--portal", name)
    assert site.returncode != 0 and "is not a host name" in site.stderr and not site.stdout


@pytest.fixture
def nginx_folder():
    folder = Path(tempfile.mkdtemp(prefix="toasoan-nginx-portals-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_portals_through_nginx_keep_their_own_pages_and_copies(live_server, settings, nginx_folder):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    port = reserve_port()
    home = site_home()
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=port)
    new_article(new_section(home, "Thời sự"), "Tin của tỉnh qua nginx", published_at=timezone.now())
    report = provision.create_portal(name="Cổng thông tin điện tử xã Hòa An", host=PORTAL, port=port)
    section = SectionPage.objects.child_of(report.home).order_by("path").first()
    new_article(section, "Tin của xã qua nginx", published_at=timezone.now())
    purges.run_pending()  # this content stands for what was committed before the test

    settings.BAKED_PAGES_DIR = str(nginx_folder / "baked")
    settings.PAGE_CACHE_LOCAL_MS = 0
    out = StringIO()
    call_command("baked_headers", host=f"127.0.0.1:{port}", scheme="http", stdout=out)
    headers = nginx_folder / "baked-headers.json"
    headers.write_text(out.getvalue(), encoding="utf-8")
    app = live_server.url.split("//", 1)[1].replace("localhost", "127.0.0.1")
    if run(*RENDER, "has-purge").returncode == 0:
        from toasoan.delivery import frontend

        backends = frontend.frontend_cache_settings(nginx_url=f"http://127.0.0.1:{port}")
        backends["nginx"]["REPEAT_AFTER"] = 0
        settings.WAGTAILFRONTENDCACHE = backends
    nginx = start_nginx(nginx_folder, f"127.0.0.1:{port}", app, str(headers), extra=("--portal", PORTAL))
    try:
        at_portal = {"Host": f"{PORTAL}:{port}"}
        for _ in range(2):  # the app's answer, then nginx's own copy
            status, answer, body = fetch(port, "/", headers=at_portal)
            text = body.decode()
            assert status == 200 and "Tin của xã qua nginx" in text and "Tin của tỉnh" not in text
            assert "Cổng thông tin điện tử xã Hòa An" in text
        assert answer["x-cache-status"] in ("BAKED", "HIT")
        for _ in range(2):
            status, answer, body = fetch(port, "/")
            text = body.decode()
            assert status == 200 and "Tin của tỉnh qua nginx" in text and "Tin của xã" not in text
        assert answer["x-cache-status"] in ("BAKED", "HIT")
        status, _, feed = fetch(port, "/rss/", headers=at_portal)
        assert (
            status == 200
            and f"http://{PORTAL}:{port}/" in feed.decode()
            and "Tin của tỉnh" not in feed.decode()
        )
        # A publish at the portal reaches its readers at once and never the main portal's.
        article = section.add_child(
            instance=ArticlePage(
                title="Tin mới của xã", published_at=timezone.now(), lead="Tin mới.", live=False
            )
        )
        article.save_revision().publish()
        status, answer, body = fetch(port, "/", headers=at_portal)
        # Which copy answered (nginx's, a baked file, the app's cache), should one ever be stale.
        served = {name: answer.get(name) for name in ("x-cache-status", "x-toasoan-cache", "age")}
        served["purge window"] = (nginx_folder / "baked" / ".purging").exists()
        assert status == 200 and "Tin mới của xã" in body.decode(), served
        assert "Tin mới của xã" not in fetch(port, "/")[2].decode()
    finally:
        os.killpg(nginx.pid, signal.SIGTERM)
        nginx.wait(timeout=10)
