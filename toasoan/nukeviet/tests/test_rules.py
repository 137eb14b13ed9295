"""The rules the importer applies row by row: status, addresses, personal data, uploads paths, bodies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from toasoan.nukeviet.dump import NukeVietDump
from toasoan.nukeviet.services.body import read_body
from toasoan.nukeviet.services.comments import EMAIL_MASK, PHONE_MASK, mask_personal_data
from toasoan.nukeviet.services.context import RunContext
from toasoan.nukeviet.services.files import MISSING, NO_UPLOADS, OUTSIDE, Files, upload_path
from toasoan.nukeviet.services.news import State, article_urls, category_urls, decide
from toasoan.nukeviet.services.report import ModuleReport, RunReport

from .conftest import DUMP_PARTS

NOW = datetime(2025, 6, 1, 1, 0, tzinfo=UTC)
PAST = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
FUTURE = int(datetime(2099, 1, 1, tzinfo=UTC).timestamp())


@pytest.mark.parametrize(
    ("status", "publtime", "exptime", "state"),
    [
        (1, PAST, 0, State.PUBLISHED),
        (1, FUTURE, 0, State.SCHEDULED),
        (2, FUTURE, 0, State.SCHEDULED),
        (2, PAST, 0, State.PUBLISHED),  # NukeViet's job would have published it by now
        (1, PAST, PAST + 1, State.EXPIRED),
        (1, PAST, FUTURE, State.PUBLISHED),
        (3, PAST, PAST + 1, State.EXPIRED),
        (0, PAST, 0, State.DRAFT),
        (4, PAST, 0, State.DRAFT),
        (6, PAST, 0, State.DRAFT),
        (22, PAST, 0, State.DRAFT),  # published, then locked by a suspended category
        (1, 0, 0, State.PUBLISHED),
    ],
    ids=["published", "time-ahead", "scheduled", "scheduled-passed", "expiry-passed", "expiry-ahead",
         "expired", "stopped", "draft", "declined", "locked", "no-time"],
)  # fmt: skip
def test_status(status, publtime, exptime, state):
    assert decide({"status": status, "publtime": publtime, "exptime": exptime}, NOW)[0] is state


def test_addresses_as_nukeviet_prints_them():
    assert category_urls("tin-tuc", "vi", "thoi-su") == [
        "/vi/tin-tuc/thoi-su/",
        "/index.php?language=vi&nv=tin-tuc&op=thoi-su",
    ]
    assert article_urls("news", "vi", ["a", "b"], "bai-viet", 7) == [
        "/vi/news/a/bai-viet-7.html",
        "/index.php?language=vi&nv=news&op=a/bai-viet-7.html",
        "/index.php?language=vi&nv=news&op=a/bai-viet-7",
        "/vi/news/b/bai-viet-7.html",
        "/index.php?language=vi&nv=news&op=b/bai-viet-7.html",
        "/index.php?language=vi&nv=news&op=b/bai-viet-7",
    ]


@pytest.mark.parametrize(
    ("text", "expected", "found"),
    [
        ("Gọi 0912 345 678 nhé", f"Gọi {PHONE_MASK} nhé", ["số điện thoại"]),
        ("Số +84 98 765 43 21.", f"Số {PHONE_MASK}.", ["số điện thoại"]),
        ("Máy bàn 024 3825 3536", f"Máy bàn {PHONE_MASK}", ["số điện thoại"]),
        ("Thư: ten.toi+hop@example.vn", f"Thư: {EMAIL_MASK}", ["e-mail"]),
        ("Năm 2024 có 1.500 người, mã 0123", "Năm 2024 có 1.500 người, mã 0123", []),
        ("Giá 12.000.000 đồng", "Giá 12.000.000 đồng", []),
    ],
    ids=["mobile", "international", "landline", "email", "numbers", "money"],
)
def test_personal_data_is_masked_and_nothing_else(text, expected, found):
    assert mask_personal_data(text) == (expected, found)


@pytest.mark.parametrize(
    ("src", "path"),
    [
        ("/uploads/news/2024_01/a.jpg", "news/2024_01/a.jpg"),
        ("https://cu.example.gov.vn/uploads/news/a%20b.jpg", "news/a b.jpg"),
        ("uploads/news/a.jpg?v=2", "news/a.jpg"),
        ("https://khac.example.vn/images/a.jpg", None),
        ("/myuploads/a.jpg", None),
    ],
)
def test_upload_path(src, path):
    assert upload_path(src) == path


def test_files_never_leave_the_uploads_folder(db, tmp_path):
    (tmp_path / "bi-mat.txt").write_text("không được đọc", encoding="utf-8")
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    ctx = RunContext(dump=NukeVietDump(DUMP_PARTS / "20-comment.sql"), uploads=uploads)
    files = Files(ctx)
    assert files.document(upload_path("/uploads/../bi-mat.txt")).problem == OUTSIDE
    assert files.document("news/khong-co.pdf").problem == MISSING
    assert Files(RunContext(dump=ctx.dump)).image("news/a.jpg").problem == NO_UPLOADS
    (uploads / "hong.jpg").write_bytes(b"not a picture")
    assert files.image("hong.jpg").problem == "không đọc được ảnh"
    assert len(files.report.skipped) == 3


def test_body_walks_nested_layout_tables_but_keeps_data_tables():
    body = read_body(
        "<table><tr><td><img src='/uploads/a.jpg' alt='Ảnh'></td></tr><tr><td>Chú thích ảnh</td></tr></table>"
        "<table><tr><td>Một</td><td>Hai</td></tr><tr><td>1</td><td>2</td></tr></table>"
    )
    kinds = [(piece.kind, piece.image.caption if piece.image else piece.text) for piece in body.pieces]
    assert kinds == [
        ("image", "Chú thích ảnh"),
        ("table", "<table><tr><td>Một</td><td>Hai</td></tr><tr><td>1</td><td>2</td></tr></table>"),
    ]
    escaped = read_body(
        "<table><tr><td><script>x</script>&lt;b&gt;</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"
    )
    assert escaped.pieces[0].text.startswith("<table><tr><td>&lt;b&gt;</td>")


def test_reports_read_in_vietnamese_and_as_json():
    module = ModuleReport("news", "Tin tức")
    module.add("created", 1, "Bài một")
    module.add("skipped", 2, "Bài hai", "thiếu tiêu đề")
    run = RunReport(dump="portal.sql", source="nukeviet", dry_run=True, modules=[module])
    assert run.as_text().splitlines() == [
        "Bản sao NukeViet: portal.sql (nguồn “nukeviet”) — chạy thử, không ghi gì",
        "Tin tức (news): sẽ tạo 1, sẽ cập nhật 0, không đổi 0, bỏ qua 1, cảnh báo 0",
        "  Bỏ qua:",
        "    #2 Bài hai: thiếu tiêu đề",
    ]
    data = run.as_json()
    assert data["changed"] == 1
    assert data["modules"][0]["skipped"] == [{"key": "2", "label": "Bài hai", "reason": "thiếu tiêu đề"}]
