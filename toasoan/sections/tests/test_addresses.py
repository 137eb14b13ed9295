"""Absolute URLs in pages name the site's configured address, never the Host a request sent.

Replays issue #16's poisoning: a request with `Host: 127.0.0.1:6666` (or over https) rendered the
home page's JSON-LD, an article's publisher and a saved article's images with that host and port,
and the page was then kept and served to every reader.
"""

from __future__ import annotations

import json
import re
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.test import RequestFactory
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Site

from toasoan.sections import addresses
from toasoan.sections.context_processors import site_navigation

#: The default Site the migrations create (localhost, port 80).
ADDRESS = "http://localhost"
#: What an attacker sends instead.
FOREIGN = {"HTTP_HOST": "127.0.0.1:6666", "secure": True}


def json_ld(html: str) -> dict:
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script)


def foreign_marks(html: str) -> list[str]:
    return [mark for mark in ("6666", "127.0.0.1", "https://localhost") if mark in html]


@pytest.fixture
def photo(db):
    buffer = BytesIO()
    PILImage.new("RGB", (640, 400), (11, 77, 162)).save(buffer, "PNG")
    file = ImageFile(BytesIO(buffer.getvalue()), name="hoi-nghi.png")
    image = Image.objects.create(title="Ảnh hội nghị", file=file)
    yield image
    image.file.close()


@pytest.fixture
def article(home, make_section, make_article, photo):
    news = make_section("Thời sự")
    body = [
        ("paragraph", "<p>Nội dung bài.</p>"),
        ("image", {"image": photo, "alt": "Hội nghị", "caption": "Hội nghị", "credit": ""}),
    ]
    return make_article(news, "Hội nghị trực tuyến toàn quốc", body=body)


def test_home_page_search_action_names_the_site_address(client, home):
    html = client.get("/", **FOREIGN).content.decode()

    target = json_ld(html)["potentialAction"]["target"]
    assert target == f"{ADDRESS}/tim-kiem/?q={{search_term_string}}"
    assert not foreign_marks(html)


def test_article_publisher_names_the_site_address(client, article):
    html = client.get(article.url, **FOREIGN).content.decode()

    data = json_ld(html)
    assert data["publisher"]["url"] == f"{ADDRESS}/"
    assert data["url"] == f"{ADDRESS}{article.url}"
    assert not foreign_marks(html)


def test_saved_article_images_name_no_host_at_all(client, article):
    response = client.get(f"{article.url}tai-ve/", **FOREIGN)

    html = response.content.decode()
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert sources and all(src.startswith("data:image/") for src in sources), sources
    assert not foreign_marks(html)


def test_a_host_no_site_names_gets_the_default_sites_address(home):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "tin.example.gov.vn", 443
    site.save()
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:6666", secure=False)

    assert addresses.site_address(request) == "https://tin.example.gov.vn"
    assert addresses.absolute_url(request, "/rss/") == "https://tin.example.gov.vn/rss/"
    assert addresses.absolute_url(request, "rss/") == "https://tin.example.gov.vn/rss/"
    # A page of another site is already a full URL (Wagtail's get_url): it stays as it is.
    assert addresses.absolute_url(request, "http://other.vn/a/") == "http://other.vn/a/"
    assert str(site_navigation(request)["site_address"]) == "https://tin.example.gov.vn"


def test_with_no_site_at_all_the_base_url_stands_in(db, settings):
    Site.objects.all().delete()
    settings.WAGTAILADMIN_BASE_URL = "https://tin.example.gov.vn/"

    assert addresses.site_address(RequestFactory().get("/", HTTP_HOST="127.0.0.1:6666")) == (
        "https://tin.example.gov.vn"
    )
    assert addresses.site_address(None) == "https://tin.example.gov.vn"
