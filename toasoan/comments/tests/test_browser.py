"""A reader comments in a real Chromium; a moderator approves and replies in the Wagtail admin.

Playwright drives Debian's Chromium (`/usr/bin/chromium`, installed by `.ci/run`); never a
downloaded browser. The captcha runs in its test mode (answer PASSED) for these tests only.
"""

from __future__ import annotations

import re

import pytest

from toasoan.accounts.testing import browser_log_in, confirmed_device
from toasoan.comments.models import Comment, CommentStatus

from .test_display import article_page_with_comments  # noqa: F401 (fixture)

# The live server needs committed data; serialized_rollback puts back what migrations created
# (the default site, its home page, the groups) for the tests that run after these.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chromium(chromium_browser):
    """The session's Chromium (conftest.py); the contexts a test opens are closed after it."""
    before = set(chromium_browser.contexts)
    yield chromium_browser
    for context in set(chromium_browser.contexts) - before:  # the browser outlives this test
        context.close()


@pytest.fixture
def test_mode(settings):
    """The captcha answers PASSED, and a form may be sent at once (test_form.py checks the delay)."""
    settings.COMMENTS_CAPTCHA_TEST_MODE = True
    settings.COMMENTS_FORM_MIN_SECONDS = 0


def _watch_errors(page) -> list[str]:
    """Script errors, and failed answers from the comments' own URLs (other apps have their tests)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def check(response) -> None:
        if "/binh-luan/" in response.url and response.status >= 400:
            errors.append(f"{response.status} {response.url}")

    page.on("response", check)
    return errors


def test_reader_comments_and_moderator_approves_with_a_reply(
    live_server,
    chromium,
    test_mode,
    article,
    moderator,
    article_page_with_comments,  # noqa: F811
):
    device = confirmed_device(moderator)
    reader = chromium.new_context(locale="vi-VN")
    page = reader.new_page()
    errors = _watch_errors(page)
    page.goto(f"{live_server.url}{article.url}")
    assert page.locator("#binh-luan form").count() == 0  # the cached page carries no form

    # "Viết bình luận" loads the form in place, focus on the first field.
    page.get_by_role("link", name="Viết bình luận").click()
    page.wait_for_selector("#id_name")
    assert page.evaluate("document.activeElement.id") == "id_name"
    page.get_by_label("Họ tên", exact=True).fill("Nguyễn Thị Bạn Đọc")
    page.get_by_label("Số điện thoại", exact=True).fill("0912 345 678")
    page.get_by_label("Tôi đồng ý").check()
    page.get_by_label("Tiêu đề", exact=True).fill("Đề nghị mở rộng đường")
    page.get_by_label("Nội dung", exact=True).fill("Đoạn đường trước chợ thường ngập.\nMong quận sớm xử lý.")

    # "Lấy lại mã bảo mật": a new image, nothing typed is lost.
    image = page.locator("img.captcha__image")
    before = image.get_attribute("src")
    page.get_by_role("button", name="Lấy lại mã bảo mật").click()
    page.wait_for_function(
        "(before) => document.querySelector('img.captcha__image').getAttribute('src') !== before", arg=before
    )
    assert page.get_by_label("Họ tên", exact=True).input_value() == "Nguyễn Thị Bạn Đọc"
    assert page.get_by_label("Nội dung", exact=True).input_value().endswith("Mong quận sớm xử lý.")
    assert page.evaluate("document.activeElement.id") == "id_captcha"
    key = page.locator("input[name=captcha_key]").input_value()
    assert key in image.get_attribute("src")

    page.get_by_label("Mã xác nhận", exact=True).fill("PASSED")
    page.get_by_role("button", name="Gửi bình luận", exact=True).last.click()
    page.wait_for_selector("text=đang chờ kiểm duyệt")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"

    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.phone == "+84912345678"
    page.reload()
    assert "Đề nghị mở rộng đường" not in page.content()  # not public before approval

    # The moderator, in the Wagtail admin.
    admin = chromium.new_context(locale="vi-VN").new_page()
    admin_errors = _watch_errors(admin)
    browser_log_in(admin, live_server.url, "kiemduyet", "mat-khau-kiem-duyet", device)
    admin.goto(f"{live_server.url}/admin/binh-luan/")
    admin.get_by_role("link", name="Đề nghị mở rộng đường").click()
    admin.wait_for_selector("textarea[name=reply_text]")
    admin.fill("textarea[name=reply_text]", "Ban biên tập đã chuyển ý kiến tới UBND phường.")
    admin.get_by_role("button", name="Lưu trả lời").click()
    admin.wait_for_selector("text=Đã lưu trả lời của Ban biên tập")
    admin.get_by_role("button", name="Duyệt", exact=True).click()
    admin.wait_for_selector("text=Đã duyệt 1 bình luận")

    page.reload()
    comment_item = page.locator(".comment").first
    comment_item.wait_for()
    text = comment_item.inner_text()
    assert "Đề nghị mở rộng đường" in text and "Nguyễn Thị Bạn Đọc" in text
    assert "Mong quận sớm xử lý." in text
    assert "Trả lời của Ban biên tập" in text and "chuyển ý kiến tới UBND phường" in text
    assert "0912" not in page.content()
    assert errors == [] and admin_errors == []


def test_reader_without_javascript(live_server, chromium, test_mode, article, article_page_with_comments):  # noqa: F811
    page = chromium.new_context(java_script_enabled=False, locale="vi-VN").new_page()
    page.goto(f"{live_server.url}{article.url}")
    page.get_by_role("link", name="Viết bình luận").click()
    page.wait_for_url(re.compile(rf"/binh-luan/viet/{article.pk}/$"))
    page.get_by_label("Họ tên", exact=True).fill("Trần Văn Không Script")
    page.get_by_label("Tiêu đề", exact=True).fill("Không cần JavaScript")
    page.get_by_label("Nội dung", exact=True).fill("Vẫn gửi được.")
    key = page.locator("input[name=captcha_key]").input_value()
    page.get_by_role("button", name="Lấy lại mã bảo mật").click()  # posts the form, keeps the text
    page.wait_for_selector("text=Đã lấy mã xác nhận mới")
    assert page.locator("input[name=captcha_key]").input_value() != key
    assert page.get_by_label("Họ tên", exact=True).input_value() == "Trần Văn Không Script"
    page.get_by_label("Mã xác nhận", exact=True).fill("PASSED")
    page.get_by_role("button", name="Gửi bình luận", exact=True).last.click()
    page.wait_for_url(re.compile(rf"/binh-luan/da-gui/{article.pk}/$"))
    assert "đang chờ kiểm duyệt" in page.content()
    assert Comment.objects.get().title == "Không cần JavaScript"
