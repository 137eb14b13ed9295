"""Article, section and home pages: ordering, pagination and constant query counts."""

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


@pytest.fixture
def site_with(make_section, make_article, image):
    """Builds a site once; each call adds `per_section` more articles to every section."""
    agency = Agency.objects.create(code="HNP", name="Cổng GTĐT Hà Nội")
    sections = [make_section("Thời sự"), make_section("Kinh tế")]
    sub = make_section("Chính quyền", parent=sections[0])
    articles = []

    def build(per_section: int):
        start = len(articles) // 3
        for index in range(start, start + per_section):
            for section in [*sections, sub]:
                article = make_article(
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


@pytest.mark.parametrize("url_name", ["home", "section", "article"], ids=["home", "section", "article"])
def test_exact_query_counts(client, site_with, django_assert_num_queries, url_name):
    sections, _, articles = site_with(6)
    url = {"home": "/", "section": sections[0].url, "article": articles[-1].url}[url_name]
    client.get(url)
    # The article's view count comes joined to its own query. The most-read lists of home and
    # section pages are computed on the first request, then come from the cache. So do, until
    # the content changes (cache.fragments), the Site and its home page, the routing lookup,
    # view restrictions, the navigation and subsection menus, an article's breadcrumbs, newer
    # and older lists, tags, authors, story threads (editorial) and rendered body: what is left
    # of the article is its own row and its comments. Lists are read as rows of what their items
    # show (listing.Teasers): the items are kept (articles.templatetags.teasers), so no image or
    # rendition query; the home page reads its two lists, a section its count and one page.
    expected = {"home": 2, "section": 3, "article": 2}[url_name]
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


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


@pytest.mark.parametrize(
    ("trang", "shown"),
    [
        ("1", "Bài 24"),
        ("2", "Bài 4"),
        ("abc", "Bài 24"),
        ("0", "Bài 4"),
        ("-3", "Bài 4"),
        ("99999", "Bài 4"),
        ("1e9", "Bài 24"),
        ("", "Bài 24"),
        ("2.5", "Bài 24"),
        ("%00", "Bài 24"),
    ],
    ids=[
        "first",
        "second",
        "letters",
        "zero",
        "negative",
        "past-end",
        "exponent",
        "empty",
        "fraction",
        "nul",
    ],
)
def test_section_pagination_never_fails(client, make_section, make_article, trang, shown):
    section = make_section("Thời sự")
    for i in range(25):
        make_article(section, f"Bài {i}", published_at=listing_time(i))
    response = client.get(f"{section.url}?trang={trang}")
    assert response.status_code == 200
    assert f">{shown}<" in response.content.decode()


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
