"""Article, section and home pages: ordering, pagination and constant query counts (the exact counts
are in test_article_page_queries.py, the page numbers a section accepts in test_section_pagination.py,
each on a site built once for its module)."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images.models import Image

from conftest import new_article, new_section
from toasoan.articles.models import Agency
from toasoan.articles.services import listing

ARTICLE_QUERY_BUDGET = 15


def _png() -> ImageFile:
    buffer = BytesIO()
    PILImage.new("RGB", (64, 36), (20, 80, 160)).save(buffer, "PNG")
    return ImageFile(buffer, name="anh.png")


@pytest.fixture
def image(db):
    return Image.objects.create(title="Ảnh hội nghị", file=_png())


def site_builder(home, image):
    """`build(per_section)`: adds `per_section` more articles to every section of a site it makes once."""
    agency = Agency.objects.create(code="HNP", name="Cổng GTĐT Hà Nội")
    sections = [new_section(home, "Thời sự"), new_section(home, "Kinh tế")]
    sub = new_section(home, "Chính quyền", parent=sections[0])
    articles = []

    def build(per_section: int):
        start = len(articles) // 3
        for index in range(start, start + per_section):
            for section in [*sections, sub]:
                article = new_article(
                    section,
                    f"Bài {index} của {section.title}",
                    published_at=listing_time(index),
                    agency=agency,
                    listing_image=image if index % 2 else None,
                    body=[
                        ("paragraph", "<p>Đoạn một.</p>"),
                        ("image", {"image": image, "alt": "Hội nghị", "caption": "Hội nghị", "credit": ""}),
                        ("photo_note", {"caption": "Đồng chí phát biểu", "credit": ""}),
                    ],
                )
                article.tags.add("thi đua", "Ba Đình")
                article.save_revision().publish()
                articles.append(article)
        return sections, sub, articles

    return build


@pytest.fixture
def site_with(home, image):
    """Builds a site once; each call adds `per_section` more articles to every section."""
    return site_builder(home, image)


def listing_time(index: int):
    from toasoan import vntext

    return vntext.parse_datetime("08:00 01/09/2020") + timedelta(hours=index)


def _queries(client, url: str) -> int:
    client.get(url)  # warm: site root paths, renditions
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_page_query_counts_do_not_grow_with_articles(client, site_with):
    sections, sub, articles = site_with(3)
    middle = articles[-4]  # has newer and older neighbours in its section
    urls = ["/", sections[0].url, sub.url, middle.url, "/chu-de/thi-dua/"]
    small = [_queries(client, url) for url in urls]
    site_with(12)
    large = [_queries(client, url) for url in urls]
    assert small == large, dict(zip(urls, zip(small, large, strict=True), strict=True))
    assert max(large[3], _queries(client, articles[-1].url)) <= ARTICLE_QUERY_BUDGET


def _titles_in(html: str, heading: str) -> list[str]:
    part = html.split(heading, 1)[1]
    part = re.split(r"Các bài (?:mới|đã) đăng|</main>", part, maxsplit=1)[0]
    return re.findall(r"Bài [^<]+? cùng phút|Bài \d+[^<]*?(?=<)", part)


def test_equal_time_articles_list_each_other(client, make_section, make_article):
    section = make_section("Thời sự")
    same = "16:20 16/09/2020"
    first = make_article(section, "Bài thứ nhất cùng phút", published_at=same)
    second = make_article(section, "Bài thứ hai cùng phút", published_at=same)
    html_first = client.get(first.url).content.decode()
    html_second = client.get(second.url).content.decode()
    assert "Bài thứ hai cùng phút" in html_first.split("Các bài mới đăng", 1)[1]
    assert "Bài thứ nhất cùng phút" in html_second.split("Các bài đã đăng", 1)[1]
    newer, older = listing.neighbours(first)
    assert [a.pk for a in newer] == [second.pk] and older == []


def test_neighbours_are_ten_each_side_and_same_section_only(make_section, make_article):
    section, other = make_section("Thời sự"), make_section("Thể thao")
    articles = [make_article(section, f"Bài {i}", published_at=listing_time(i)) for i in range(25)]
    make_article(other, "Bài khác chuyên mục", published_at=listing_time(12))
    newer, older = listing.neighbours(articles[12])
    assert [a.title for a in newer] == [f"Bài {i}" for i in range(22, 12, -1)]
    assert [a.title for a in older] == [f"Bài {i}" for i in range(11, 1, -1)]


def test_unpublished_article_leaves_every_list(client, make_section, make_article):
    section = make_section("Thời sự")
    kept = make_article(section, "Bài còn lại")
    gone = make_article(section, "Bài bị gỡ")
    gone.unpublish()
    for url in ["/", section.url, kept.url]:
        assert "Bài bị gỡ" not in client.get(url).content.decode()
    assert client.get(gone.url).status_code == 404


def test_section_lists_subsection_articles(client, make_section, make_article):
    section = make_section("Thời sự")
    sub = make_section("Chính quyền", parent=section)
    make_article(sub, "Bài của chuyên mục con")
    assert "Bài của chuyên mục con" in client.get(section.url).content.decode()
    assert sub.url == "/thoi-su/chinh-quyen/"


def test_restricted_section_never_listed(client, make_section, make_article):
    from wagtail.models import PageViewRestriction

    open_section, private_section = make_section("Thời sự"), make_section("Nội bộ")
    make_article(open_section, "Bài công khai")
    secret = make_article(private_section, "Bài nội bộ")
    PageViewRestriction.objects.create(page=private_section, restriction_type="password", password="mat-khau")
    assert [a.title for a in listing.articles()] == ["Bài công khai"]
    home_html = client.get("/").content.decode()
    assert "Bài công khai" in home_html
    assert "Bài nội bộ" not in home_html
    assert "Nội bộ" not in home_html  # nor in the navigation
    assert client.get(secret.url).status_code == 200  # Wagtail's password form, not the article
    assert (
        "Bài nội bộ"
        not in client.get(secret.url).content.decode().split("<main", 1)[-1].split("</h1>", 1)[-1]
    )
