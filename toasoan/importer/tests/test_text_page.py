"""Captured text pages: the seed page field by field, re-imports, and the parser's rules."""

from __future__ import annotations

import json
import shutil
import unicodedata
from datetime import UTC, datetime

import pytest
from wagtail.models import Revision

from toasoan.articles.models import Agency, ArticlePage
from toasoan.importer.models import ImportedRecord
from toasoan.importer.parsers import text_page
from toasoan.importer.records import InvalidRecord, Origin

SEED_TITLE = (
    "Ba Đình phát động đợt thi đua cao điểm kỷ niệm 1010 năm Thăng Long - Hà Nội, "
    "chào mừng Đại hội Đảng bộ thành phố Hà Nội lần thứ XVII"
)
SEED_CAPTION = "Đồng chí Hoàng Minh Dũng Tiến, Bí thư Quận ủy Ba Đình phát biểu chỉ đạo tại Hội nghị"
#: The six body paragraphs of the capture (lines 9–19), by their opening words, in order.
SEED_PARAGRAPH_STARTS = [
    "Tại hội nghị, thay mặt Quận ủy",
    "Tiếp tục đẩy mạnh cải cách hành chính",
    "Kịp thời phát hiện và biểu dương",
    "Phát biểu chỉ đạo tại Hội nghị, Bí thư Quận ủy",
    "Đồng chí cũng lưu ý, các phong trào thi đua",
    "Tiếp tục tuyên truyền kỷ niệm 1010 năm",
]
FURNITURE = [
    "Các bài mới đăng",
    "Các bài đã đăng",
    "Bài viết Xem",
    "Viết bình luận",
    "Họ tên",
    "Số điện thoại",
    "Tiêu đề:",
    "Nội dung:",
    "Mã xác nhận",
    "L?y l?i",
    "b?o m?t",
    "\ufffd",
]


def stored_text(page: ArticlePage) -> str:
    """Everything the page stores as text: its fields, body and latest revision."""
    page.refresh_from_db()
    revision = page.get_latest_revision()
    return "\n".join(
        [
            page.title,
            page.draft_title,
            page.slug,
            page.lead,
            page.byline,
            json.dumps(list(page.body.raw_data), ensure_ascii=False),
            json.dumps(revision.content, ensure_ascii=False),
        ]
    )


@pytest.fixture
def seed_article(run_import, seed_page) -> ArticlePage:
    result = run_import(seed_page, "--json")
    assert result.ok, result.stderr
    assert [line["status"] for line in result.json_lines] == ["created"]
    return ArticlePage.objects.get()


def test_seed_title_loses_its_timestamp(seed_article):
    assert seed_article.title == SEED_TITLE
    assert seed_article.slug == (
        "ba-dinh-phat-dong-dot-thi-dua-cao-diem-ky-niem-1010-nam-thang-long-ha-noi-chao-mung-dai-hoi-dang-bo"
    )


def test_seed_published_at_is_hanoi_time(seed_article):
    assert seed_article.published_at == datetime(2020, 9, 16, 9, 20, tzinfo=UTC)
    assert seed_article.first_published_at == seed_article.published_at


def test_seed_agency_and_lead(seed_article):
    assert seed_article.agency is not None
    assert seed_article.agency.code == "HNP"
    assert seed_article.lead.startswith("Chiều 16/9, Quận ủy, HĐND, UBND")
    assert not seed_article.lead.startswith("HNP")
    assert seed_article.lead.endswith("chia thành 15 điểm cầu tại quận và 14 phường.")


def test_seed_body_caption_then_paragraphs_in_order(seed_article):
    blocks = list(seed_article.body.raw_data)
    assert [block["type"] for block in blocks] == ["photo_note"] + ["paragraph"] * len(SEED_PARAGRAPH_STARTS)
    assert blocks[0]["value"] == {"caption": SEED_CAPTION, "credit": ""}
    paragraphs = [block["value"] for block in blocks[1:]]
    for html, start in zip(paragraphs, SEED_PARAGRAPH_STARTS, strict=True):
        assert html.startswith(f"<p>{start}")
        assert html.endswith("</p>")
        assert html.count("<p>") == 1
    assert paragraphs[-1].endswith("tích cực tham gia.</p>")


def test_seed_byline(seed_article):
    assert seed_article.byline == "Bình An"


def test_seed_page_has_no_furniture(seed_article):
    text = stored_text(seed_article)
    for furniture in FURNITURE:
        assert furniture not in text


def test_seed_text_is_clean_nfc(seed_article):
    text = stored_text(seed_article)
    assert "\u00d0" not in text  # lookalike Ð repaired
    assert "\u00a0" not in text  # no-break spaces gone
    assert unicodedata.is_normalized("NFC", text)
    assert "Ba Đình" in seed_article.title  # with Đ U+0110


def test_seed_is_published_in_default_section(seed_article):
    assert seed_article.live
    assert seed_article.live_revision_id is not None
    section = seed_article.get_parent()
    assert section.title == "Tin tổng hợp"
    assert section.slug == "tin-tong-hop"
    assert seed_article.url == f"/tin-tong-hop/{seed_article.slug}/"


def test_seed_ledger_entry(seed_article):
    entry = ImportedRecord.objects.get()
    assert entry.page_id == seed_article.pk
    assert entry.source == "text"
    assert entry.key == f"ba-dinh-thi-dua-1010-nam.txt:{seed_article.slug}"
    assert len(entry.content_hash) == 64


def test_reimport_is_unchanged(run_import, seed_page, seed_article):
    revisions = Revision.objects.count()
    result = run_import(seed_page, "--json")
    assert result.ok
    assert result.json_lines[0]["status"] == "unchanged"
    assert result.json_lines[0]["url"] == seed_article.url
    assert ArticlePage.objects.count() == 1
    assert ImportedRecord.objects.count() == 1
    assert Revision.objects.count() == revisions


def test_modified_page_is_updated(run_import, seed_page, tmp_path, home_page):
    copy = tmp_path / seed_page.name
    shutil.copy(seed_page, copy)
    assert run_import(copy).ok
    page = ArticlePage.objects.get()
    revisions = page.revisions.count()

    text = copy.read_text(encoding="utf-8").replace("Bình An", "Minh Châu")
    copy.write_text(text.replace("nhiệm kỳ 2020-2025.", "nhiệm kỳ 2020 - 2025 (đã sửa)."), encoding="utf-8")
    result = run_import(copy, "--json")

    assert result.json_lines[0]["status"] == "updated"
    page = ArticlePage.objects.get()
    assert page.byline == "Minh Châu"
    assert "(đã sửa)" in page.lead
    assert page.revisions.count() == revisions + 1
    assert page.live_revision == page.get_latest_revision()
    assert not page.has_unpublished_changes
    assert ImportedRecord.objects.count() == 1


def test_existing_agency_keeps_its_name(run_import, seed_page, home_page):
    Agency.objects.create(code="HNP", name="Cổng Giao tiếp điện tử Hà Nội")
    assert run_import(seed_page).ok
    assert Agency.objects.get().name == "Cổng Giao tiếp điện tử Hà Nội"
    assert ArticlePage.objects.get().agency.code == "HNP"


def test_new_agency_is_created_with_code_as_name(seed_article):
    assert Agency.objects.get(code="HNP").name == "HNP"


def test_page_without_timestamp_keeps_no_date_with_warning(run_import, tmp_path, home_page):
    page = tmp_path / "khong-ngay.txt"
    page.write_text("Tiêu đề không có ngày\n\nĐoạn mở đầu của bài.\n\nĐoạn thân bài.\n", encoding="utf-8")
    result = run_import(page, "--json")
    assert result.json_lines[0]["status"] == "created"
    assert result.json_lines[0]["warnings"] == ["không có thời gian đăng"]
    article = ArticlePage.objects.get()
    assert article.published_at is None and article.published_at_unknown


def test_page_with_bad_timestamp_fails(run_import, tmp_path, home_page):
    page = tmp_path / "sai-ngay.txt"
    page.write_text("Tiêu đề (25:99 31/02/2020)\n\nĐoạn mở đầu.\n", encoding="utf-8")
    result = run_import(page, "--json")
    assert not result.ok
    assert result.json_lines[0]["status"] == "failed"
    assert "thời gian đăng không hợp lệ" in result.json_lines[0]["error"]
    assert ArticlePage.objects.count() == 0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (SEED_CAPTION, True),
        ("Quang cảnh hội nghị (Ảnh: TTXVN)", True),
        ("Hội nghị diễn ra trong một buổi sáng.", False),
        ("Ông nói: “Chúng tôi sẽ làm.”", False),
        ("Các nội dung chính:", False),
        ("- Hoàn thành kế hoạch năm", False),
        ("x" * 250, False),
    ],
    ids=[
        "seed-caption",
        "photo-credit-in-brackets",
        "sentence",
        "quote-ending-in-period",
        "colon",
        "list-item",
        "long",
    ],
)
def test_is_caption(line, expected):
    assert text_page.is_caption(line) is expected


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("HNP - Chiều 16/9, Quận ủy họp.", ("HNP", "Chiều 16/9, Quận ủy họp.")),
        ("VOV.VN - Sẽ có khoảng 40.000 người.", ("VOV.VN", "Sẽ có khoảng 40.000 người.")),
        ("TTO – Ngày 23-10, hàng nghìn người.", ("TTO", "Ngày 23-10, hàng nghìn người.")),
        ("Hà Nội - Sáng nay trời mưa.", ("", "Hà Nội - Sáng nay trời mưa.")),
        ("Chiều 16/9, Quận ủy họp.", ("", "Chiều 16/9, Quận ủy họp.")),
    ],
    ids=["hnp", "dotted-code", "en-dash", "place-name-is-not-agency", "no-tag"],
)
def test_split_agency(lead, expected):
    assert text_page.split_agency(lead) == expected


@pytest.mark.parametrize(
    ("headline", "title", "iso"),
    [
        ("Ba Đình thi đua (16:20 16/09/2020)", "Ba Đình thi đua", "2020-09-16T16:20:00+07:00"),
        ("Giải U23 (vòng 2)", "Giải U23 (vòng 2)", None),
        ("Không có ngày", "Không có ngày", None),
    ],
    ids=["timestamp", "brackets-without-date", "plain"],
)
def test_split_headline(headline, title, iso):
    result = text_page.split_headline(headline)
    assert result.title == title
    assert (result.published_at.isoformat() if result.published_at else None) == iso


def test_dateline_under_the_headline_is_read():
    record = text_page.parse_text_page(
        "Tiêu đề bài\nThứ sáu, 28/12/2012, 14:46\nĐoạn mở đầu.\nĐoạn hai.\n",
        origin=Origin("x.txt"),
        key_prefix="x.txt",
    )
    assert record.published_at.isoformat() == "2012-12-28T14:46:00+07:00"
    assert record.lead == "Đoạn mở đầu."


@pytest.mark.parametrize(
    "text",
    ["", "\u00a0\n \n", "Chỉ có tiêu đề (16:20 16/09/2020)\n\nCác bài mới đăng\nBài khác\n"],
    ids=["empty", "only-spaces", "title-then-furniture"],
)
def test_page_without_article_is_refused(text):
    with pytest.raises(InvalidRecord):
        text_page.parse_text_page(text, origin=Origin("x.txt"), key_prefix="x.txt")


def test_body_text_is_escaped(run_import, tmp_path, home_page):
    page = tmp_path / "html.txt"
    text = "Tiêu đề\n\nMở đầu.\n\nĐoạn có <script>alert(1)</script> & ký tự đặc biệt.\n"
    page.write_text(text, encoding="utf-8")
    assert run_import(page).ok
    html = ArticlePage.objects.get().body.raw_data[0]["value"]
    assert html == "<p>Đoạn có &lt;script&gt;alert(1)&lt;/script&gt; &amp; ký tự đặc biệt.</p>"
