"""Readers with disabilities in a real Chromium: the skip link first, the text-size and
high-contrast controls by keyboard and without JavaScript, the choice remembered across pages, no
overflow at 200 % zoom with large text, and axe-core (as test_reader_browser.py) with 0 serious or
critical violations on every page type, in normal and in high contrast."""

from __future__ import annotations

import pytest

from toasoan.demo import compliance, legal, pages
from toasoan.legal.models import LegalDocumentPage, LegalIndexPage
from toasoan.links.models import LinkIndexPage
from toasoan.operations.tests.test_reader_browser import AXE, axe_violations
from toasoan.sections.models import ContentPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FONT_SIZE = "parseFloat(getComputedStyle(document.querySelector('.site-main')).fontSize)"
TEXT_COLOUR = "getComputedStyle(document.body).color"
WIDTHS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
NAV_BACKGROUND = "getComputedStyle(document.querySelector('.site-nav')).backgroundColor"


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make install-dev` (npm ci installs axe-core)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def portal(home, make_section, make_article, settings):
    settings.COMMENTS_CAPTCHA_TEST_MODE = True
    pages.ensure_pages(home, None)
    compliance.ensure_roles(home, None)
    legal.ensure_registry(home, None)
    section = make_section("Thời sự", slug="thoi-su")
    article = make_article(
        section,
        "Huyện Hòa Phong khánh thành cầu Sông Hòa",
        published_at="08:00 05/12/2026",
        lead="Cây cầu dài 320 m nối hai bờ sông Hòa.",
    )
    article.tags.add("giao thông")
    article.save_revision().publish()
    return {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "tag": home.tag_path("giao-thong"),
        "search": "/tim-kiem/?q=cau+song+hoa",
        "content page": ContentPage.objects.get(slug=pages.ACCESSIBILITY_SLUG).url,
        "legal registry": LegalIndexPage.objects.get().url,
        "legal document": LegalDocumentPage.objects.live().order_by("pk").first().url,
        "links page": LinkIndexPage.objects.get().url,
        "comment form": f"/binh-luan/viet/{article.pk}/",
        "error page (404)": "/khong-co-trang-nay/",
    }


def _new_page(chromium_browser, **options):
    context = chromium_browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


def test_skip_link_then_the_controls_by_keyboard_and_the_choice_is_remembered(
    live_server, chromium_browser, portal
):
    context, page, errors = _new_page(chromium_browser)
    try:
        page.goto(live_server.url + portal["article"])
        normal_size, normal_colour = page.evaluate(FONT_SIZE), page.evaluate(TEXT_COLOUR)

        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Bỏ qua, đến nội dung chính"
        assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0  # visible on focus
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "co-chu-vua"
        focus_ring = "getComputedStyle(document.querySelector('label[for=co-chu-vua]')).outlineStyle"
        assert page.evaluate(focus_ring) == "solid"
        page.keyboard.press("ArrowRight")
        assert page.evaluate("document.activeElement.id") == "co-chu-lon"
        assert page.evaluate(FONT_SIZE) == pytest.approx(normal_size * 1.25)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "tuong-phan-cao"
        page.keyboard.press("Space")
        assert page.evaluate(TEXT_COLOUR) == "rgb(0, 0, 0)" != normal_colour
        page.keyboard.press("Enter")
        assert page.evaluate(TEXT_COLOUR) == normal_colour
        page.keyboard.press("Enter")
        assert page.evaluate(TEXT_COLOUR) == "rgb(0, 0, 0)"

        # The next page opens with the choice already applied, and the controls show it.
        page.goto(live_server.url + portal["home"])
        assert page.evaluate(FONT_SIZE) == pytest.approx(normal_size * 1.25)
        assert page.evaluate(TEXT_COLOUR) == "rgb(0, 0, 0)"
        assert page.is_checked("#co-chu-lon") and page.is_checked("#tuong-phan-cao")
        # Back to the middle size: the choice is dropped, not kept on <html>.
        page.click("label[for=co-chu-vua]")
        assert page.evaluate(FONT_SIZE) == pytest.approx(normal_size)
        assert page.evaluate("localStorage.getItem('toasoan:co-chu')") is None
        assert errors == []
    finally:
        context.close()


def test_the_controls_work_without_javascript(live_server, chromium_browser, portal):
    context, page, errors = _new_page(chromium_browser, java_script_enabled=False)
    try:
        page.goto(live_server.url + portal["content page"])
        normal_size = page.evaluate(FONT_SIZE)
        normal = (page.evaluate(TEXT_COLOUR), page.evaluate(NAV_BACKGROUND))
        assert page.evaluate("document.documentElement.dataset.coChu") is None  # no script ran
        page.click("label[for=co-chu-lon]")
        assert page.evaluate(FONT_SIZE) == pytest.approx(normal_size * 1.25)
        page.click("label[for=co-chu-nho]")
        assert page.evaluate(FONT_SIZE) == pytest.approx(normal_size * 0.875)
        page.click("label[for=tuong-phan-cao]")
        high = (page.evaluate(TEXT_COLOUR), page.evaluate(NAV_BACKGROUND))
        assert high == ("rgb(0, 0, 0)", "rgb(0, 37, 79)") and high != normal
        # By keyboard too: Space toggles the checkbox without any script.
        page.focus("#tuong-phan-cao")
        page.keyboard.press("Space")
        assert (page.evaluate(TEXT_COLOUR), page.evaluate(NAV_BACKGROUND)) == normal
        assert errors == []
    finally:
        context.close()


def test_large_text_at_200_percent_zoom_does_not_overflow(live_server, chromium_browser, portal):
    # 200 % zoom of a 1280 px window is a 640 px wide layout; large text on top of it.
    context, page, errors = _new_page(chromium_browser, viewport={"width": 640, "height": 900})
    try:
        page.goto(live_server.url + "/")
        page.click("label[for=co-chu-lon]")
        overflowing = {}
        for name, url in portal.items():
            page.goto(live_server.url + url)
            width = page.evaluate(WIDTHS)
            if width[0] > width[1]:
                overflowing[name] = width
        assert overflowing == {}
        assert page.evaluate("document.documentElement.dataset.coChu") == "lon"
        assert [error for error in errors if "404" not in error] == []
    finally:
        context.close()


def test_every_page_type_passes_axe_in_normal_and_high_contrast(live_server, chromium_browser, axe, portal):
    context, page, errors = _new_page(chromium_browser)
    try:
        found: dict[str, list[str]] = {}
        for mode in ("normal", "high contrast"):
            if mode == "high contrast":
                page.click("label[for=tuong-phan-cao]")
            for name, url in portal.items():
                response = page.goto(live_server.url + url)
                expected = 404 if name.startswith("error") else 200
                assert response.status == expected, f"{name}: {url} answered {response.status}"
                found[f"{name}, {mode}"] = axe_violations(page, axe)
            colour = "rgb(0, 0, 0)" if mode == "high contrast" else "rgb(27, 31, 36)"
            assert page.evaluate(TEXT_COLOUR) == colour
        assert {name: violations for name, violations in found.items() if violations} == {}
        assert len(found) == 2 * len(portal) == 22
        assert [error for error in errors if "404" not in error] == []
    finally:
        context.close()
