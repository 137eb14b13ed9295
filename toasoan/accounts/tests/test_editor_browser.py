"""The editor's journey in a real Chromium: password and TOTP code, an article with a photo,
published and seen live by a reader, with no console error and no Content Security Policy
violation on the way (the admin's report-only strict policy is counted apart: docs/security.md).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from toasoan.accounts.testing import browser_log_in, confirmed_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mat-khau-bien-tap-rat-dai-2026"
TITLE = "Hà Nội khánh thành cầu đi bộ qua sông Tô Lịch"
LEAD = "Sáng nay, cây cầu đi bộ đầu tiên qua sông Tô Lịch đã được đưa vào sử dụng."
PARAGRAPH = "Cầu dài 40 mét, rộng 3 mét, có lối đi cho xe lăn ở cả hai đầu."

WATCH_CSP = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__reportCsp({
    directive: event.effectiveDirective,
    disposition: event.disposition,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    page: document.location.pathname,
  });
});
"""


@pytest.fixture
def editor(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("bientap", "bientap@example.vn", PASSWORD)


@pytest.fixture
def photo(tmp_path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 600), (11, 77, 162))
    ImageDraw.Draw(image).rectangle((120, 300, 840, 360), fill=(240, 200, 60))
    path = tmp_path / "cau-di-bo.jpg"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return path


class Watcher:
    """Console errors, page errors and CSP violations of every page and frame in a browser context."""

    def __init__(self, context) -> None:
        self.console_errors: list[str] = []
        self.csp: list[dict] = []
        context.expose_binding("__reportCsp", lambda source, report: self.csp.append(report))
        context.add_init_script(WATCH_CSP)
        context.on("page", self.watch)

    def watch(self, page) -> None:
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))

    def enforced(self) -> list[dict]:
        return [v for v in self.csp if v["disposition"] == "enforce"]

    def reported(self) -> list[dict]:
        return [v for v in self.csp if v["disposition"] == "report"]

    def errors(self) -> list[str]:
        # A report-only policy's violations are logged as console errors too; they are counted
        # (and limited to the admin) through `reported()`, not here.
        return [e for e in self.console_errors if not e.startswith("[Report Only]")]


def _write_and_publish(page, live_server, section, photo) -> None:
    page.goto(f"{live_server.url}/admin/pages/add/articles/articlepage/{section.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_lead").fill(LEAD)

    # A paragraph in the body (StreamField + Draftail).
    page.locator(
        "#panel-child-noi_dung-content button.c-sf-add-button, [data-contentpath=body] button.c-sf-add-button"
    ).first.click()
    page.get_by_role("option", name="Đoạn văn").click()
    editor_box = page.locator("[data-contentpath=body] .public-DraftEditor-content").first
    editor_box.click()
    editor_box.type(PARAGRAPH)

    # The photo: chosen through the image chooser, uploaded from the editor's computer.
    page.locator("[data-contentpath=listing_image] button[data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Đăng tải").click()
    modal.locator("input[type=file]").set_input_files(str(photo))
    modal.get_by_label("Tiêu đề").fill("Cầu đi bộ qua sông Tô Lịch")
    modal.locator("form[data-chooser-modal-creation-form] button[type=submit]").click()
    page.locator("[data-contentpath=listing_image] .chooser__title").wait_for()

    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url("**/admin/pages/*/")


#: The width of an image once the browser has it, waiting for its load event when it has not yet.
LOADED_WIDTH = """(img) => img.complete ? img.naturalWidth : new Promise((done) => {
    img.addEventListener("load", () => done(img.naturalWidth), {once: true});
    img.addEventListener("error", () => done(-1), {once: true});
})"""


def test_editor_logs_in_with_2fa_writes_publishes_and_sees_it_live(
    live_server, chromium_browser, editor, make_section, photo
):
    section = make_section("Thời sự")
    device = confirmed_device(editor)
    context = chromium_browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    watcher = Watcher(context)
    page = context.new_page()

    browser_log_in(page, live_server.url, "bientap", PASSWORD, device)
    try:
        _write_and_publish(page, live_server, section, photo)
    except Exception:
        # Where it stopped, for the one reading the failure (pytest keeps tmp_path).
        page.screenshot(path=str(photo.parent / "editor-journey.png"), full_page=True)
        raise

    from toasoan.articles.models import ArticlePage

    article = ArticlePage.objects.get(title=TITLE)
    assert article.live and article.listing_image is not None

    # A reader sees it live: title, lead, the paragraph and the photo.
    reader_context = chromium_browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    reader_watcher = Watcher(reader_context)
    reader = reader_context.new_page()
    # The section lists it with its photo (a rendition the browser has really loaded)…
    reader.goto(f"{live_server.url}{section.url}")
    item = reader.locator("article.item--with-image").filter(has_text=TITLE)
    thumbnail = item.locator(".item__image img")
    thumbnail.scroll_into_view_if_needed()
    # A lazy image is not part of the page's load event, which goto waited for: wait for its own
    # (an image that fails gives -1, a complete one its width at once).
    loaded_width = thumbnail.evaluate(LOADED_WIDTH)
    assert loaded_width == 480
    # …and the article page has the text.
    item.get_by_role("link", name=TITLE).click()
    reader.wait_for_url(f"{live_server.url}{article.url}")
    assert reader.locator("h1").first.inner_text().strip() == TITLE
    text = reader.locator("main").inner_text()
    assert LEAD in text and PARAGRAPH in text

    report = {
        "editor_console_errors": watcher.errors(),
        "editor_enforced_csp": watcher.enforced(),
        "reader_console_errors": reader_watcher.console_errors,
        "reader_csp": reader_watcher.csp,
    }
    print(json.dumps({**report, "admin_report_only": watcher.reported()}, ensure_ascii=False, indent=1))
    assert report == {
        "editor_console_errors": [],
        "editor_enforced_csp": [],
        "reader_console_errors": [],
        "reader_csp": [],
    }
    assert all(v["page"].startswith("/admin/") for v in watcher.reported())
    context.close()
    reader_context.close()
