"""The chart by keyboard alone in a real Chromium: Tab from the top of the page reaches the units'
links and a person's vCard link, each with a visible focus, and the link works."""

from __future__ import annotations

import pytest

from toasoan.operations.tests.test_reader_browser import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOCUS_STYLE = """() => {
    const style = getComputedStyle(document.activeElement);
    return {
        visible: document.activeElement.matches(":focus-visible"),
        background: style.backgroundColor,
        shadow: style.boxShadow,
    };
}"""


def assert_visible_focus(page) -> None:
    """The site's focus band on a link: yellow (--focus) with a dark edge below."""
    style = page.evaluate(FOCUS_STYLE)
    assert style["visible"] and style["background"] == "rgb(255, 221, 0)", style
    assert style["shadow"] != "none", style


def test_tab_from_the_top_reaches_the_units_and_a_vcard_with_a_visible_focus(
    live_server, browser_page, structure, organisation
):
    page = browser_page
    page.goto(f"{live_server.url}{organisation.url}")
    office = structure["office"]
    minh = office.people.get(name="Lê Quang Minh")
    unit_link = f'.org-chart a[href="{office.url}"]'
    vcard_link = f'.org-chart a[href="{office.url}danh-thiep/{minh.pk}/"]'
    tab_to(page, unit_link)
    assert_visible_focus(page)
    assert page.evaluate("document.activeElement.textContent") == "Văn phòng HĐND và UBND"
    tab_to(page, vcard_link, limit=20)  # further on, in the same unit's box
    assert_visible_focus(page)
    # Its accessible name says whose card it is.
    assert page.evaluate("document.activeElement.textContent").endswith("của Lê Quang Minh")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "Lê Quang Minh.vcf"  # the browser reads filename*
    assert "FN:Lê Quang Minh" in download.value.path().read_text(encoding="utf-8")
    # Back on the chart, Enter on a unit's link opens the unit.
    page.goto(f"{live_server.url}{organisation.url}")
    tab_to(page, unit_link)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{office.url}")
    assert page.get_by_role("heading", level=1).text_content() == "Văn phòng HĐND và UBND"
