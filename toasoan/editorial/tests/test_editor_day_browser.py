"""An editor's day in a real Chromium, every screen in Vietnamese (docs/editorial.md).

The managing editor ("Thư ký tòa soạn") mistypes the password, logs in with password and
authenticator code, writes an article with a photo, saves it and watches it in the preview panel
while the checks panel counts its words; schedules it a minute ahead and sees it go live (the
publishing service runs on a moved clock: nothing waits for time to pass); publishes a second
article after a slug clash; saves a draft and reads the history; approves a reader's comment and
answers it. On every screen on the way the visible text, `aria-label`, `title` and `placeholder`
must hold none of Wagtail's or Django's English messages (english_on_screen), and no frame may
break the Content Security Policy. A screenshot of every step is saved, its path printed.
"""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from toasoan import vntext
from toasoan.accounts.testing import confirmed_device, fresh_code

from .english_on_screen import COLLECT_SCRIPT, Finding, find_english

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mat-khau-thu-nghiem"  # the newsroom fixture's
SCHEDULED_TITLE = "Hà Nội khánh thành cầu đi bộ qua sông Tô Lịch"
SCHEDULED_LEAD = "Sáng nay, cây cầu đi bộ đầu tiên qua sông Tô Lịch đã được đưa vào sử dụng."
PARAGRAPH = "Cầu dài 40 mét, rộng 3 mét, có lối đi cho xe lăn ở cả hai đầu."
PUBLISHED_TITLE = "Giá xăng giảm lần thứ ba liên tiếp"
PUBLISHED_LEAD = "Giá xăng E5 RON 92 giảm 320 đồng mỗi lít từ 15 giờ chiều nay."
TAKEN_SLUG = "gia-xang-giam"
QUESTION = "Giá mới áp dụng từ mấy giờ?"
REPLY = "Giá mới áp dụng từ 15 giờ chiều nay."
TIMEOUT = 60_000

WATCH_CSP = """
document.addEventListener('securitypolicyviolation', (event) => {
  if (event.disposition === 'enforce') {
    window.__reportCsp(`${document.location.pathname}: ${event.effectiveDirective} ${event.blockedURI}`);
  }
});
"""


class Day:
    """The editor's browser page, what was English on the screens seen, and their screenshots."""

    def __init__(self, context, base_url: str, folder: Path) -> None:
        self.base_url = base_url
        self.folder = folder
        self.findings: list[Finding] = []
        self.csp_violations: list[str] = []
        self.console_errors: list[str] = []
        self.failed_responses: list[str] = []
        self.late_autosaves = 0
        self.shots = 0
        # Every frame, the preview panel's included.
        context.expose_binding("__reportCsp", lambda source, text: self.csp_violations.append(text))
        context.add_init_script(WATCH_CSP)
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("response", self._response)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))

    def _console(self, message) -> None:
        # The admin's strict policy is report-only (docs/security.md): its reports are not errors.
        if message.type == "error" and not message.text.startswith("[Report Only]"):
            self.console_errors.append(message.text)

    def _response(self, response) -> None:
        if response.status < 400:
            return
        request = response.request
        # Wagtail autosaves the edit form (a JSON POST) half a second after a change. When the
        # editor's own save is still running then, the autosave reaches the server after it and
        # is refused as out of date: the editor's save already holds the text, and whether this
        # happens depends on how fast the server answers. Anything else that fails is an error.
        autosave = request.method == "POST" and "application/json" in request.headers.get("accept", "")
        if autosave and response.status == 400 and response.url.endswith("/edit/"):
            self.late_autosaves += 1
        else:
            self.failed_responses.append(f"{response.status} {request.method} {response.url}")

    def unexplained_console_errors(self) -> list[str]:
        """Console errors, less the browser's one line for each late autosave refused."""
        errors, refused = [], self.late_autosaves
        for text in self.console_errors:
            if refused and text.startswith("Failed to load resource") and "status of 400" in text:
                refused -= 1
            else:
                errors.append(text)
        return errors

    def goto(self, path: str) -> None:
        self.page.goto(f"{self.base_url}{path}", wait_until="domcontentloaded")

    def look(self, screen: str) -> None:
        """Check the screen as it is now for English, and keep a picture of it."""
        self.findings += find_english(screen, self.page.evaluate(COLLECT_SCRIPT))
        self.shots += 1
        shot = self.folder / f"{self.shots:02d}-{vntext.slugify(screen)}.png"
        self.page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot: {shot}")

    def messages(self) -> str:
        return " ".join(self.page.locator(".messages").first.text_content().split())

    def wait_for_message(self, text: str) -> None:
        """Until the page the last action led to says `text` (the URL alone may not have changed)."""
        self.page.locator(".messages", has_text=text).first.wait_for(timeout=TIMEOUT)


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


def _log_in(day: Day, user, device) -> None:
    page = day.page
    day.goto("/admin/login/")
    day.look("đăng nhập")
    assert page.locator("label[for=id_password]").text_content().split() == ["Mật", "khẩu*"]
    assert page.locator("#id_username").get_attribute("placeholder") == "Nhập tên đăng nhập"
    page.fill("#id_username", user.username)
    page.fill("#id_password", "sai-mat-khau")
    page.locator("form button[type=submit]").first.click()
    page.locator(".messages .error").wait_for(timeout=TIMEOUT)
    day.look("đăng nhập sai mật khẩu")
    assert day.messages() == "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại."

    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/tai-khoan/xac-thuc/**", wait_until="domcontentloaded", timeout=TIMEOUT)
    day.look("xác thực hai bước")
    page.fill("#id_code", fresh_code(device))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{day.base_url}/admin/", wait_until="domcontentloaded", timeout=TIMEOUT)
    day.look("bảng điều khiển")
    # No way out to Wagtail's English guides: not on the dashboard, not in the help menu.
    assert page.locator("a[href*='guide.wagtail.org'], a[href*='docs.wagtail.org']").count() == 0


def _write_and_save(day: Day, section, photo: Path) -> None:
    page = day.page
    day.goto(f"/admin/pages/add/articles/articlepage/{section.pk}/")
    page.locator("#id_title").wait_for(timeout=TIMEOUT)
    day.look("viết bài mới")
    page.locator("#id_title").fill(SCHEDULED_TITLE)
    page.locator("#id_lead").fill(SCHEDULED_LEAD)
    page.locator("[data-contentpath=body] button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Đoạn văn").click()
    editor_box = page.locator("[data-contentpath=body] .public-DraftEditor-content").first
    editor_box.click()
    editor_box.type(PARAGRAPH)

    page.locator("[data-contentpath=listing_image] button[data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Đăng tải").click()
    day.look("chọn ảnh")
    modal.locator("input[type=file]").set_input_files(str(photo))
    modal.get_by_label("Tiêu đề").fill("Cầu đi bộ qua sông Tô Lịch")
    modal.locator("form[data-chooser-modal-creation-form] button[type=submit]").click()
    page.locator("[data-contentpath=listing_image] .chooser__title").wait_for(timeout=TIMEOUT)

    page.locator("footer button.action-save").click()
    page.wait_for_url("**/admin/pages/*/edit/", wait_until="domcontentloaded", timeout=TIMEOUT)
    day.look("đã lưu nháp")
    assert f"Đã tạo trang “{SCHEDULED_TITLE}”." in day.messages()


def _preview_and_checks(day: Day) -> str:
    """The preview panel shows the article; the checks panel reads it. Returns the word count."""
    page = day.page
    page.locator("[data-side-panel-toggle=preview]").click()
    frame = page.frame_locator("#w-preview-iframe")
    frame.locator("h1").first.wait_for(timeout=TIMEOUT)
    assert frame.locator("h1").first.inner_text().strip() == SCHEDULED_TITLE
    day.look("xem trước")
    page.locator("[data-side-panel-toggle=checks]").click()
    count = page.locator("[data-content-word-count]")
    page.wait_for_function(
        "() => /^[0-9]+$/.test(document.querySelector('[data-content-word-count]').textContent.trim())",
        timeout=TIMEOUT,
    )
    day.look("kiểm tra nội dung")
    return count.inner_text().strip()


def _schedule(day: Day, go_live: str) -> None:
    page = day.page
    page.locator("[data-side-panel-toggle=status]").click()
    page.locator("[data-a11y-dialog-show=schedule-publishing-dialog]").first.click()
    dialog = page.locator("#schedule-publishing-dialog")
    go_live_input = dialog.locator("#id_go_live_at")
    go_live_input.click()
    page.locator(".xdsoft_datetimepicker").filter(visible=True).first.wait_for(timeout=TIMEOUT)
    day.look("chọn ngày giờ")
    # The picker's own button, built by its script in English (hidden unless a page enables it).
    labels = page.eval_on_selector_all(
        ".xdsoft_save_selected", "(buttons) => buttons.map((b) => b.textContent)"
    )
    assert labels and set(labels) == {"Lưu lựa chọn"}
    go_live_input.fill(go_live)
    go_live_input.press("Tab")
    day.look("đặt lịch xuất bản")
    dialog.locator("button.action-save").click()
    day.wait_for_message(f"Đã cập nhật trang “{SCHEDULED_TITLE}”.")
    page.locator("[data-side-panel-toggle=status]").click()
    page.get_by_role("button", name="Sửa lịch đăng").wait_for(timeout=TIMEOUT)
    day.look("lịch đã đặt")
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    publish = page.locator("button[name=action-publish]")
    publish.wait_for(timeout=TIMEOUT)
    day.look("menu hẹn giờ xuất bản")
    # The button the schedule dialog tells the editor to press.
    assert publish.inner_text().strip() == "Hẹn giờ xuất bản"
    publish.click()
    page.wait_for_url("**/admin/pages/*/", wait_until="domcontentloaded", timeout=TIMEOUT)
    day.look("đã hẹn giờ xuất bản")
    assert f"Đã hẹn giờ xuất bản trang “{SCHEDULED_TITLE}”." in day.messages()


def _publish_after_a_slug_clash(day: Day, section) -> None:
    page = day.page
    day.goto(f"/admin/pages/add/articles/articlepage/{section.pk}/")
    # The title writes its own slug into the slug field a moment after it loses focus; the
    # editor's slug has to come after that, or the late copy overwrites it and nothing clashes.
    page.wait_for_function(
        "() => window.wagtail?.app?.getControllerForElementAndIdentifier("
        "document.querySelector('#id_title'), 'w-sync')",
        timeout=TIMEOUT,
    )
    page.locator("#id_title").fill(PUBLISHED_TITLE)
    page.locator("#id_lead").fill(PUBLISHED_LEAD)
    page.wait_for_function("() => document.querySelector('#id_slug').value !== ''", timeout=TIMEOUT)
    page.get_by_role("tab", name="Quảng bá").click()
    page.locator("#id_slug").fill(TAKEN_SLUG)
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    page.locator("button[name=action-publish]").click()
    page.locator(".messages .error").first.wait_for(timeout=TIMEOUT)
    day.look("lỗi trùng đường dẫn")
    assert day.messages().startswith("Chưa tạo được trang vì biểu mẫu có lỗi.")
    page.get_by_role("tab", name="Quảng bá").click()
    page.locator("#id_slug").wait_for(timeout=TIMEOUT)
    day.look("ô đường dẫn báo trùng")
    page.locator("#id_slug").fill(TAKEN_SLUG + "-lan-thu-ba")
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url("**/admin/pages/*/", wait_until="domcontentloaded", timeout=TIMEOUT)
    day.look("đã xuất bản")
    assert f"Đã tạo và xuất bản trang “{PUBLISHED_TITLE}”. Xem bản đang đăng Sửa" in day.messages()


def _save_a_draft_and_read_the_history(day: Day, article) -> str:
    page = day.page
    day.goto(f"/admin/pages/{article.pk}/edit/")
    page.locator("#id_lead").fill(PUBLISHED_LEAD.replace("320", "350"))
    page.locator("footer button.action-save").click()
    day.wait_for_message(f"Đã cập nhật trang “{PUBLISHED_TITLE}”.")
    day.goto(f"/admin/pages/{article.pk}/history/")
    page.locator("main table").first.wait_for(timeout=TIMEOUT)
    day.look("lịch sử bài")
    return " ".join(page.locator("main table").first.text_content().split())


def _answer_and_approve(day: Day, comment) -> None:
    page = day.page
    day.goto("/admin/binh-luan/")
    day.look("hàng chờ bình luận")
    day.goto(f"/admin/binh-luan/{comment.pk}/")
    page.locator("#id_reply_text").fill(REPLY)
    page.get_by_role("button", name="Lưu trả lời").click()
    day.wait_for_message("Đã lưu trả lời của Ban biên tập.")
    page.get_by_role("button", name="Duyệt", exact=True).click()
    day.wait_for_message("Đã duyệt 1 bình luận.")
    day.look("đã duyệt bình luận")


def _reader_sees(chromium_browser, url: str, *texts: str) -> str:
    """What a reader gets at `url`: its main heading, once every text is seen in the page."""
    context = chromium_browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    try:
        reader = context.new_page()
        response = reader.goto(url, wait_until="domcontentloaded")
        assert response.status == 200, url
        main = reader.locator("main").inner_text()
        assert [text for text in texts if text not in main] == [], url
        return reader.locator("h1").first.inner_text().strip()
    finally:
        context.close()


def test_editors_day_in_vietnamese(
    live_server, chromium_browser, newsroom, make_article, clock, photo, tmp_path, capsys
):
    from toasoan.articles.models import ArticlePage
    from toasoan.comments.models import Comment
    from toasoan.editorial.services import scheduling

    editor = newsroom.managing_editor
    device = confirmed_device(editor)
    section = newsroom.thoi_su
    make_article(section, "Giá xăng giảm", slug=TAKEN_SLUG)
    # `clock` holds the time still; the go-live minute is ahead of it however long the day takes.
    go_live = timezone.localtime(clock.now + timedelta(minutes=1)).strftime("%d/%m/%Y %H:%M")

    context = chromium_browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    folder = tmp_path / "screens"
    folder.mkdir()
    day = Day(context, live_server.url, folder)
    try:
        _log_in(day, editor, device)
        _write_and_save(day, section, photo)
        words = _preview_and_checks(day)
        _schedule(day, go_live)
        scheduled = ArticlePage.objects.get(title=SCHEDULED_TITLE)
        assert not scheduled.live

        clock.advance(minutes=2)
        assert len(scheduling.publish_due().published) == 1
        scheduled.refresh_from_db()
        assert scheduled.live
        assert _reader_sees(chromium_browser, live_server.url + scheduled.url, PARAGRAPH) == SCHEDULED_TITLE

        _publish_after_a_slug_clash(day, section)
        published = ArticlePage.objects.get(title=PUBLISHED_TITLE)
        assert published.live and published.slug == TAKEN_SLUG + "-lan-thu-ba"
        history = _save_a_draft_and_read_the_history(day, published)
        assert "Đã lưu nháp Bản nháp hiện tại" in history

        comment = Comment.objects.create(
            page=published, name="Trần Thị Bình", title="Xin hỏi", content=QUESTION
        )
        _answer_and_approve(day, comment)
        comment.refresh_from_db()
        assert comment.status == "approved" and comment.reply_text == REPLY
        _reader_sees(chromium_browser, live_server.url + published.url, QUESTION, REPLY)
    except Exception:
        day.page.screenshot(path=str(folder / "failure.png"), full_page=True)
        print(f"screenshot: {folder / 'failure.png'}")
        raise
    finally:
        print("\n".join(finding.line() for finding in day.findings))
        context.close()
        with capsys.disabled():  # where the pictures are, whatever the outcome
            print(f"\n{day.shots} screenshots of the editor's day: {folder}")
    assert int(words) >= 20
    assert not day.findings, "\n".join(finding.line() for finding in day.findings)
    assert (day.csp_violations, day.failed_responses, day.unexplained_console_errors()) == ([], [], [])
