"""Hỏi đáp in a real Chromium: a reader asks (captcha in its test mode), a handler answers and
publishes in the Wagtail admin, the reader sees the answer; the form by keyboard alone; axe-core
on the list, a question's page and the form showing its errors (0 serious or critical).

Playwright drives Debian's Chromium (conftest.py's `chromium_browser`); never a downloaded browser.
"""

from __future__ import annotations

import re

import pytest

from toasoan.accounts.testing import browser_log_in, confirmed_device
from toasoan.demo import questions as demo_questions
from toasoan.operations.tests.test_reader_browser import AXE, axe_violations, tab_to
from toasoan.questions.models import Question, QuestionIndexPage, QuestionStatus

# The live server needs committed data; serialized_rollback puts back what migrations created.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make install-dev` (npm ci installs axe-core)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def chromium(chromium_browser):
    before = set(chromium_browser.contexts)
    yield chromium_browser
    for context in set(chromium_browser.contexts) - before:
        context.close()


@pytest.fixture
def test_mode(settings):
    """The captcha answers PASSED, and a form may be sent at once (test_form.py checks the rest)."""
    settings.COMMENTS_CAPTCHA_TEST_MODE = True
    settings.COMMENTS_FORM_MIN_SECONDS = 0


def _watch(page, allowed: tuple[str, ...] = ()) -> list[str]:
    """Script errors and failed answers, except the form's own 400 (its errors are the point)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def check(response) -> None:
        if response.status >= 400 and not any(response.url.endswith(path) for path in allowed):
            errors.append(f"{response.status} {response.url}")

    page.on("response", check)
    return errors


def test_a_reader_asks_a_handler_answers_and_the_reader_sees_it(
    live_server, chromium, test_mode, index, handler
):
    device = confirmed_device(handler)
    page = chromium.new_context(locale="vi-VN").new_page()
    errors = _watch(page)
    page.goto(f"{live_server.url}{index.url}")
    page.get_by_role("link", name="Đặt câu hỏi").first.click()
    page.wait_for_url(re.compile(r"/hoi-dap/dat-cau-hoi/$"))
    page.get_by_label("Họ tên", exact=True).fill("Phan Thị Người Hỏi")
    page.get_by_label("Thư điện tử", exact=True).fill("nguoihoi@example.vn")
    page.get_by_label("Lĩnh vực", exact=True).select_option(label="Hộ tịch")
    page.get_by_label("Tiêu đề", exact=True).fill("Làm giấy xác nhận tình trạng hôn nhân ở đâu")
    page.get_by_label("Nội dung câu hỏi", exact=True).fill("Tôi cần giấy này để mua nhà.\nXin cảm ơn.")
    page.locator("#id_consent").check()
    page.get_by_label("Mã xác nhận", exact=True).fill("PASSED")
    page.get_by_role("button", name="Gửi câu hỏi", exact=True).last.click()
    page.wait_for_url(re.compile(r"/hoi-dap/da-gui/$"))
    assert "Câu hỏi của bạn đã được tiếp nhận" in page.content()
    question = Question.objects.get()
    assert question.status == QuestionStatus.NEW and question.email == "nguoihoi@example.vn"

    admin = chromium.new_context(locale="vi-VN").new_page()
    admin_errors = _watch(admin)
    browser_log_in(admin, live_server.url, "traloi", "mat-khau-traloi", device)
    admin.goto(f"{live_server.url}/admin/hoi-dap/", wait_until="domcontentloaded")
    admin.get_by_role("link", name="Làm giấy xác nhận tình trạng hôn nhân ở đâu").click()
    admin.wait_for_selector("textarea[name=answer]")
    admin.fill("textarea[name=answer]", "Anh chị đến UBND xã nơi thường trú, mang theo căn cước.")
    admin.fill("input[name=answerer_name]", "Lê Văn Toàn")
    admin.get_by_role("button", name="Lưu câu trả lời").click()
    admin.wait_for_selector("text=Đã công bố câu hỏi và câu trả lời.")

    page.goto(f"{live_server.url}{index.url}")
    # The reader saw this list moments ago, and a browser may reuse a public page for
    # BROWSER_MAX_AGE seconds (docs/caching.md): on a fast machine it did. A reload asks again.
    page.reload()
    page.get_by_role("link", name="Làm giấy xác nhận tình trạng hôn nhân ở đâu").click()
    page.wait_for_url(re.compile(rf"/hoi-dap/{question.pk}/$"))
    text = page.locator("main").inner_text()
    assert "Anh chị đến UBND xã nơi thường trú, mang theo căn cước." in text
    assert "P. T. N. H." in text and "nguoihoi@example.vn" not in page.content()
    assert errors == [] and admin_errors == []


def test_the_form_by_keyboard_alone_and_axe_on_every_page(live_server, browser_page, axe, test_mode, home):
    demo_questions.ensure_questions(home, None)
    index = QuestionIndexPage.objects.get()
    answered = Question.objects.filter(is_published=True).order_by("pk").first()
    page = browser_page
    errors = _watch(page, allowed=("/hoi-dap/dat-cau-hoi/",))
    found: dict[str, list[str]] = {}

    page.goto(f"{live_server.url}{index.url}")
    found["list"] = axe_violations(page, axe)
    page.goto(f"{live_server.url}{index.url}?q=dang+ky+khai+sinh")
    assert page.get_by_role("link", name="Đăng ký khai sinh cho con sinh ở tỉnh khác").count() == 1
    found["search"] = axe_violations(page, axe)
    page.goto(f"{live_server.url}{index.url}{answered.pk}/")
    found["question"] = axe_violations(page, axe)

    # From the list to the form and through it, by keyboard only.
    page.goto(f"{live_server.url}{index.url}")
    tab_to(page, "a.button[href$='/dat-cau-hoi/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    found["form"] = axe_violations(page, axe)
    tab_to(page, "#id_name")
    page.keyboard.type("Đinh Văn Bàn Phím")
    tab_to(page, "#id_email", limit=4)
    page.keyboard.type("banphim@example.vn")
    tab_to(page, "#id_content", limit=8)  # past phone, address, topic and the title, left empty
    page.keyboard.type("Hỏi bằng bàn phím.")
    tab_to(page, "#id_consent", limit=6)
    page.keyboard.press("Space")
    tab_to(page, "#id_captcha", limit=4)
    page.keyboard.type("PASSED")
    tab_to(page, ".comment-form__actions button[type=submit]", limit=6)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Vui lòng nhập tiêu đề câu hỏi." in page.content()
    assert page.get_by_label("Họ tên", exact=True).input_value() == "Đinh Văn Bàn Phím"
    found["form with errors"] = axe_violations(page, axe)

    tab_to(page, "#id_title", limit=40)
    page.keyboard.type("Câu hỏi gửi bằng bàn phím")
    tab_to(page, "#id_consent", limit=8)
    if not page.locator("#id_consent").is_checked():
        page.keyboard.press("Space")
    tab_to(page, "#id_captcha", limit=4)
    page.keyboard.type("PASSED")
    tab_to(page, ".comment-form__actions button[type=submit]", limit=6)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/hoi-dap/da-gui/")
    assert Question.objects.filter(title="Câu hỏi gửi bằng bàn phím").exists()

    assert {name: violations for name, violations in found.items() if violations} == {}
    assert errors == []
    # The one console line is Chromium noting the form's own 400 (sent back with its errors).
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
