"""`manage.py import_legal`: a registry from CSV or JSON lines and a folder of files, idempotent."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model

from toasoan.legal.models import ImportedDocument, LegalDocumentPage

from .conftest import docx_bytes, pdf_bytes

HEADER = [
    "Số ký hiệu",
    "Trích yếu",
    "Loại",
    "Cơ quan",
    "Ngày ban hành",
    "Ngày hiệu lực",
    "Ngày hết hiệu lực",
    "Tệp",
    "Nhãn tệp",
]


def _csv(tmp_path, rows, name: str = "van-ban.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    files = tmp_path / "tep"
    files.mkdir()
    (files / "qd-25.pdf").write_bytes(pdf_bytes("Quyet dinh 25"))
    (files / "phu-luc.docx").write_bytes(docx_bytes("Danh sách hộ được hỗ trợ kênh mương"))
    return files


def _run(path, folder, registry) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_legal", str(path), files=str(folder), registry=str(registry.pk), stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


ROWS = [
    [
        "25/QĐ-UBND",
        "Quy chế tiếp công dân",
        "Quyết định",
        "UBND",
        "10/01/2024",
        "",
        "",
        "qd-25.pdf; phu-luc.docx",
        "Toàn văn; Phụ lục",
    ],
    [
        "172/KH-UBND",
        "Kế hoạch phòng chống thiên tai",
        "ke-hoach",
        "UBND",
        "2024-02-01",
        "15/02/2024",
        "",
        "",
        "",
    ],
]


def test_an_import_creates_documents_with_files_and_a_second_run_changes_nothing(
    tmp_path, folder, registry, ubnd
):
    path = _csv(tmp_path, ROWS)
    out, err = _run(path, folder, registry)
    assert "Đã tạo: 2, cập nhật: 0, không đổi: 0, lỗi: 0." in out and err == ""
    decision = LegalDocumentPage.objects.get(number="25/QĐ-UBND")
    assert decision.live and decision.get_parent().pk == registry.pk and decision.issuer_id == ubnd.pk
    attachments = list(decision.attachments.order_by("sort_order"))
    assert [(a.label, a.file_type) for a in attachments] == [("Toàn văn", "pdf"), ("Phụ lục", "docx")]
    assert " kenh muong " in decision.search_text  # the DOCX's text was read
    plan = LegalDocumentPage.objects.get(number="172/KH-UBND")
    assert str(plan.effective_date) == "2024-02-15" and plan.document_type == "ke-hoach"
    revisions = {page.pk: page.revisions.count() for page in LegalDocumentPage.objects.all()}
    documents = get_document_model().objects.count()

    out, err = _run(path, folder, registry)
    assert "Đã tạo: 0, cập nhật: 0, không đổi: 2, lỗi: 0." in out and err == ""
    assert LegalDocumentPage.objects.count() == 2 and get_document_model().objects.count() == documents
    assert {page.pk: page.revisions.count() for page in LegalDocumentPage.objects.all()} == revisions


def test_a_changed_row_or_file_updates_its_page_through_a_new_revision(tmp_path, folder, registry, ubnd):
    _run(_csv(tmp_path, ROWS), folder, registry)
    decision = LegalDocumentPage.objects.get(number="25/QĐ-UBND")
    revisions = decision.revisions.count()
    documents = get_document_model().objects.count()
    (folder / "phu-luc.docx").write_bytes(docx_bytes("Danh sách đã sửa: cầu treo"))
    changed = [[*ROWS[0][:1], "Quy chế tiếp công dân (sửa đổi)", *ROWS[0][2:]], ROWS[1]]
    out, err = _run(_csv(tmp_path, changed), folder, registry)
    assert "Đã tạo: 0, cập nhật: 1, không đổi: 1, lỗi: 0." in out and err == ""
    decision = LegalDocumentPage.objects.get(pk=decision.pk)
    assert decision.title == "Quy chế tiếp công dân (sửa đổi)" and decision.live
    assert (
        decision.revisions.count() == revisions + 1
        and decision.live_revision_id == decision.latest_revision_id
    )
    assert " cau treo " in decision.search_text and " kenh muong " not in decision.search_text
    assert get_document_model().objects.count() == documents + 1  # the unchanged PDF kept its document
    assert ImportedDocument.objects.count() == 2


def test_bad_rows_are_reported_in_vietnamese_with_their_line_and_the_rest_imported(
    tmp_path, folder, registry, ubnd
):
    (folder / "gia.pdf").write_bytes(b"day khong phai PDF")
    (tmp_path / "bi-mat.pdf").write_bytes(pdf_bytes("Bi mat"))
    (folder / "lien-ket.pdf").symlink_to(tmp_path / "bi-mat.pdf")

    def row(number, title, kind="ke-hoach", issued="10/01/2024", effective="", expires="", files=""):
        return [number, title, kind, "UBND", issued, effective, expires, files, ""]

    path = _csv(
        tmp_path,
        [
            row("", "Không có số"),  # line 2
            row("1/KH-UBND", "Ngày sai", issued="32/13/2024"),
            row("2/KH-UBND", "Loại lạ", kind="sắc lệnh"),
            row("3/KH-UBND", "Thiếu tệp", files="khong-co.pdf"),
            row("4/KH-UBND", "Tệp ngoài thư mục", files="../bi-mat.pdf"),
            row("5/KH-UBND", "Tệp giả", files="gia.pdf"),
            row("6/KH-UBND", "Hết hạn trước khi có hiệu lực", effective="20/01/2024", expires="15/01/2024"),
            row("7/KH-UBND", "Văn bản tốt", files="qd-25.pdf"),  # line 9
            row("7/KH-UBND", "Trùng số"),
            row("8/KH-UBND", "Liên kết ra ngoài", files="lien-ket.pdf"),  # line 11
            row("9/KH-UBND", "Đường dẫn tuyệt đối", files=str(tmp_path / "bi-mat.pdf")),
        ],
    )
    out, err = _run(path, folder, registry)
    assert "Đã tạo: 1, cập nhật: 0, không đổi: 0, lỗi: 10." in out
    lines = err.splitlines()
    assert lines[0] == "Dòng 2: thiếu số ký hiệu."
    assert lines[1] == "Dòng 3: ngày ban hành “32/13/2024” không hợp lệ (cần dạng 25/03/2024)."
    assert lines[2] == "Dòng 4: loại văn bản “sắc lệnh” không có trong danh mục."
    assert lines[3] == "Dòng 5: không tìm thấy tệp “khong-co.pdf” trong thư mục tệp."
    assert lines[4] == "Dòng 6: tệp “../bi-mat.pdf” nằm ngoài thư mục tệp."
    assert lines[5].startswith("Dòng 7: Không nhận ra loại của tệp “gia.pdf”")
    assert lines[6] == "Dòng 8: ngày hết hiệu lực phải sau ngày có hiệu lực."
    assert lines[7] == "Dòng 10: trùng mã “7/KH-UBND” với dòng 9."
    assert lines[8] == "Dòng 11: tệp “lien-ket.pdf” nằm ngoài thư mục tệp."
    assert lines[9] == f"Dòng 12: tệp “{tmp_path / 'bi-mat.pdf'}” nằm ngoài thư mục tệp."
    assert list(LegalDocumentPage.objects.values_list("number", flat=True)) == ["7/KH-UBND"]
    assert not get_document_model().objects.filter(file__contains="bi-mat").exists()


def test_json_lines_are_read_and_a_broken_line_is_reported(tmp_path, folder, registry, ubnd):
    path = tmp_path / "van-ban.jsonl"
    good = {
        "so_ky_hieu": "9/TB-UBND",
        "trich_yeu": "Thông báo lịch tiếp dân",
        "loai": "thong-bao",
        "co_quan": "UBND",
        "ngay_ban_hanh": "05/03/2024",
        "tep": ["qd-25.pdf"],
    }
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n{hỏng\n[1, 2]\n", encoding="utf-8")
    out, err = _run(path, folder, registry)
    assert "Đã tạo: 1, cập nhật: 0, không đổi: 0, lỗi: 2." in out
    assert err.splitlines() == [
        "Dòng 2: không phải JSON hợp lệ.",
        "Dòng 3: mỗi dòng phải là một đối tượng JSON.",
    ]
    assert LegalDocumentPage.objects.get().attachments.get().file_type == "pdf"


def test_an_import_that_cannot_start_says_why_in_vietnamese(tmp_path, folder, registry):
    path = _csv(tmp_path, ROWS)
    with pytest.raises(CommandError, match="Không tìm thấy danh mục văn bản “/khong-co/”"):
        call_command("import_legal", str(path), files=str(folder), registry="/khong-co/")
    latin1 = tmp_path / "cu.csv"
    latin1.write_bytes("Số ký hiệu,Trích yếu\n".encode("cp1258", errors="replace") + b"\xff\xfe\xfa")
    with pytest.raises(CommandError, match="không phải văn bản UTF-8"):
        call_command("import_legal", str(latin1), files=str(folder), registry=registry.url)
    assert LegalDocumentPage.objects.count() == 0
