"""Attached files: the type read from the content, a size limit, text for search; refusals in Vietnamese."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import querydict_from_html

from toasoan.accounts.testing import login_verified
from toasoan.legal.models import LegalAttachment, LegalDocumentPage
from toasoan.legal.services import files

from .conftest import docx_bytes, make_file, pdf_bytes, zip_bytes

OLE2 = files.OLE2_MAGIC


def ole2(stream_name: str) -> bytes:
    """The start of a compound file whose directory names `stream_name` (enough for sniffing)."""
    return OLE2 + b"\x00" * 504 + stream_name.encode("utf-16-le") + b"\x00" * 64


CONTENT_TYPES = b'<?xml version="1.0"?><Types/>'

KINDS = [
    ("quyet-dinh.pdf", pdf_bytes("Quyet dinh"), "pdf"),
    ("cong-van.doc", ole2("WordDocument"), "doc"),
    ("bang-ke.xls", ole2("Workbook"), "xls"),
    ("ke-hoach.docx", docx_bytes("Kế hoạch"), "docx"),
    (
        "phu-luc.xlsx",
        zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"}),
        "xlsx",
    ),
    (
        "to-trinh.odt",
        zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
        "odt",
    ),
    ("ho-so.zip", zip_bytes({"a.txt": b"a"}), "zip"),
]


@pytest.mark.parametrize(("name", "data", "kind"), KINDS, ids=[kind for _, _, kind in KINDS])
def test_each_accepted_kind_is_recognised_from_its_bytes(db, name, data, kind):
    found = files.inspect(make_file(name, data).file, 10_000_000)
    assert (found.kind, found.size) == (kind, len(data))


REFUSED = [
    # An HTML page (a phishing form, a script) renamed as a PDF.
    ("bao-cao.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "Không nhận ra loại"),
    # A Windows program renamed as a Word file.
    ("cong-van.docx", b"MZ\x90\x00" + b"\x00" * 100, "Không nhận ra loại"),
    # A real PDF under a DOCX name: opened by the wrong program, or hiding what it is.
    ("ke-hoach.docx", pdf_bytes("x"), "không khớp với nội dung: nội dung là tệp PDF"),
    # A DOCX named .pdf.
    ("ke-hoach.pdf", docx_bytes("x"), "không khớp với nội dung: nội dung là tệp Word (DOCX)"),
    # An OLE2 file that is neither Word nor Excel (an MSI installer, a PowerPoint).
    ("cong-van.doc", ole2("PowerPoint Document"), "Không nhận ra loại"),
    # A PowerPoint (OOXML, not taken).
    (
        "slide.zip",
        zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": b"<p/>"}),
        "Không nhận ra",
    ),
    # A truncated ZIP.
    ("ho-so.zip", zip_bytes({"a.txt": b"a" * 100})[:30], "Không nhận ra loại"),
]


@pytest.mark.parametrize(
    ("name", "data", "message"), REFUSED, ids=[r[0] + "-" + str(i) for i, r in enumerate(REFUSED)]
)
def test_a_mismatched_or_unknown_file_is_refused_in_vietnamese(db, name, data, message):
    with pytest.raises(files.RefusedFile) as refused:
        document = make_file(name, data)
        files.inspect(document.file, 10_000_000, document.title)
    assert message in refused.value.message
    assert name in refused.value.message


def test_a_file_over_the_limit_is_refused(db, settings):
    settings.LEGAL_ATTACHMENT_MAX_BYTES = 1024
    document = make_file("lon.pdf", pdf_bytes(*["Dong van ban dai"] * 200))
    attachment = LegalAttachment(document=document)
    with pytest.raises(Exception) as refused:
        attachment.clean()
    assert "quá lớn" in str(refused.value) and "tối đa 1 KB" in str(refused.value)


def test_pdf_and_docx_text_is_kept_for_search(make_document):
    pdf = make_file("ke-hoach.pdf", pdf_bytes("Phuong an phong chong lu bao nam 2024"))
    docx = make_file("phu-luc.docx", docx_bytes("Danh sách hộ dân được hỗ trợ ở xã Hòa Bình"))
    page = make_document("Kế hoạch ứng phó", files=[pdf, docx])
    stored = {a.file_type: a for a in LegalAttachment.objects.filter(page=page)}
    assert "phong chong lu bao" in stored["pdf"].text
    assert "Hòa Bình" in stored["docx"].text
    assert stored["pdf"].file_size == pdf.file.size
    search_text = LegalDocumentPage.objects.get(pk=page.pk).search_text
    assert "lu bao" in search_text and "hoa binh" in search_text


def test_a_damaged_file_is_saved_without_text_and_logged(make_document, caplog):
    broken = make_file("hong.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref")
    with caplog.at_level(logging.WARNING, logger="toasoan.legal.services.files"):
        page = make_document("Văn bản có tệp hỏng", files=[broken])
    attachment = LegalAttachment.objects.get(page=page)
    assert page.live and attachment.file_type == "pdf" and attachment.text == ""
    assert any("Không đọc được chữ" in record.getMessage() for record in caplog.records)


def test_a_docx_that_unpacks_huge_is_not_read(db, monkeypatch):
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 10)
    document = make_file("bom.docx", docx_bytes("Nội dung rất dài " * 50))
    assert files.extract_text(document.file, "docx") == ""


# The admin ---------------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-rat-dai-123")
    login_verified(client, user)
    return client


def _add_with_file(editor_client, registry, ubnd, document):
    url = f"/admin/pages/add/legal/legaldocumentpage/{registry.pk}/"
    response = editor_client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": "Kế hoạch phòng chống dịch bệnh",
            "number": "172/KH-UBND",
            "document_type": "ke-hoach",
            "issuer": str(ubnd.pk),
            "issued_date": "2024-03-01",
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-document": str(document.pk),
            "attachments-0-label": "Toàn văn",
            "attachments-0-ORDER": "1",
            "attachments-0-DELETE": "",
            "attachments-0-id": "",
            "action-publish": "action-publish",
        }
    )
    return editor_client.post(url, data)


def test_the_admin_refuses_a_renamed_file_with_a_vietnamese_message(editor_client, registry, ubnd):
    renamed = make_file("ke-hoach.pdf", b"<html><body>Trang gia mao</body></html>")
    response = _add_with_file(editor_client, registry, ubnd, renamed)
    assert response.status_code == 200
    assert "Không nhận ra loại của tệp “ke-hoach.pdf”" in response.content.decode()
    assert not LegalDocumentPage.objects.exists()


def test_the_admin_publishes_a_document_with_a_real_pdf(editor_client, registry, ubnd):
    pdf = make_file("ke-hoach.pdf", pdf_bytes("Ke hoach phong chong dich"))
    response = _add_with_file(editor_client, registry, ubnd, pdf)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = LegalDocumentPage.objects.get()
    assert page.live and page.number_key == "|172 kh ubnd|" and page.issued_date == date(2024, 3, 1)
    attachment = page.attachments.get()
    assert attachment.file_type == "pdf" and "phong chong dich" in attachment.text
