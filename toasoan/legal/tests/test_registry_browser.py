"""The registry in a real Chromium: a reader finds a document by its number typed without
diacritics and downloads its PDF; an editor adds a document with a DOCX in the admin and, once it
is published, a reader finds it by a word of the DOCX's text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from toasoan.accounts.testing import login_verified
from toasoan.legal.models import LegalDocumentPage

from .conftest import docx_bytes, make_file, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TIMEOUT = 60_000


def _context(chromium_browser, live_server, user=None):
    context = chromium_browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True
    )
    if user is not None:
        client = Client()
        login_verified(client, user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    errors: list[str] = []
    context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(str(error))))
    return context, errors


def _search(page, base_url: str, registry, words: str) -> None:
    page.goto(f"{base_url}{registry.url}", wait_until="domcontentloaded")
    box = page.locator("form.legal-filters input[name=q]")
    box.fill(words)
    with page.expect_navigation(wait_until="domcontentloaded", timeout=TIMEOUT):
        box.press("Enter")


def test_a_reader_finds_a_document_by_its_number_and_downloads_its_pdf(
    live_server, chromium_browser, make_document
):
    pdf = make_file("quyet-dinh-25.pdf", pdf_bytes("Quyet dinh 25"), title="Toàn văn")
    document = make_document(
        "Quy chế tiếp công dân của UBND huyện", number="25/QĐ-UBND", document_type="quyet-dinh", files=[pdf]
    )
    make_document("Kế hoạch tiêm chủng", number="125/KH-UBND")
    make_document("Quyết định về giá đất", number="26/QĐ-UBND", document_type="quyet-dinh")
    registry = document.get_parent()
    context, errors = _context(chromium_browser, live_server)
    page = context.new_page()

    _search(page, live_server.url, registry, "25 qd ubnd")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    found = rows.first.get_by_role("link", name="Quy chế tiếp công dân của UBND huyện")
    with page.expect_navigation(wait_until="domcontentloaded", timeout=TIMEOUT):
        found.click()
    assert page.url == f"{live_server.url}{document.url}"
    assert page.locator("h1").inner_text().strip() == "Quyết định 25/QĐ-UBND"

    link = page.get_by_role("link", name="Toàn văn")
    href = link.get_attribute("href")
    assert href == f"/documents/{pdf.pk}/quyet-dinh-25.pdf"
    with page.expect_download(timeout=TIMEOUT) as started:
        link.click()
    download = started.value
    assert download.suggested_filename == "quyet-dinh-25.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    # The same address as the browser's own HTTP client sees it (the download object has no headers).
    response = context.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert "quyet-dinh-25.pdf" in headers["content-disposition"]
    assert headers["content-type"].startswith("application/pdf")
    assert errors == []
    context.close()


def test_an_editor_adds_a_document_with_a_docx_and_readers_find_it_by_its_text(
    live_server, chromium_browser, registry, ubnd, tmp_path
):
    editor = get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai-123")
    docx = tmp_path / "ke-hoach-nao-vet.docx"
    docx.write_bytes(docx_bytes("Danh mục công trình thủy lợi được nạo vét trong mùa khô."))
    context, errors = _context(chromium_browser, live_server, editor)
    page = context.new_page()
    add = f"{live_server.url}/admin/pages/add/legal/legaldocumentpage/{registry.pk}/"
    page.goto(add, wait_until="domcontentloaded")
    page.locator("#id_title").fill("Kế hoạch duy tu kênh mương năm 2024")
    page.locator("#id_number").fill("31/KH-UBND")
    page.locator("#id_document_type").select_option("ke-hoach")
    issued = page.locator("#id_issued_date")
    issued.fill("01/03/2024")
    # The date picker opens 100 ms after the field takes focus, even if the focus has moved on by
    # then, and closes when the field loses it (Escape does nothing). Clicked on before it opened,
    # the next control lost the click to it: wait for it, leave the field, and see it gone.
    picker = page.locator(".xdsoft_datetimepicker:visible")
    picker.wait_for(timeout=TIMEOUT)
    issued.blur()
    picker.wait_for(state="hidden", timeout=TIMEOUT)

    page.locator("#id_issuer-chooser button[data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name="UBND huyện Hòa Phong").click()
    chosen = page.locator("#id_issuer-chooser .chooser__title", has_text="UBND huyện Hòa Phong")
    chosen.wait_for(timeout=TIMEOUT)

    page.locator("#id_attachments-ADD").click()
    page.locator("#id_attachments-0-document-chooser button[data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Đăng tải").click()
    modal.locator("input[type=file]").set_input_files(str(docx))
    modal.get_by_label("Tiêu đề").fill("Danh mục công trình")
    modal.locator("form[data-chooser-modal-creation-form] button[type=submit]").click()
    chosen = page.locator(
        "#id_attachments-0-document-chooser .chooser__title", has_text="Danh mục công trình"
    )
    chosen.wait_for(timeout=TIMEOUT)
    page.locator("#id_attachments-0-label").fill("Phụ lục")

    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    with page.expect_navigation(wait_until="domcontentloaded", timeout=TIMEOUT):
        page.locator("button[name=action-publish]").click()
    created = LegalDocumentPage.objects.get(number="31/KH-UBND")
    assert created.live and created.issued_date == date(2024, 3, 1)
    assert created.attachments.get().file_type == "docx"

    _search(page, live_server.url, registry, "nao vet")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert rows.first.get_by_role("link", name="31/KH-UBND").is_visible()
    assert rows.first.get_by_role("link", name="Word (DOCX)").get_attribute("href").startswith("/documents/")
    assert errors == []
    context.close()
