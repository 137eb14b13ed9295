"""The reader's journey in a real Chromium, by keyboard alone, checked by axe-core on every page.

home → search typed without diacritics (Tab to the box, type, Enter) → section → article →
comment (Tab through the form, captcha in its test mode, submit) — with 0 console errors, 0
page errors, and axe-core reporting 0 serious or critical violations on the home, section,
article and search pages and on the comment form (in the article page and on its own page).

axe-core comes from the npm registry (package.json, `make install-dev` runs `npm ci`). It is
injected with `page.evaluate(<axe.min.js>)`: DevTools' Runtime.evaluate, which the page's
Content-Security-Policy does not govern (unlike a <script> tag or eval()), so the check keeps
working under the strict CSP of the hardening branch without bypassing that CSP for the pages
themselves: `test_axe_injection_survives_a_strict_csp` proves it with `script-src 'none'`.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from toasoan.comments.models import Comment

REPO = Path(__file__).resolve().parents[3]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: run `make install-dev` (npm ci installs axe-core from package-lock.json)"
        )
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, source: str, context: str | None = None) -> list[str]:
    """Serious and critical violations on the page as it is now (or inside `context`)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(source)  # Runtime.evaluate: not subject to the page's CSP
    result = page.evaluate(
        """async (context) => {
            const found = await axe.run(context ? document.querySelector(context) : document, {
                resultTypes: ["violations"],
            });
            return found.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
            }));
        }""",
        context,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in result if v["impact"] in BLOCKING
    ]


def tab_to(page, selector: str, limit: int = 60) -> int:
    """Press Tab until the element matching `selector` has the focus; returns the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} never got the focus in {limit} Tab presses")


@pytest.fixture
def newsroom(make_section, make_article, settings):
    settings.COMMENTS_CAPTCHA_TEST_MODE = True
    settings.COMMENTS_FORM_MIN_SECONDS = 0  # a keyboard is fast; the 3 s rule has its own tests
    section = make_section("Giao thông")
    make_section("Thời sự")
    article = make_article(
        section,
        "Hà Nội khởi công đường vành đai 4",
        published_at="08:00 16/09/2025",
        lead="Tuyến đường vành đai 4 dài 112 km đi qua Hà Nội, Hưng Yên và Bắc Ninh.",
    )
    article.tags.add("giao thông")
    article.save_revision().publish()
    for index in range(3):
        make_article(section, f"Tin giao thông số {index + 1}", published_at=f"0{index + 1}:00 15/09/2025")
    return section, article


def test_reader_journey_by_keyboard_with_axe(live_server, browser_page, axe_source, newsroom):
    section, article = newsroom
    page = browser_page
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    failed_requests: list[str] = []
    page.on("response", lambda r: failed_requests.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    axe: dict[str, list[str]] = {}

    page.goto(f"{live_server.url}/")
    assert page.get_by_role("link", name="Giao thông").count() >= 1
    axe["home"] = axe_violations(page, axe_source)

    # Search by keyboard, typed without diacritics.
    assert tab_to(page, "#tim-kiem-q") <= 5
    page.keyboard.type("duong vanh dai")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/tim-kiem/\?q=duong\+vanh\+dai$", page.url)
    assert page.get_by_role("link", name="Hà Nội khởi công đường vành đai 4").count() == 1
    # The words typed bare are marked as written, with their diacritics.
    assert "đường vành đai" in page.locator("mark").all_inner_texts()
    axe["search"] = axe_violations(page, axe_source)

    # The section, from the header's navigation, by keyboard.
    tab_to(page, f'.site-nav a[href="{section.url}"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(section.url)
    axe["section"] = axe_violations(page, axe_source)

    # The article, by keyboard from the section's list.
    tab_to(page, f'main a[href="{article.url}"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(article.url)
    axe["article"] = axe_violations(page, axe_source)

    # "Viết bình luận": the form loads in place, focus on its first field.
    tab_to(page, "a[data-comment-write]", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_name")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_name'")
    axe["comment form (in the article)"] = axe_violations(page, axe_source, "#binh-luan")

    page.keyboard.type("Lê Thị Bạn Đọc")
    tab_to(page, "#id_title", limit=6)  # past the phone number and its consent, left empty
    page.keyboard.type("Mong sớm hoàn thành")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_content"
    page.keyboard.type("Tuyến đường rất cần cho người dân ngoại thành.")
    tab_to(page, "#id_captcha", limit=4)
    page.keyboard.type("PASSED")
    tab_to(page, ".comment-form__actions button[type=submit]", limit=8)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=đang chờ kiểm duyệt")

    comment = Comment.objects.get()
    assert (comment.name, comment.title, comment.status) == (
        "Lê Thị Bạn Đọc",
        "Mong sớm hoàn thành",
        "pending",
    )

    # The form's own page (readers without JavaScript land there).
    page.goto(f"{live_server.url}/binh-luan/viet/{article.pk}/")
    axe["comment form (its page)"] = axe_violations(page, axe_source)

    assert {name: found for name, found in axe.items() if found} == {}
    assert len(axe) == 6
    assert page.console_errors == [] and page_errors == []
    assert failed_requests == []


def test_axe_injection_survives_a_strict_csp(live_server, browser_page, axe_source, newsroom):
    """The strictest policy there is: no script at all may load. axe still runs (see the docstring)."""
    page = browser_page

    def strict(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": "default-src 'self'; script-src 'none'"}
        route.fulfill(response=response, headers=headers)

    page.route(f"{live_server.url}/", strict)
    page.goto(f"{live_server.url}/")
    # The policy is in force: a <script> tag, the usual way to inject axe, does not run.
    with contextlib.suppress(PlaywrightError):
        page.add_script_tag(content="window.__injected = true;")
    assert page.evaluate("window.__injected === undefined")
    assert any("Content Security Policy" in error for error in page.console_errors)
    assert page.evaluate("typeof window.axe") == "undefined"
    assert axe_violations(page, axe_source) == []
    assert page.evaluate("typeof window.axe.run") == "function"
