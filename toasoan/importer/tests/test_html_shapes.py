"""Page shapes the HTML extractor once read wrong, on pages the project wrote itself (``pages/``).

Each ``pages/*.html`` has a sidecar in the format of ../shared/fixtures/html (what a person
reads on the page) plus ``shape`` (what the page is there for) and, where it matters,
``credit``, ``byline_role``, ``captions``, ``in_body`` and ``not_in_body``. The content is
invented: the places, people and forums do not exist.

* a forum package's CMS article (vBulletin-style chrome, "Published on 03-05-2012 09:30 PM" in
  US month-day order) is one article; a forum thread, even one post long, is not;
* a byline set right-aligned and bold after the body, inside or outside the body's block, with
  or without a role or "(Theo …)"; a caption, a source line or a centred line is not a byline.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from toasoan.articles.models import ArticlePage
from toasoan.importer.parsers.html_extract import ARTICLE, FORUM, extract, parse_byline
from toasoan.importer.parsers.html_page import canonical_url, record_from_html
from toasoan.importer.records import ArticleRecord, NotArticle, Origin
from toasoan.vntext import fold

from .html_accuracy import fixtures, format_table, score

PAGES = Path(__file__).parent / "pages"
PAGE_FIXTURES = fixtures(PAGES)


def _extract(fixture):
    html = fixture.html.read_text(encoding="utf-8")
    return extract(html, canonical_url(html, None))  # the address record_from_html gives it


def test_every_shape_has_a_page():
    names = [fixture.name for fixture in PAGE_FIXTURES]
    assert len(names) == 9
    assert sum(fixture.meta["page_type"] == "forum" for fixture in PAGE_FIXTURES) == 2
    assert all(fixture.html.is_file() and fixture.meta["shape"] for fixture in PAGE_FIXTURES)


@pytest.mark.parametrize("fixture", PAGE_FIXTURES, ids=lambda fixture: fixture.name)
def test_page_reads_as_a_person_reads_it(fixture):
    extraction = _extract(fixture)
    marks = score(
        fixture.meta,
        page_type=extraction.page_type,
        title=extraction.title,
        published_at=extraction.published_at,
        byline=extraction.byline,
        credit=extraction.credit,
        section=extraction.section,
        lead=extraction.lead,
        body=extraction.body_text(),
    )
    assert all(marks.values()), format_table({fixture.name: marks})
    meta = fixture.meta
    if not fixture.is_article:
        assert extraction.page_type == FORUM
        return
    assert extraction.credit == meta.get("credit", "")
    assert extraction.byline_role == meta.get("byline_role", "")
    body = fold(extraction.body_text())
    for text in meta.get("not_in_body", []):
        assert fold(text) not in body, text
    for text in meta.get("in_body", []):
        assert fold(text) in body, text
    if "captions" in meta:
        assert [image.caption for image in extraction.images] == meta["captions"]


def test_cms_article_and_thread_as_import_records():
    article = record_from_html(
        (PAGES / "vbcms_hoi-thi-nau-com-dong-bang.html").read_bytes(), origin=Origin("cms"), file_key="cms"
    )
    assert isinstance(article, ArticleRecord)
    assert article.key == "http://quehuongdongbang.example/forum/content.php?r=112-hoi-thi-nau-com-nieu"
    assert article.published_at == datetime.fromisoformat("2013-11-02T12:00:00+07:00")  # 12:00 PM is noon
    assert article.byline == "Lê Thu Hằng"  # the writer who signs, not the account that posted it
    assert len(article.body) == 3 and not any("bình luận" in str(block.value) for block in article.body)
    thread = record_from_html((PAGES / "vbthread_cho-que-dong-bang.html").read_bytes(), origin=Origin("t"))
    assert isinstance(thread, NotArticle) and thread.page_type == FORUM
    assert thread.reason == "chủ đề diễn đàn, không phải bài báo"


def test_cms_pages_import_and_threads_do_not(run_import):
    result = run_import(*sorted(PAGES.glob("vb*.html")), *sorted(PAGES.glob("phpbb*.html")), "--json")
    assert result.ok, result.stderr
    statuses = {Path(line["file"]).stem: line["status"] for line in result.json_lines}
    assert statuses == {
        "vbcms_dem-giao-thua-ben-song": "created",
        "vbcms_hoi-thi-nau-com-dong-bang": "created",
        "vbcms_thon-ben-khoi-cong-nha-van-hoa": "created",
        "vbthread_cho-que-dong-bang": "not-article",
        "phpbb_mot-bai-chua-tra-loi": "not-article",
    }
    page = ArticlePage.objects.get(title="Thôn Bến khởi công nhà văn hóa mới")
    assert page.published_at == datetime.fromisoformat("2012-03-05T21:30:00+07:00")  # 5 March, month first
    assert page.byline == "Minh Tâm"


# --- bylines, one line at a time -----------------------------------------------------------
SIGNED_PAGE = """<html><head><meta charset="utf-8"><title>{title} - Báo Làng</title></head><body>
<div class="article"><h1>{title}</h1><div class="date">28/12/2012 14:46</div>
<div class="content"><p>{one}</p><p>{two}</p><p>{three}</p>{inside}</div>{outside}
<div class="cung-chu-de"><b>Cùng chủ đề</b><ul>{links}</ul></div></div></body></html>"""
TITLE = "Khánh thành cầu Đồng Bằng nối hai xã vùng lũ"
PARAGRAPHS = (
    "Cây cầu dài 120 mét, rộng 7 mét, được xây dựng trong mười tám tháng với tổng vốn đầu tư hơn 40 tỷ đồng.",
    "Theo kế hoạch, tuyến đường dẫn hai đầu cầu sẽ được trồng cây xanh và lắp đèn trước mùa mưa năm sau.",
    "Người dân hai xã không còn phải đi đò qua sông, học sinh đến trường nhanh hơn nửa giờ mỗi sáng.",
)
LINKS = "".join(
    f'<li><a href="/tin/{number}">Một tin khác của huyện về giao thông nông thôn, số {number}</a></li>'
    for number in range(5)
)


def _signed(signature: str, *, outside: bool = False):
    html = SIGNED_PAGE.format(
        title=TITLE,
        one=PARAGRAPHS[0],
        two=PARAGRAPHS[1],
        three=PARAGRAPHS[2],
        inside="" if outside else signature,
        outside=signature if outside else "",
        links=LINKS,
    )
    return extract(html)


RIGHT = '<p style="text-align: right;"><strong>{}</strong></p>'
BYLINES = [
    (RIGHT.format("Nguyễn Văn An"), "Nguyễn Văn An", "", "", "p-right-strong"),
    ('<div align="right"><b>Trần Thị Bích</b></div>', "Trần Thị Bích", "", "", "div-align-right-b"),
    ('<p style="text-align:right"><span style="font-size:13px"><strong>&nbsp;Lê Hoàng Nam&nbsp;</strong>'
     "</span></p>", "Lê Hoàng Nam", "", "", "nested-spans-nbsp"),
    (RIGHT.format("Nguyễn Văn An (Theo Báo Miền Núi)"),
     "Nguyễn Văn An", "", "Báo Miền Núi", "theo-same-line"),
    (RIGHT.format("Nguyễn Văn An") + '<p style="text-align: right;"><em>(Theo Báo Miền Núi)</em></p>',
     "Nguyễn Văn An", "", "Báo Miền Núi", "theo-next-line"),
    (RIGHT.format("Phạm Thị Lan - Trung tâm Văn hóa, Thông tin và Thể thao huyện"),
     "Phạm Thị Lan", "Trung tâm Văn hóa, Thông tin và Thể thao huyện", "", "role-after-dash"),
    ('<div align="right"><b>Lò Văn Pọm, Phòng Văn hóa và Thông tin huyện</b></div>',
     "Lò Văn Pọm", "Phòng Văn hóa và Thông tin huyện", "", "role-after-comma"),
    (RIGHT.format("Đặng Thu Hà (CTV)"), "Đặng Thu Hà", "CTV", "", "role-ctv"),
    (RIGHT.format("Phóng viên Hà Minh Đức"), "Hà Minh Đức", "", "", "role-label-before"),
    (RIGHT.format("Quang Phong - Đoàn Thị Hoa"),
     "Quang Phong - Đoàn Thị Hoa", "", "", "two-authors-not-a-role"),
]  # fmt: skip


@pytest.mark.parametrize("outside", [False, True], ids=["in-body-block", "after-body-block"])
@pytest.mark.parametrize(
    ("signature", "author", "role", "credit"),
    [case[:4] for case in BYLINES],
    ids=[case[4] for case in BYLINES],
)
def test_right_aligned_bold_byline(signature, author, role, credit, outside):
    extraction = _signed(signature, outside=outside)
    assert extraction.page_type == ARTICLE
    assert (extraction.byline, extraction.byline_role, extraction.credit) == (author, role, credit)
    assert author.split(" - ")[0] not in extraction.body_text()  # the signature is not body text
    assert extraction.body_text().startswith(PARAGRAPHS[0])
    assert PARAGRAPHS[2] in extraction.body_text()


NOT_BYLINES = [
    (RIGHT.format("Nguồn: Sở Nông nghiệp và Môi trường"), "", "Sở Nông nghiệp và Môi trường", "source-line"),
    ('<p style="text-align: right;"><b>(Nguồn: Cổng thông tin điện tử tỉnh Đồng Bằng)</b></p>',
     "", "Cổng thông tin điện tử tỉnh Đồng Bằng", "source-line-bracketed"),
    (RIGHT.format("Ảnh: Vũ Thanh Tùng"), "Ảnh: Vũ Thanh Tùng", "", "photo-line"),
    ('<p style="text-align: center;"><strong>Lễ Hội Làng Mây Thượng</strong></p>',
     "Lễ Hội Làng Mây Thượng", "", "centred-bold"),
    ("<center><b>TOÀN DÂN ĐOÀN KẾT</b></center>", "TOÀN DÂN ĐOÀN KẾT", "", "center-tag"),
    (RIGHT.format("Bà Lò Thị Xuân"), "Bà Lò Thị Xuân", "", "honorific-name"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "kept", "credit"), [case[:3] for case in NOT_BYLINES], ids=[case[3] for case in NOT_BYLINES]
)
def test_set_apart_line_that_is_not_a_byline(line, kept, credit):
    extraction = _signed(line)
    assert extraction.byline == ""
    assert extraction.credit == credit  # a source line is the source's credit, never an author
    if kept:
        assert extraction.body_text().endswith(kept)  # left in the text, not lost


def test_bold_line_after_the_body_needs_the_right_alignment():
    # A box title in bold right after the body block is page furniture, though it looks like a name.
    assert _signed("<div><b>Tin Mới Nhất</b></div>", outside=True).byline == ""
    assert _signed('<div align="right"><b>Tin Mới Nhất</b></div>', outside=True).byline == "Tin Mới Nhất"


def test_caption_after_a_picture_is_not_a_byline():
    picture = '<p><img src="/anh/cau.jpg" width="600" alt="Cầu Đồng Bằng nhìn từ bờ nam"></p>'
    caption = RIGHT.format("Cầu Đồng Bằng")
    extraction = _signed(picture + caption)
    assert extraction.byline == ""
    assert extraction.images[0].caption == "Cầu Đồng Bằng"
    signed = _signed(picture + caption + RIGHT.format("Nguyễn Văn An"))
    assert (signed.byline, signed.images[0].caption) == ("Nguyễn Văn An", "Cầu Đồng Bằng")


def test_role_is_kept_with_the_name_in_the_record():
    html = SIGNED_PAGE.format(
        title=TITLE,
        one=PARAGRAPHS[0],
        two=PARAGRAPHS[1],
        three=PARAGRAPHS[2],
        inside=RIGHT.format("Đặng Thu Hà (CTV)"),
        outside="",
        links=LINKS,
    )
    record = record_from_html(html.encode(), origin=Origin("ctv.html"), file_key="ctv.html")
    assert isinstance(record, ArticleRecord)
    assert record.byline == "Đặng Thu Hà (CTV)"
    assert not any("Theo CTV" in str(block.value) for block in record.body)  # a role is no source credit


@pytest.mark.parametrize(
    ("text", "author", "role", "credit"),
    [
        ("Nguyễn Văn An - Trung tâm Y tế huyện", "Nguyễn Văn An", "Trung tâm Y tế huyện", ""),
        ("Lê Minh (PV)", "Lê Minh", "PV", ""),
        ("Lê Minh (Theo Báo Miền Núi)", "Lê Minh", "", "Báo Miền Núi"),
        ("(Theo Báo Miền Núi)", "", "", "Báo Miền Núi"),
        ("Nguyễn Văn An - Trường Giang", "Nguyễn Văn An - Trường Giang", "", ""),
        ("TS. Lê Văn Bình - Học viện Chính trị", "TS. Lê Văn Bình", "Học viện Chính trị", ""),
    ],
    ids=[
        "unit-after-dash",
        "pv",
        "theo-bracketed",
        "credit-bracketed",
        "second-author-named-like-a-unit",
        "degree-is-part-of-the-name",
    ],
)
def test_parse_byline_roles(text, author, role, credit):
    byline = parse_byline(text)
    assert (byline.author, byline.role, byline.credit) == (author, role, credit)
