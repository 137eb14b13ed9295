"""What a reader sees in a real Chromium: the sections bar on a phone, the print button, "Đọc nhiều".

Replays issue #17 (7): on a phone the sections bar was cut at "Văn hóa -" with nothing saying it
scrolls; the print page told phone readers to press Ctrl+P; the most-read box was a bare list of
blue links.
"""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from PIL import Image as PILImage

from toasoan.analytics.services import counter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SECTIONS = ("Thời sự", "Chính quyền", "Kinh tế", "Văn hóa - Xã hội", "Giáo dục", "Y tế", "Thể thao")
BLUE = (11, 77, 162)


@pytest.fixture
def portal(home, make_section, make_article):
    sections = [make_section(title) for title in SECTIONS]
    articles = [make_article(sections[0], f"Bài đọc nhiều số {index}") for index in range(3)]
    for rank, article in enumerate(articles):
        counter.counter().incr(article.pk, timezone.localdate(), 30 - rank)
    counter.flush()
    return {"sections": sections, "articles": articles}


PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def _context(chromium_browser, **options):
    """A browser context and the errors its pages report (console, failed requests)."""
    context = chromium_browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
    errors: list[str] = []

    def watch(page) -> None:
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("response", lambda response: errors.append(response.url) if response.status >= 400 else None)

    context.on("page", watch)
    return context, errors


def _pixel(page, x: float, y: float) -> tuple[int, int, int]:
    shot = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    with PILImage.open(io.BytesIO(shot)) as image:
        return image.convert("RGB").getpixel((0, 0))


def _darker(colour: tuple[int, int, int]) -> bool:
    return sum(colour) < sum(BLUE) - 40


def test_sections_bar_on_a_phone_shows_that_it_scrolls(live_server, chromium_browser, portal):
    context, errors = _context(chromium_browser, **PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    bar = page.locator(".site-nav__list")
    box = bar.bounding_box()
    assert bar.evaluate("(list) => list.scrollWidth > list.clientWidth")
    top = box["y"] + 2  # above the links' text, in their padding
    left, right = box["x"] + 2, box["x"] + box["width"] - 2
    # At the start: a shade at the right edge says more sections wait there.
    assert _darker(_pixel(page, right, top))
    # Scrolled a little: sections wait both ways.
    bar.evaluate("(list) => { list.scrollLeft = 40; }")
    assert _darker(_pixel(page, left, top)) and _darker(_pixel(page, right, top))
    # Scrolled to the end: only the left edge is shaded.
    bar.evaluate("(list) => { list.scrollLeft = list.scrollWidth; }")
    assert not _darker(_pixel(page, right, top))
    assert _darker(_pixel(page, left, top))
    assert page.get_by_role("link", name="Thể thao").is_visible()
    assert not errors
    context.close()


def test_print_page_has_a_print_button_on_a_phone(live_server, chromium_browser, portal):
    context, errors = _context(chromium_browser, **PHONE)
    context.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; }")
    page = context.new_page()
    page.goto(f"{live_server.url}{portal['articles'][0].url}in/")
    button = page.get_by_role("button", name="In bài viết")
    button.wait_for(state="visible")
    assert not page.locator(".print-page__keys").is_visible()  # no Ctrl+P on a phone
    button.click()
    assert page.evaluate("() => window.__printed") == 1
    assert not errors  # the Content Security Policy let the script run: no violation logged
    context.close()

    desktop, desktop_errors = _context(chromium_browser, viewport={"width": 1280, "height": 800})
    page = desktop.new_page()
    page.goto(f"{live_server.url}{portal['articles'][0].url}in/")
    assert page.locator(".print-page__keys").is_visible()
    assert page.get_by_role("button", name="In bài viết").is_visible()
    assert not desktop_errors
    desktop.close()


def test_most_read_is_a_styled_box_of_numbered_links(live_server, chromium_browser, portal):
    context, errors = _context(chromium_browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    box = page.locator(".most-read")
    box.wait_for()
    style = box.evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert style == "rgb(243, 246, 250)"
    link = page.locator(".most-read__list a").first
    assert link.inner_text() == "Bài đọc nhiều số 0"
    assert link.evaluate("(el) => getComputedStyle(el).color") == "rgb(27, 31, 36)"
    assert link.evaluate("(el) => getComputedStyle(el).textDecorationLine") == "none"
    item = page.locator(".most-read__list > li").first
    assert item.evaluate("(el) => getComputedStyle(el).listStyleType") == "none"
    assert item.evaluate("(el) => getComputedStyle(el, '::before').content") == "counter(most-read)" or (
        item.evaluate("(el) => getComputedStyle(el, '::before').backgroundColor") == "rgb(11, 77, 162)"
    )
    assert not errors
    context.close()
