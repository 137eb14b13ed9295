"""A province on one install (issue #22): a portal's pages cost the queries a single-portal install's
do, whatever the number of portals. bench/portals_scale.py's own building blocks, at a tiny size
(the bench measures them at 100 portals × 1,000 articles); and the site root paths Wagtail works
out for every page address, in two queries however many portals (toasoan.portals.site_roots)."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from conftest import site_home
from toasoan.editorial.services import newsroom
from toasoan.portals import site_roots
from toasoan.sections.models import HomePage

scale = importlib.import_module("bench.portals_scale")

PER_PORTAL = 8
KINDS = ("home", "section", "article")


@pytest.fixture
def hosts(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]


def test_a_portals_pages_cost_the_queries_of_a_single_portal_install(db, client, hosts):
    texts = scale.invented_texts(3 * PER_PORTAL)
    newsroom.setup_newsroom()
    scale.import_portal(site_home(), 0, PER_PORTAL, texts, 0, jobs=0)
    single = scale.page_queries(client, scale.measured_pages(scale.MAIN_HOST, 0))

    # Two portals more: the second carries the main portal's texts, as in the bench.
    scale.import_portal(scale.new_portal(1), 1, PER_PORTAL, texts, PER_PORTAL, jobs=0)
    scale.import_portal(scale.new_portal(2), 2, PER_PORTAL, texts, 0, jobs=0)
    main = scale.page_queries(client, scale.measured_pages(scale.MAIN_HOST, 0))
    component = scale.page_queries(client, scale.measured_pages(scale.component_host(2), 2))

    compared = scale.compare_queries({"single": single, "main": main, "component": component})
    assert not compared["differences"], compared
    # Cold means every cache cleared: the site root paths, the portal's settings and the
    # fragments are read again; warm, a page reads almost nothing.
    counts = compared["counts"]
    assert all(counts[f"{kind}, cold"]["single"] > counts[f"{kind}, warm"]["single"] for kind in KINDS)
    # The bench's pages are what it says: a section of the portal with its share of the articles.
    assert scale.measured_pages(scale.component_host(2), 2)["section_articles"] == PER_PORTAL // 4


def _portals(count: int) -> list[Site]:
    """Bare portals (a home and its Site): what the site root paths read, without create_portal's pages."""
    root = Page.get_first_root_node()
    sites = []
    for number in range(1, count + 1):
        home = root.add_child(instance=HomePage(title=f"Cổng thông tin điện tử xã Thử {number}"))
        sites.append(Site.objects.create(hostname=f"xa-thu-{number}.localhost", port=80, root_page=home))
    return sites


def test_site_root_paths_are_wagtails_own_list_in_two_queries(db):
    site_home()
    lists, counts = {}, {}
    for portals in (0, 3):
        if portals:
            _portals(portals)
        for name, compute in (("wagtail", site_roots.wagtails_own), ("toasoan", site_roots.site_root_paths)):
            Site.clear_site_root_paths_cache()
            with CaptureQueriesContext(connection) as captured:
                lists[(name, portals)] = compute()
            counts[(name, portals)] = len(captured.captured_queries)
    assert lists[("toasoan", 3)] == lists[("wagtail", 3)]
    assert lists[("toasoan", 0)] == lists[("wagtail", 0)]
    assert len({path.site_id for path in lists[("toasoan", 3)]}) == 4
    # Wagtail's own: one query more for each portal; ours: two, as a single-portal install.
    assert counts == {("wagtail", 0): 2, ("toasoan", 0): 2, ("wagtail", 3): 5, ("toasoan", 3): 2}
    # Wagtail looks it up at each call, and its cache entry is the one Wagtail clears.
    assert Site.get_site_root_paths() == lists[("toasoan", 3)]
    with CaptureQueriesContext(connection) as captured:
        Site.get_site_root_paths()
    assert len(captured.captured_queries) == 0
    Site.objects.get(hostname="xa-thu-1.localhost").root_page.specific.save_revision().publish()
    with CaptureQueriesContext(connection) as captured:
        Site.get_site_root_paths()
    assert len(captured.captured_queries) == 2


def test_a_translated_home_keeps_its_root_path(db):
    """The English home (a translation of the main portal's) is a root path of the main Site."""
    from wagtail.models import Locale

    home = site_home()
    english, _ = Locale.objects.get_or_create(language_code="en")
    translation = home.copy_for_translation(english)
    translation.save_revision().publish()
    _portals(1)
    Site.clear_site_root_paths_cache()
    wagtails = site_roots.wagtails_own()
    Site.clear_site_root_paths_cache()
    ours = site_roots.site_root_paths()
    assert ours == wagtails
    main = Site.objects.get(is_default_site=True)
    assert {path.language_code for path in ours if path.site_id == main.pk} == {"vi", "en"}
