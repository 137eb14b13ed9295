"""The fixture portal's news and comments, imported once for the module: what each row became."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

import pytest
from django.utils import timezone as django_timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from conftest import site_home
from toasoan.articles.models import Agency, ArticlePage
from toasoan.comments.models import Comment, CommentStatus
from toasoan.nukeviet.dump import NukeVietDump
from toasoan.nukeviet.models import LegacyRecord
from toasoan.nukeviet.services.comments import EMAIL_MASK, PHONE_MASK
from toasoan.nukeviet.services.run import import_dump
from toasoan.sections.models import SectionPage

from .conftest import FIXTURE_NOW, MISSING_UPLOADS, assemble_dump, write_uploads

VN = timezone(timedelta(hours=7))


def build(folder):
    site_home()
    dump = assemble_dump(folder)
    uploads = write_uploads(folder / "uploads")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(django_timezone, "now", lambda: FIXTURE_NOW)
        report = import_dump(dump, uploads=uploads)
    return {"report": report, "dump": dump, "uploads": uploads}


@pytest.fixture(scope="module")
def built(module_db, tmp_path_factory):
    return module_db(build, tmp_path_factory.mktemp("nukeviet-news"))


@pytest.fixture
def imported(built, db):
    return copy.deepcopy(built)


def article(row_id: int) -> ArticlePage:
    entry = LegacyRecord.objects.get(module="news", key=str(row_id))
    return ArticlePage.objects.get(pk=entry.page_id)


def test_every_row_is_accounted_for(imported):
    dump = NukeVietDump(imported["dump"])
    row_ids = {str(row["id"]) for row in dump.rows("news_rows")} | {
        str(row["id"]) for row in dump.rows("news_detail")
    }
    news = imported["report"].module("news")
    created = {item.key for item in news.created}
    skipped = {item.key: item.reason for item in news.skipped}
    assert created | set(skipped) == row_ids
    assert not created & set(skipped)
    assert set(skipped) == {"16", "22", "24"}
    assert (
        "đã bị xóa" in skipped["16"] and "bảng detail" in skipped["24"] and skipped["22"] == "thiếu tiêu đề"
    )
    assert len(imported["report"].module("news_cat").created) == 8
    comment_ids = {str(row["cid"]) for row in dump.rows("comment")}
    comments = imported["report"].module("comment")
    assert {item.key for item in comments.created} | {item.key for item in comments.skipped} == comment_ids
    # The ledger says the same, row by row.
    assert set(LegacyRecord.objects.filter(module="news").values_list("key", flat=True)) == row_ids
    assert set(
        LegacyRecord.objects.filter(module="news", status="skipped").values_list("key", flat=True)
    ) == set(skipped)


@pytest.mark.parametrize(
    ("row_id", "live", "expired", "go_live", "expire"),
    [
        (1, True, False, None, None),
        (7, False, False, None, None),  # Lưu nháp
        (8, False, False, datetime(2099, 7, 1, 7, 0, tzinfo=VN), None),  # Hẹn giờ đăng
        (9, False, False, datetime(2099, 8, 15, 7, 30, tzinfo=VN), None),  # published, time ahead
        (10, False, True, None, None),  # Hết hạn
        (11, False, True, None, None),  # published, expiry passed
        (12, True, False, None, datetime(2099, 2, 1, 0, 0, tzinfo=VN)),  # published until then
        (13, False, False, None, None),  # Ngưng hiệu lực
        (14, False, False, None, None),  # Chuyển duyệt
        (15, False, False, None, None),  # locked by a suspended category
        (25, False, False, None, None),  # in a sub-category locked by its suspended parent
    ],
    ids=[
        "published",
        "draft",
        "scheduled",
        "publish-time-ahead",
        "expired",
        "expiry-passed",
        "expires-later",
        "stopped",
        "in-review",
        "locked",
        "locked-subcategory",
    ],
)
def test_status_becomes_a_wagtail_state(imported, row_id, live, expired, go_live, expire):
    page = article(row_id)
    assert (page.live, page.expired, page.go_live_at, page.expire_at) == (live, expired, go_live, expire)
    if go_live is not None:
        # Wagtail's own schedule: the revision waits for its time, the publishing job makes it live.
        assert page.get_latest_revision().approved_go_live_at == go_live
    if not live:
        assert page.live_revision_id is None


def test_categories_become_a_tree_of_sections(imported):
    home = site_home()
    sections = {s.slug: s for s in SectionPage.objects.descendant_of(home)}
    assert sections["thoi-su"].get_parent().pk == home.pk
    assert sections["giao-duc"].get_parent().pk == sections["van-hoa-xa-hoi"].pk
    assert sections["hoat-dong-doan-the"].get_parent().pk == sections["tin-luu-tru"].pk
    assert sections["thoi-su"].live and sections["nong-nghiep-nong-thon"].live
    assert not sections["tin-luu-tru"].live and not sections["hoat-dong-doan-the"].live
    assert sections["van-hoa-xa-hoi"].title == "Văn hóa - Xã hội"
    assert article(6).get_parent().pk == sections["giao-duc"].pk
    # An article of a deleted category goes to the next of its categories.
    assert article(17).get_parent().pk == sections["kinh-te"].pk
    assert not Page.find_problems()[0] and not any(Page.find_problems()[1:])


def test_legacy_encodings_are_repaired(imported):
    tcvn3 = article(2)
    assert tcvn3.title == "Hội nghị tổng kết công tác phòng chống lụt bão"
    assert tcvn3.lead.startswith("Ban Chỉ huy phòng chống thiên tai huyện")
    assert tcvn3.byline == "Phước Hưng"
    assert "Năm qua, trên địa bàn huyện xảy ra ba đợt mưa lớn" in tcvn3.body.raw_data[0]["value"]
    mojibake = article(19)
    assert mojibake.title == "Người cao tuổi ấp Phước Lợi học vẽ tranh"
    assert "nhà văn hóa ấp" in mojibake.body.raw_data[0]["value"]


def test_body_keeps_paragraphs_images_with_captions_and_tables(imported):
    first = article(1)
    blocks = [(block["type"], block["value"]) for block in first.body.raw_data]
    kinds = [kind for kind, _ in blocks]
    assert kinds == ["paragraph", "image", "paragraph", "paragraph", "paragraph"]
    image_value = blocks[1][1]
    image = get_image_model().objects.get(pk=image_value["image"])
    assert image_value["caption"] == "Cầu Rạch Sen trong ngày khánh thành. Ảnh: Minh Thư"
    assert image_value["alt"] == "Cầu Rạch Sen nhìn từ bờ sông"
    assert (image.width, image.height) == (64, 48)
    assert first.listing_image_id == image.pk  # the same file, stored once
    table = article(3).body.raw_data[1]
    assert table["type"] == "paragraph"
    assert table["value"].startswith("<table><tr><th>Ngành</th>")
    assert "<td>Chế biến nông sản</td><td>540</td><td>+9,2%</td>" in table["value"]
    headings = [block["value"] for block in article(21).body.raw_data if block["value"].startswith("<h3>")]
    assert headings == ["<h3>Đối tượng</h3>", "<h3>Hồ sơ gồm</h3>"]


def test_missing_files_are_reported_and_the_article_kept(imported):
    ocop = article(4)
    assert ocop.listing_image_id is None
    notes = [block["value"] for block in ocop.body.raw_data if block["type"] == "photo_note"]
    assert notes == [{"caption": "Trà sen Phước Lâm đóng gói", "credit": ""}]
    files = imported["report"].module("file")
    assert {item.key for item in files.skipped} == set(MISSING_UPLOADS)
    warnings = " ".join(item.reason for item in imported["report"].module("news").warnings)
    for path in MISSING_UPLOADS:
        assert f"uploads/{path}" in warnings
    attachments = [block for block in article(18).body.raw_data if block["type"] == "documents"]
    assert len(attachments) == 1 and len(attachments[0]["value"]["files"]) == 1


def test_duplicate_aliases_in_two_categories_keep_their_slug(imported):
    spring, school = article(5), article(6)
    assert spring.slug == school.slug == "le-hoi-mua-xuan"
    assert spring.get_parent().pk != school.get_parent().pk


def test_tags_authors_and_sources(imported):
    page = article(1)
    assert set(page.tags.names()) == {"giao thông", "cầu Rạch Sen"}
    assert [author.name for author in page.authors.all()] == ["Minh Thư"]
    assert page.agency.name == "Đài Phát thanh huyện Tân Phước"
    assert page.byline == "Minh Thư"
    # The revision the admin's editor opens holds them too (written by the bulk path).
    latest = page.get_latest_revision_as_object()
    assert set(latest.tags.names()) == {"giao thông", "cầu Rạch Sen"}
    assert [author.name for author in latest.authors.all()] == ["Minh Thư"]
    # NukeViet's edit time is the page's last publication (sitemaps, article:modified_time).
    assert page.last_published_at == datetime(2025, 1, 9, 15, 0, tzinfo=VN)
    assert page.first_published_at == page.published_at == datetime(2025, 1, 9, 10, 30, tzinfo=VN)
    assert article(3).agency.code == "BAOSONGLAMMOI"
    assert Agency.objects.get(name="Trung tâm Văn hóa - Thể thao").code == "TTVHTT"
    assert article(7).tags.count() == 0  # a draft has none on NukeViet: none here either
    assert set(article(6).tags.names()) == {"lễ hội"}


def test_old_urls_are_the_ones_nukeviet_printed(imported):
    cat = LegacyRecord.objects.get(module="news_cat", key="4")
    assert cat.old_urls == ["/vi/news/giao-duc/", "/index.php?language=vi&nv=news&op=giao-duc"]
    assert cat.page.specific.slug == "giao-duc"
    row = LegacyRecord.objects.get(module="news", key="1")
    assert row.old_urls == [
        "/vi/news/thoi-su/huyen-tan-phuoc-khanh-thanh-cau-rach-sen-1.html",
        "/index.php?language=vi&nv=news&op=thoi-su/huyen-tan-phuoc-khanh-thanh-cau-rach-sen-1.html",
        "/index.php?language=vi&nv=news&op=thoi-su/huyen-tan-phuoc-khanh-thanh-cau-rach-sen-1",
    ]
    # Under each category it was listed in that still exists; a skipped row keeps its addresses.
    moved = LegacyRecord.objects.get(module="news", key="17")
    assert moved.old_urls[0] == "/vi/news/kinh-te/huyen-trao-200-suat-qua-cho-ho-ngheo-17.html"
    skipped = LegacyRecord.objects.get(module="news", key="16")
    assert skipped.page_id is None and skipped.old_urls == []
    every = LegacyRecord.objects.filter(module__in=["news", "news_cat"], status="created")
    assert all(entry.old_urls for entry in every)


def test_approved_comments_arrive_without_personal_data(imported):
    comments = {
        entry.key: Comment.objects.get(pk=entry.object_pk)
        for entry in LegacyRecord.objects.filter(module="comment", status="created")
    }
    assert set(comments) == {"1", "2", "4", "5", "8", "9", "10", "12", "13"}
    assert all(comment.status == CommentStatus.APPROVED for comment in comments.values())
    assert comments["1"].page_id == article(1).pk
    assert comments["1"].created_at == datetime(2025, 1, 9, 12, 0, tzinfo=VN)
    assert PHONE_MASK in comments["2"].content and "0912" not in comments["2"].content
    assert EMAIL_MASK in comments["4"].content and "@" not in comments["4"].content
    assert comments["13"].content.count("[") == 2 and "98 765" not in comments["13"].content
    assert comments["10"].content == "Cảm ơn lực lượng xung kích đã giúp bà con chống bão."
    assert comments["10"].name == "Bạn đọc Phước Hưng"
    assert comments["12"].name == "Bạn đọc"
    assert comments["9"].page_id == article(7).pk  # a draft's comments wait with it
    for comment in Comment.objects.all():
        assert comment.phone is None and not comment.ip_hash
        assert "@" not in f"{comment.name} {comment.title} {comment.content}"
    skipped = {item.key: item.reason for item in imported["report"].module("comment").skipped}
    assert skipped["3"] == "chưa được duyệt trên NukeViet"
    # A comment on a document of the registry (laws) attaches to its page.
    assert comments["8"].page.specific_class.__name__ == "LegalDocumentPage"
    assert "không được nhập" in skipped["6"]


def test_published_articles_render(imported, client):
    response = client.get(article(3).url)
    assert response.status_code == 200
    assert "<th>Ngành</th>" in response.text
    response = client.get(article(1).url)
    assert response.status_code == 200
    assert "Cầu Rạch Sen trong ngày khánh thành" in response.text
    assert client.get(article(7).url).status_code == 404


def test_a_second_run_changes_nothing_and_says_so(imported, clock):
    clock.set(FIXTURE_NOW)
    before = {
        model.__name__: model.objects.count()
        for model in (Page, Revision, Comment, LegacyRecord, get_image_model())
    }
    report = import_dump(imported["dump"], uploads=imported["uploads"])
    assert report.changed == 0
    news = report.module("news")
    assert len(news.unchanged) == 23 and len(news.skipped) == 3
    assert len(report.module("comment").unchanged) == 9
    assert "Không có gì thay đổi" in report.as_text()
    after = {
        model.__name__: model.objects.count()
        for model in (Page, Revision, Comment, LegacyRecord, get_image_model())
    }
    assert after == before


def test_a_changed_row_updates_its_article_only(imported, clock, tmp_path):
    clock.set(FIXTURE_NOW)
    text = imported["dump"].read_text(encoding="utf-8")
    changed = text.replace("Giá trị sản xuất công nghiệp tăng 8,5%", "Giá trị sản xuất công nghiệp tăng 8,7%")
    # The draft (status 4) is published (status 1).
    changed = changed.replace(
        "'Dự thảo: Kế hoạch cải tạo chợ huyện','du-thao", "'Kế hoạch cải tạo chợ huyện','du-thao"
    )
    changed = changed.replace(",4,7,1740790800,0,0,'Kế hoạch", ",1,7,1740790800,0,0,'Kế hoạch")
    # Row 1 was read 5,000 more times: a count, not a change of the article.
    viewed = "2025_01/cau-rach-sen.jpg','Cầu Rạch Sen',1,1,'4',1,0,{},0,0,0,0,'',0)"
    changed = changed.replace(viewed.format(10), viewed.format(5010))
    assert changed.count("8,7%") == 1 and ",1,7,1740790800,0,0,'Kế hoạch" in changed
    assert viewed.format(5010) in changed
    dump = tmp_path / "nukeviet.sql"
    dump.write_text(changed, encoding="utf-8")
    revisions = Revision.objects.count()
    report = import_dump(dump, uploads=imported["uploads"])
    news = report.module("news")
    assert {item.key for item in news.updated} == {"3", "7"}
    assert not news.created and len(news.unchanged) == 21
    assert article(3).title == "Giá trị sản xuất công nghiệp tăng 8,7%"
    draft = article(7)
    assert draft.live and draft.title == "Kế hoạch cải tạo chợ huyện"
    assert Revision.objects.count() == revisions + 2
    assert report.changed == 2
