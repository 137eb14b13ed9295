"""The English pages (docs/english.md) in a real Chromium, checked by axe-core as the other reader
pages are (toasoan/operations/tests/test_reader_browser.py): 0 serious or critical violations, no
page error, no failed request; the language switch works without JavaScript."""

from __future__ import annotations

import pytest

from toasoan.demo import english, pages
from toasoan.operations.tests.test_reader_browser import AXE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make install-dev` (npm ci installs axe-core)")
    return AXE.read_text(encoding="utf-8")


def test_english_pages_pass_axe_and_the_switch_leads_between_languages(
    live_server, browser_page, axe, home, make_section, make_article
):
    pages.ensure_pages(home, None)
    news = make_section("Thời sự", slug=english.NEWS_SECTION)
    title = next(iter(english.ARTICLES))
    article = make_article(news, title, slug="khanh-thanh")
    english.ensure_english(home, None)
    addresses = {
        "home": "/en/",
        "introduction": "/en/introduction/",
        "contact": "/en/contact/",
        "section": "/en/news/",
        "article": f"/en/news/{english.ARTICLES[title].slug}/",
    }
    page = browser_page
    page_errors: list[str] = []
    failed: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    found = {}
    for name, url in addresses.items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        assert page.locator("html").get_attribute("lang") == "en"
        found[name] = axe_violations(page, axe)
    assert found == {name: [] for name in addresses}
    # The switch is a plain link each way (the live server's address is the site's own here).
    switch = page.get_by_role("link", name="Tiếng Việt")
    assert switch.get_attribute("lang") == "vi"
    assert switch.get_attribute("href").endswith(article.url)
    page.goto(f"{live_server.url}{article.url}")
    assert page.locator("html").get_attribute("lang") == "vi"
    found = axe_violations(page, axe)
    assert found == []
    assert page.get_by_role("link", name="English").get_attribute("href").endswith(addresses["article"])
    assert page_errors == [] and failed == [] and page.console_errors == []
