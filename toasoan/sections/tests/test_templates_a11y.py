"""Reader-facing templates: structure, accessibility and the article page's anatomy.

The pages are parsed with the standard library's HTMLParser; nothing here needs a browser.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.paginator import Paginator
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images.models import Image

from toasoan import vntext
from toasoan.articles.models import Agency, Author

PROJECT_DIR = Path(settings.PROJECT_DIR)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LANDMARKS = ("header", "nav", "main", "footer")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    offset: int
    text: str = ""
    inside_label: bool = False


class PageReport(HTMLParser):
    """Everything the accessibility checks look at, collected in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.headings: list[tuple[int, str]] = []
        self.lang: str | None = None
        self.doctype = False
        self._open: list[Element] = []
        self._labels = 0
        self._line_offsets = [0]

    def feed_page(self, html: str) -> PageReport:
        for line in html.splitlines(keepends=True):
            self._line_offsets.append(self._line_offsets[-1] + len(line))
        self.feed(html)
        self.close()
        return self

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_offsets[line - 1] + column

    def handle_decl(self, decl: str) -> None:
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(
            tag, {name: value or "" for name, value in attrs}, self._offset(), inside_label=self._labels > 0
        )
        self.elements.append(element)
        if tag == "html":
            self.lang = element.attrs.get("lang")
        if tag == "label":
            self._labels += 1
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._labels -= 1
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                element = self._open.pop(index)
                del self._open[index:]
                if re.fullmatch(r"h[1-6]", tag):
                    self.headings.append((int(tag[1]), " ".join(element.text.split())))
                return

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def first(self, tag: str, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]

    def by_class(self, class_name: str) -> Element:
        for element in self.elements:
            if class_name in element.attrs.get("class", "").split():
                return element
        raise AssertionError(f"no element with class {class_name!r}")


def parse(response_or_html) -> PageReport:
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    return PageReport().feed_page(html)


def assert_accessible(report: PageReport, landmarks: tuple[str, ...] = LANDMARKS) -> None:
    """The checks every reader-facing page must pass."""
    assert report.doctype, "missing <!DOCTYPE html>"
    assert report.lang == "vi"
    assert report.find_all("meta", charset="utf-8")
    assert report.find_all("meta", name="viewport")
    assert report.first("title").text.strip()

    # One h1, and headings that never skip a level going down.
    levels = [level for level, _ in report.headings]
    assert levels.count(1) == 1, report.headings
    assert levels[0] == 1, report.headings
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1, f"heading skips from h{previous} to h{current}: {report.headings}"
    assert all(text for _, text in report.headings), f"empty heading: {report.headings}"

    # Landmarks, and a skip link whose target exists.
    for landmark in landmarks:
        assert report.find_all(landmark), f"no <{landmark}>"
    assert len(report.find_all("main")) == 1
    ids = [e.attrs["id"] for e in report.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted(i for i in ids if ids.count(i) > 1)}"
    skip = report.elements[[e.tag for e in report.elements].index("body") + 1]
    assert skip.tag == "a" and skip.attrs["href"].startswith("#"), "the skip link must come first"
    assert skip.text.strip() == "Bỏ qua, đến nội dung chính"
    assert skip.attrs["href"][1:] in ids
    for nav in report.find_all("nav"):
        assert nav.attrs.get("aria-label"), "every <nav> needs a name"

    # Text alternatives and labels.
    for img in report.find_all("img"):
        assert img.attrs.get("alt", "").strip(), f"<img> without alt text: {img.attrs}"
    labelled = {e.attrs.get("for") for e in report.find_all("label")}
    for element in report.elements:
        if element.tag in {"input", "select", "textarea"} and element.attrs.get("type") not in {
            "hidden",
            "submit",
        }:
            assert (
                element.attrs.get("id") in labelled
                or element.inside_label
                or element.attrs.get("aria-labelledby")
            ), f"<{element.tag}> without a label: {element.attrs}"
    for link in report.find_all("a"):
        assert link.text.strip() or link.attrs.get("aria-label"), f"link without text: {link.attrs}"

    # Only our own deferred scripts (reading needs none) and nothing fetched from another host. The
    # one blocking script restores the remembered text size and contrast before the first paint.
    for script in report.find_all("script"):
        assert (
            script.attrs.get("type") == "application/ld+json"
            or script.attrs.get("src") == "/static/js/reader-prefs.js"
            or (script.attrs.get("src", "").startswith("/static/") and "defer" in script.attrs)
        ), f"unexpected script: {script.attrs}"
    for element in report.elements:
        url = element.attrs.get("src") if element.tag in {"img", "script", "iframe"} else None
        if element.tag == "link" and element.attrs.get("rel") in {"stylesheet", "icon"}:
            url = element.attrs.get("href")
        assert url is None or url.startswith("/"), f"external resource: {element.tag} {url}"


def ld_json(report: PageReport, html: str) -> dict:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def png(width: int = 1200, height: int = 800) -> ImageFile:
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), (11, 77, 162)).save(buffer, "PNG")
    return ImageFile(BytesIO(buffer.getvalue()), name="hoi-nghi.png")


@pytest.fixture
def photo(db):
    image = Image.objects.create(title="Hội nghị trực tuyến", file=png())
    yield image
    image.file.close()


@pytest.fixture
def portal(home, make_section, make_article, photo):
    """A small portal shaped like the Ba Đình reference page."""
    agency = Agency.objects.create(code="HNP", name="Cổng Giao tiếp điện tử Hà Nội")
    author = Author.objects.create(name="Nguyễn Bình An", pen_name="Bình An")
    news = make_section("Tin tức", description="Tin tức, sự kiện trên địa bàn quận")
    local = make_section("Chính quyền", parent=news)
    make_section("Văn hóa")
    body = [
        ("paragraph", "<p>Tại hội nghị, đồng chí Chủ tịch UBND quận đã phát động đợt thi đua cao điểm.</p>"),
        ("photo_note", {"caption": "Đồng chí Bí thư Quận ủy phát biểu chỉ đạo tại Hội nghị", "credit": ""}),
        (
            "image",
            {"image": photo, "alt": "", "caption": "Các đại biểu dự hội nghị", "credit": "Ảnh: Bình An"},
        ),
        ("quote", {"text": "Thi đua là yêu nước.", "attribution": "Chủ tịch Hồ Chí Minh"}),
    ]
    older = make_article(
        local,
        "Ba Đình triển khai kế hoạch năm 2020",
        published_at="09:00 07/09/2020",
        agency=agency,
        byline="Minh Anh",
        listing_image=photo,
    )
    main = make_article(
        local,
        "Ba Đình phát động đợt thi đua cao điểm kỷ niệm 1010 năm Thăng Long - Hà Nội",
        published_at="16:20 16/09/2020",
        agency=agency,
        lead="Chiều 16/9, Quận ủy, HĐND, UBND, UB MTTQ quận Ba Đình tổ chức Hội nghị phát động đợt thi đua.",
        body=body,
        listing_image=photo,
    )
    main.authors.add(author)
    main.tags.add("Thi đua", "Ba Đình")
    main.save_revision().publish()
    newer = make_article(
        local, "Ba Đình chuẩn bị Đại hội Đảng bộ", published_at="08:00 18/09/2020", agency=agency
    )
    other = make_article(news, "Tin chung của chuyên mục", published_at="10:00 17/09/2020")
    return {
        "home": home,
        "news": news,
        "local": local,
        "main": main,
        "older": older,
        "newer": newer,
        "other": other,
    }


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def test_home_page(client, portal):
    response = get(client, "/")
    html = response.content.decode()
    report = parse(html)
    assert_accessible(report)
    assert report.first("h1").text.strip() == settings.SITE_NAME
    headings = [text for _, text in report.headings]
    assert "Tin mới nhất" in headings
    assert headings.index("Tin mới nhất") < headings.index("Tin tức")
    # The lead story is the newest article, with its 16:9 image; sections link to themselves.
    lead = report.by_class("lead-story")
    assert html.index(portal["newer"].title) > lead.offset
    assert report.find_all("a", href=portal["news"].url)
    assert report.find_all("link", rel="alternate", type="application/rss+xml", href="/rss/")
    assert report.find_all(
        "link", rel="search", type="application/opensearchdescription+xml", href="/opensearch.xml"
    )
    assert ld_json(report, html)["@type"] == "WebSite"
    # Header navigation and search.
    nav = report.first("nav", aria_label="Chuyên mục")
    assert [e.attrs["href"] for e in report.elements if e.tag == "a" and e.offset > nav.offset][:3] == [
        "/",
        portal["news"].url,
        "/van-hoa/",
    ]
    form = report.first("form", role="search")
    assert form.attrs["action"] == "/tim-kiem/" and form.attrs["method"] == "get"
    search_label = next(e for e in report.find_all("label") if e.offset > form.offset)
    assert report.first("input", name="q").attrs["id"] == search_label.attrs["for"]
    assert search_label.text.strip() == "Tìm kiếm"
    assert "© " in report.by_class("site-footer__copy").text


def test_section_page(client, portal):
    section = portal["news"]
    html = get(client, section.url).content.decode()
    report = parse(html)
    assert_accessible(report)
    assert report.first("h1").text.strip() == "Tin tức"
    assert "Tin tức, sự kiện trên địa bàn quận" in html
    assert report.first("nav", aria_label="Chuyên mục con")
    assert report.find_all("a", href=portal["local"].url)
    assert report.find_all("a", href=f"{section.url}rss/"), "section feed link"
    assert report.find_all("link", rel="alternate", href=f"{section.url}rss/")
    assert report.find_all("link", rel="canonical", href=f"http://localhost{section.url}")
    # Items: title link, section link and time; subsection articles are included.
    assert report.find_all("a", href=portal["main"].url)
    assert report.find_all("a", href=portal["local"].url, **{"class": "item__section"})
    assert '<time datetime="2020-09-16T16:20:00+07:00">16:20 16/09/2020</time>' in html
    assert [level for level, _ in report.headings] == [1, 2, 2, 2, 2]
    # The navigation marks the section as the current page.
    assert report.first("a", href=section.url, aria_current="page")
    # A subsection: breadcrumbs through its parent.
    sub = parse(get(client, portal["local"].url))
    assert_accessible(sub)
    crumbs = sub.first("nav", aria_label="Đường dẫn")
    assert [e.text.strip() for e in sub.elements if e.offset > crumbs.offset and e.tag in {"a", "span"}][
        :3
    ] == ["Trang chủ", "Tin tức", "Chính quyền"]
    assert sub.first("a", href=section.url, aria_current="true")


def test_tag_page(client, portal):
    html = get(client, portal["main"].url).content.decode()
    tag_links = re.findall(r'href="(/chu-de/[^"]+/)" rel="tag"', html)
    assert sorted(tag_links) == ["/chu-de/ba-dinh/", "/chu-de/thi-dua/"]
    tag_links.sort(reverse=True)
    tag_html = get(client, tag_links[0]).content.decode()
    report = parse(tag_html)
    assert_accessible(report)
    assert report.first("h1").text.strip() == "Chủ đề: Thi đua"
    assert report.find_all("a", href=portal["main"].url)
    assert report.find_all("link", rel="canonical", href="http://localhost/chu-de/thi-dua/")
    get(client, "/chu-de/khong-co-chu-de-nay/", status=404)


def test_article_page_structure_and_order(client, portal):
    article = portal["main"]
    html = get(client, article.url).content.decode()
    report = parse(html)
    assert_accessible(report)

    crumbs = report.first("nav", aria_label="Đường dẫn")
    h1 = report.first("h1")
    time = report.first("time")
    lead = report.by_class("article__lead")
    body = report.by_class("article__body")
    byline = report.by_class("article__byline")
    newer = report.first("h2", id="cac-bai-moi-dang")
    older = report.first("h2", id="cac-bai-da-dang")
    order = [crumbs, h1, time, lead, body, byline, newer, older]
    assert [e.offset for e in order] == sorted(e.offset for e in order)
    assert [e.tag for e in order[:2]] == ["nav", "h1"]

    assert h1.text.strip() == article.title
    crumb_links = [e for e in report.elements if e.tag == "a" and crumbs.offset < e.offset < h1.offset]
    assert [(a.attrs["href"], a.text.strip()) for a in crumb_links] == [
        ("/", "Trang chủ"),
        (portal["news"].url, "Tin tức"),
        (portal["local"].url, "Chính quyền"),
    ]
    # 16:20 in Hanoi, whatever the server's clock.
    assert time.text.strip() == "16:20 16/09/2020"
    assert time.attrs["datetime"] == "2020-09-16T16:20:00+07:00"
    assert vntext.format_datetime(article.published_at) == time.text.strip()
    # The lead opens with the agency tag.
    assert lead.text.startswith("HNP - Chiều 16/9")
    agency = report.by_class("agency")
    assert agency.text == "HNP - " and agency.attrs["title"] == "Cổng Giao tiếp điện tử Hà Nội"
    # Body blocks: paragraph, caption without image, image with caption and credit, quote.
    assert re.search(
        r'<figure class="figure photo-note">\s*<figcaption>'
        r"Đồng chí Bí thư Quận ủy phát biểu chỉ đạo tại Hội nghị</figcaption>\s*</figure>",
        html,
    ), "a photo note is a figure with only its caption"
    body_images = [
        img for img in report.find_all("img") if img.offset > body.offset and img.offset < byline.offset
    ]
    assert len(body_images) == 1
    assert body_images[0].attrs["alt"] == "Các đại biểu dự hội nghị"  # the caption, as alt is empty
    assert body_images[0].attrs["width"] == "960" and " 480w" in body_images[0].attrs["srcset"]
    assert "Ảnh: Bình An" in html
    assert report.first("blockquote").text.strip() == "Thi đua là yêu nước."
    assert report.first("cite").text.strip() == "Chủ tịch Hồ Chí Minh"
    # Byline: the author's pen name, right-aligned in bold by the stylesheet.
    assert byline.text.strip() == "Bình An"
    # Neighbours: the newer and the older article of the same section, with the portal's time style.
    newer_part = html[newer.offset : older.offset]
    assert portal["newer"].title in newer_part and "(<time" in newer_part and "08:00 18/09/2020" in newer_part
    assert portal["older"].title in html[older.offset :]
    assert portal["other"].title not in html[newer.offset :]
    # Actions, tags and the comments placeholder (no form until the comments app exists).
    assert report.first("a", href=f"{article.url}in/").text.strip() == "In bài viết"
    save = report.first("a", href=f"{article.url}tai-ve/")
    assert save.text.strip() == "Lưu bài viết" and "download" in save.attrs
    comments = report.first("section", id="binh-luan")
    assert comments.attrs["aria-labelledby"] == "binh-luan-tieu-de"
    assert report.first("h2", id="binh-luan-tieu-de").text == "Bình luận"
    assert not report.find_all("form", method="post") and not report.find_all("textarea")


def test_article_list_headings_are_left_out_when_empty(client, portal):
    html = get(client, portal["newer"].url).content.decode()
    assert "Các bài mới đăng" not in html
    assert "Các bài đã đăng" in html


def test_article_head_metadata(client, portal):
    article = portal["main"]
    html = get(client, article.url).content.decode()
    report = parse(html)
    full_url = f"http://localhost{article.url}"
    assert report.first("link", rel="canonical").attrs["href"] == full_url
    meta = {e.attrs["property"]: e.attrs["content"] for e in report.find_all("meta") if "property" in e.attrs}
    assert meta["og:type"] == "article"
    assert meta["og:title"] == article.title
    assert meta["og:description"] == article.lead
    assert meta["og:url"] == full_url
    assert meta["og:locale"] == "vi_VN"
    # At the site's address like every absolute URL of the page (not BASE_URL's testserver).
    assert meta["og:image"].startswith("http://localhost/media/images/") and meta["og:image"].endswith(".png")
    assert meta["article:published_time"] == "2020-09-16T16:20:00+07:00"
    data = ld_json(report, html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == "2020-09-16T16:20:00+07:00"
    assert data["dateModified"]
    assert data["author"] == [{"@type": "Person", "name": "Bình An"}]
    assert data["publisher"]["name"] == settings.SITE_NAME
    assert data["image"] == [meta["og:image"]]
    assert data["mainEntityOfPage"]["@id"] == full_url
    assert sorted(data["keywords"]) == ["Ba Đình", "Thi đua"]


def test_json_ld_cannot_be_broken_out_of(client, portal, make_article):
    hostile = make_article(
        portal["local"],
        'Bài "trích dẫn" </script><script>alert(1)</script> & \\ kết thúc',
        lead="Dòng một\nDòng hai\u2028 <!-- -->",
        byline="A & B",
        body=[("paragraph", "<p>Nội dung.</p>")],
    )
    html = get(client, hostile.url).content.decode()
    assert "<script>alert(1)" not in html
    data = ld_json(parse(html), html)
    assert data["headline"] == hostile.title
    assert data["description"] == hostile.lead
    assert data["author"] == [{"@type": "Person", "name": "A & B"}]


def test_print_view(client, portal):
    article = portal["main"]
    response = get(client, f"{article.url}in/")
    html = response.content.decode()
    report = parse(html)
    assert report.lang == "vi"
    assert [level for level, _ in report.headings] == [1]
    assert report.first("h1").text.strip() == article.title
    assert report.find_all("link", rel="stylesheet", href="/static/css/print.css")
    assert report.find_all("meta", name="robots", content="noindex")
    assert not report.find_all("nav") and not report.find_all("form")
    # One script, a static file (the policy runs no inline script): it shows the print button.
    [script] = report.find_all("script")
    assert script.attrs["src"] == "/static/js/print.js" and not script.text.strip()
    [button] = report.find_all("button")
    assert button.attrs["type"] == "button" and "hidden" in button.attrs and "In bài viết" in button.text
    assert "Ctrl" in report.by_class("print-page__keys").text
    assert f"http://localhost{article.url}" in report.by_class("print-page__source").text
    assert report.by_class("article__lead").text.startswith("HNP - ")
    assert report.by_class("article__byline").text.strip() == "Bình An"
    for img in report.find_all("img"):
        assert img.attrs["alt"].strip()


def test_download_is_a_self_contained_file(client, portal):
    article = portal["main"]
    response = get(client, f"{article.url}tai-ve/")
    assert response["Content-Disposition"].startswith("attachment")
    assert "charset=utf-8" in response["Content-Type"]
    html = response.content.decode("utf-8")
    report = parse(html)
    assert report.lang == "vi" and report.find_all("meta", charset="utf-8")
    assert not report.find_all("link", rel="stylesheet"), "the saved file must not need the site's CSS"
    assert "@media print" in report.first("style").text
    assert "Ctrl" not in html, "no screen-only instructions in the saved file"
    images = report.find_all("img")
    assert images and all(img.attrs["src"].startswith("data:image/") for img in images)
    assert not report.find_all("script") and not report.find_all("button")
    assert "16:20 16/09/2020" in html
    assert f"http://localhost{article.url}" in html


def test_pagination_component():
    def render(number: int, total: int = 50) -> PageReport:
        page = Paginator(range(total * 10), 10).page(number)
        return parse(
            render_to_string("components/pagination.html", {"page_obj": page, "page_param": "trang"})
        )

    first = render(1)
    assert first.first("nav").attrs["aria-label"] == "Phân trang"
    assert first.first("a", aria_current="page").attrs["href"] == "?trang=1"
    assert not [a for a in first.find_all("a") if "Trang trước" in a.text]
    assert [a.attrs["href"] for a in first.find_all("a") if "Trang sau" in a.text] == ["?trang=2"]

    middle = render(25)
    current = middle.first("a", aria_current="page")
    assert current.attrs["href"] == "?trang=25" and current.text.strip() == "Trang 25"
    numbers = [a.attrs["href"] for a in middle.find_all("a") if not re.search("Trang (trước|sau)", a.text)]
    assert numbers == [f"?trang={n}" for n in (1, 23, 24, 25, 26, 27, 50)]
    assert len(middle.find_all("li", aria_hidden="true")) == 2
    assert middle.first("a", rel="prev").attrs["href"] == "?trang=24"
    assert middle.first("a", rel="next").attrs["href"] == "?trang=26"

    assert (
        render_to_string(
            "components/pagination.html", {"page_obj": Paginator([1], 10).page(1), "page_param": "trang"}
        ).strip()
        == ""
    )


def test_section_pagination_links(client, portal, make_article):
    section = portal["news"]
    for index in range(21):
        make_article(section, f"Bài số {index}", published_at=f"08:{index:02d} 01/09/2020")
    report = parse(get(client, f"{section.url}?trang=2"))
    assert_accessible(report)
    assert (
        report.first("a", aria_current="page", **{"class": "pagination__link is-current"}).attrs["href"]
        == "?trang=2"
    )
    assert report.first("a", rel="prev").attrs["href"] == "?trang=1"
    assert report.find_all("link", rel="canonical", href=f"http://localhost{section.url}?trang=2")


def test_list_pages_do_not_query_per_item(client, portal, make_article, photo):
    def count(url: str) -> int:
        client.get(url)  # renditions and site root paths are made on the first view
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = ["/", portal["news"].url, "/chu-de/thi-dua/"]
    before = [count(url) for url in urls]
    for index in range(6):
        extra = make_article(portal["local"], f"Bài thêm {index}", listing_image=photo)
        extra.tags.add("Thi đua")
        extra.save_revision().publish()
    assert [count(url) for url in urls] == before


def test_not_found_page(client, portal):
    response = get(client, "/khong-co-trang-nay/", status=404)
    report = parse(response)
    assert_accessible(report)
    assert report.first("h1").text.strip() == "Không tìm thấy trang"


def test_server_error_page_is_standalone(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "{% extends" not in (PROJECT_DIR / "templates" / "500.html").read_text()
    report = parse(html)
    assert_accessible(report, landmarks=("header", "main", "footer"))
    assert report.first("h1").text.strip() == "Hệ thống đang gặp sự cố"


def test_block_templates_without_images():
    from toasoan.articles.blocks import ArticleBodyBlock

    block = ArticleBodyBlock()
    quote = block.child_blocks["quote"]
    html = quote.render(quote.to_python({"text": "Trích <b>dẫn</b>", "attribution": ""}))
    assert "<blockquote" in html and "&lt;b&gt;" in html and "<cite>" not in html

    class FailedEmbed:
        url = "https://www.youtube.com/watch?v=khong-co"
        html = ""

    request = RequestFactory().get("/")
    html = render_to_string("components/blocks/embed.html", {"value": FailedEmbed(), "request": request})
    fallback = parse(html).first("a")
    assert fallback.attrs["href"] == FailedEmbed.url and fallback.text.strip()


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_stylesheet_colours_and_preferences():
    css = (PROJECT_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    pairs = [
        ("text", "bg"),
        ("muted", "bg"),
        ("muted", "bg-soft"),
        ("muted", "blue-soft"),
        ("blue", "bg"),
        ("blue", "bg-soft"),
        ("blue", "blue-soft"),
        ("red", "bg"),
        ("red", "bg-soft"),
        ("focus-ink", "focus"),
    ]
    for text, background in pairs:
        assert _contrast(colours[text], colours[background]) >= 4.5, (text, background)
    # White text on the blue bars and the footer.
    assert _contrast("#ffffff", colours["blue"]) >= 4.5
    assert _contrast("#ffffff", colours["blue-dark"]) >= 4.5
    assert "prefers-reduced-motion" in css and ":focus-visible" in css
    assert "@import" not in css and "url(http" not in css and "@font-face" not in css


def test_empty_portal_pages(client, home, make_section):
    section = make_section("Thông báo")
    for url, message in [("/", "Chưa có bài viết nào."), (section.url, "Chuyên mục chưa có bài viết.")]:
        response = get(client, url)
        assert_accessible(parse(response))
        assert message in response.content.decode()
