"""The demo's content pages, the links page, the document registry and the organisation (chart,
a unit, the directory) in a real Chromium, checked by axe-core (as
toasoan/operations/tests/test_reader_browser.py does): 0 serious or critical violations, no page
error, no failed request."""

from __future__ import annotations

import pytest

from toasoan.demo import drafts, legal, organisation, pages
from toasoan.legal.models import LegalDocumentPage, LegalDraftPage, LegalIndexPage
from toasoan.links.models import LinkIndexPage
from toasoan.operations.tests.test_reader_browser import AXE, axe_violations
from toasoan.organisation.models import OrganisationPage, UnitPage
from toasoan.sections.models import ContentPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make install-dev` (npm ci installs axe-core)")
    return AXE.read_text(encoding="utf-8")


def test_content_links_and_registry_pages_pass_axe(live_server, browser_page, axe, home):
    pages.ensure_pages(home, None)
    legal.ensure_registry(home, None)
    organisation.ensure_organisation(home, None)
    chart = OrganisationPage.objects.get().url
    drafts.ensure_drafts(home, None)
    closed_draft = LegalDraftPage.objects.get(slug=drafts.CLOSED_SLUG)
    addresses = {
        "content page": ContentPage.objects.get(slug=pages.ACCESSIBILITY_SLUG).url,
        "content page, print view": ContentPage.objects.get(slug=pages.POLICY_SLUG).url + "in/",
        "links page": LinkIndexPage.objects.get().url,
        "legal registry": LegalIndexPage.objects.get().url,
        "legal document": LegalDocumentPage.objects.live().order_by("pk").first().url,
        "organisation chart": chart,
        "organisation unit": UnitPage.objects.get(slug="van-phong-hdnd-va-ubnd").url,
        "organisation directory": f"{chart}danh-ba/",
        "organisation directory, filtered": f"{chart}danh-ba/?q=tu+phap",
        "drafts for comment": LegalIndexPage.objects.get().url + "du-thao/",
        "draft open for comment": LegalDraftPage.objects.get(slug=drafts.OPEN_SLUG).url,
        "draft with its feedback report": closed_draft.url,
        "comment page of a closed draft": f"/binh-luan/viet/{closed_draft.pk}/",
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
        found[name] = axe_violations(page, axe)
    assert found == {name: [] for name in addresses}
    assert page.get_by_role("link", name="Cổng Dịch vụ công quốc gia").count() >= 1
    assert page_errors == [] and failed == [] and page.console_errors == []
