"""One site address in every absolute URL a page writes, and a saved article whole offline.

Replays issue #17 (6): after `manage.py set_site_address` (another process), the canonical link,
`og:url`, the print page's "Nguồn:" and the saved file still said `http://localhost/…` (Wagtail's
own cache of site root paths, which that process does not clear), while RSS and JSON-LD named the
real address; the saved file linked its pictures on the server, so it was not whole offline.
"""

from __future__ import annotations

import base64
import json
import re
from io import BytesIO, StringIO

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

ADDRESS = "https://tin.example.gov.vn"


@pytest.fixture
def photo(db):
    buffer = BytesIO()
    PILImage.new("RGB", (2000, 1250), (11, 77, 162)).save(buffer, "PNG")
    file = ImageFile(BytesIO(buffer.getvalue()), name="hoi-nghi.png")
    image = Image.objects.create(title="Ảnh hội nghị", file=file)
    yield image
    image.file.close()


@pytest.fixture
def article(make_section, make_article, photo):
    news = make_section("Thời sự")
    body = [
        ("paragraph", "<p>Nội dung bài.</p>"),
        ("image", {"image": photo, "alt": "Hội nghị", "caption": "Hội nghị", "credit": ""}),
    ]
    article = make_article(news, "Hội nghị trực tuyến toàn quốc", body=body, listing_image=photo)
    article.tags.add("chuyển đổi số")
    article.save_revision().publish()
    return article


def _moved_by_another_process(client, *urls: str) -> None:
    """The pages are read once, then `manage.py set_site_address` runs in another process.

    Its save reaches what processes share (the database, the content generation), but Wagtail's
    site root paths stay cached in this process's own memory: the entry is put back as it was.
    """
    for url in urls:
        assert client.get(url).status_code == 200
    stale = cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    assert stale is not None
    call_command("set_site_address", "tin.example.gov.vn:443", stdout=StringIO())
    cache.set(SITE_ROOT_PATHS_CACHE_KEY, stale, 3600, version=SITE_ROOT_PATHS_CACHE_VERSION)


def _absolute_urls(html: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", html)


def _own(urls: list[str]) -> list[str]:
    """The URLs of the page that name a host (schema.org's vocabulary aside)."""
    return [url for url in urls if not url.startswith("https://schema.org")]


def test_article_page_names_one_address_everywhere(client, article):
    _moved_by_another_process(client, "/", article.url)
    html = client.get(article.url).content.decode()

    urls = _own(_absolute_urls(html))
    assert urls and all(url.startswith(f"{ADDRESS}/") for url in urls), urls
    assert f'<link rel="canonical" href="{ADDRESS}{article.url}">' in html
    assert f'<meta property="og:url" content="{ADDRESS}{article.url}">' in html
    assert re.search(rf'<meta property="og:image" content="{ADDRESS}/media/images/[^"]+">', html)
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(script)
    assert data["url"] == data["mainEntityOfPage"]["@id"] == f"{ADDRESS}{article.url}"
    assert data["image"][0].startswith(f"{ADDRESS}/media/images/")


def test_lists_and_tags_name_the_same_address(client, article):
    section_url = article.get_parent().url
    _moved_by_another_process(client, "/", section_url, "/chu-de/chuyen-doi-so/")
    for url in ("/", section_url, "/chu-de/chuyen-doi-so/"):
        html = client.get(url).content.decode()
        urls = _own(_absolute_urls(html))
        assert urls and all(found.startswith(f"{ADDRESS}/") for found in urls), (url, urls)
        assert f'<link rel="canonical" href="{ADDRESS}{url}">' in html


def test_print_page_source_line_names_the_address(client, article):
    _moved_by_another_process(client, f"{article.url}in/")
    html = client.get(f"{article.url}in/").content.decode()

    assert f'Nguồn: <a href="{ADDRESS}{article.url}">{ADDRESS}{article.url}</a>' in html
    assert f'<link rel="canonical" href="{ADDRESS}{article.url}">' in html
    assert "localhost" not in html


def test_saved_file_is_whole_offline_and_names_the_address(client, article):
    _moved_by_another_process(client, f"{article.url}tai-ve/")
    response = client.get(f"{article.url}tai-ve/")
    html = response.content.decode()

    assert response["Content-Disposition"] == f'attachment; filename="{article.slug}.html"'
    assert f'Nguồn: <a href="{ADDRESS}{article.url}">' in html
    assert "localhost" not in html and "/media/" not in html
    [source] = re.findall(r'<img src="([^"]+)"', html)
    kind, _, payload = source.partition(";base64,")
    assert kind == "data:image/png"
    with PILImage.open(BytesIO(base64.b64decode(payload))) as picture:
        # The rendition the page shows (960 wide), not the 2000-pixel original.
        assert picture.size == (960, 600)
    assert len(html) < 200_000
