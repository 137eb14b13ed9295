"""Communes' NukeViet sites moved into their portals (`import_nukeviet --portal HOST`) bring their
authors and sources as that portal's, so its staff keep them and no other portal's editor is
offered them; a row the portal may already name (its own, every portal's) is used again
(docs/portals.md, "Authors and agencies")."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from conftest import site_home
from toasoan.articles.models import Agency, ArticlePage, Author
from toasoan.nukeviet.models import LegacyRecord
from toasoan.nukeviet.services.run import MODULES, import_dump, source_for
from toasoan.portals.services.provision import create_portal

from .conftest import FIXTURE_NOW

pytestmark = pytest.mark.django_db

NEWS = [spec for spec in MODULES if spec.name == "news"]
#: The fixture dump's authors (``nv4_vi_news_author``) and sources (``nv4_vi_news_sources``).
AUTHORS = {"Minh Thư", "Hoàng Anh", "Thu Hà"}
SOURCES = {"Báo Sông Lam Mới", "Đài Phát thanh huyện Tân Phước", "Trung tâm Văn hóa - Thể thao"}


@pytest.fixture
def portals(clock):
    clock.set(FIXTURE_NOW)
    site_home()
    return {
        "main": Site.objects.get(is_default_site=True),
        "b": create_portal(name="UBND xã Hòa An", host="xa-hoa-an.example.vn", port=443).site,
        "c": create_portal(name="UBND xã Tân Phước", host="xa-tan-phuoc.example.vn", port=443).site,
    }


def import_into(dump, site: Site | None) -> None:
    import_dump(dump, modules=NEWS, site=site, source=source_for(site))


def sites_of(model, names: set[str]) -> dict[str, set[int | None]]:
    found: dict[str, set[int | None]] = {name: set() for name in names}
    for name, site_id in model.objects.filter(name__in=names).values_list("name", "site_id"):
        found[name].add(site_id)
    return found


def each(names: set[str], *sites: int | None) -> dict[str, set[int | None]]:
    return {name: set(sites) for name in names}


def article_authors(site: Site) -> set[tuple[str, int | None]]:
    """(name, portal) of every author the portal's imported articles name."""
    return set(
        ArticlePage.objects.descendant_of(site.root_page).values_list("authors__name", "authors__site_id")
    ) - {(None, None)}


def test_a_portal_import_gives_its_authors_and_sources_that_portal(portals, nukeviet_dump):
    b = portals["b"]
    import_into(nukeviet_dump, b)
    assert sites_of(Author, AUTHORS) == each(AUTHORS, b.pk)
    assert sites_of(Agency, SOURCES) == each(SOURCES, b.pk)
    assert article_authors(b) and {site for _, site in article_authors(b)} == {b.pk}
    pages = ArticlePage.objects.descendant_of(b.root_page).exclude(agency=None)
    assert pages.exists() and set(pages.values_list("agency__site_id", flat=True)) == {b.pk}
    # What the portal's editors are offered: its own rows, none of them hidden from it.
    assert set(Author.objects.for_site(b.pk).values_list("name", flat=True)) == AUTHORS


def test_a_second_portal_gets_its_own_authors_of_the_same_names(portals, nukeviet_dump):
    b, c = portals["b"], portals["c"]
    import_into(nukeviet_dump, b)
    import_into(nukeviet_dump, c)
    # B's namesakes belong to B: C's staff could neither see nor choose them.
    assert sites_of(Author, AUTHORS) == each(AUTHORS, b.pk, c.pk)
    assert sites_of(Agency, SOURCES) == each(SOURCES, b.pk, c.pk)
    assert {site for _, site in article_authors(c)} == {c.pk}
    sourced = ArticlePage.objects.descendant_of(c.root_page).exclude(agency=None)
    assert set(sourced.values_list("agency__site_id", flat=True)) == {c.pk}
    # Codes stay unique across the install: C's source of the same name takes the next free one.
    assert set(Agency.objects.filter(name="Báo Sông Lam Mới").values_list("code", flat=True)) == {
        "BAOSONGLAMMOI",
        "BAOSONGLAMMOI2",
    }
    # Each portal's ledger points at its own rows.
    for site in (b, c):
        keys = LegacyRecord.objects.filter(source=source_for(site), module="news_author")
        assert {Author.objects.get(pk=entry.object_pk).site_id for entry in keys} == {site.pk}


def test_every_portal_rows_and_the_portals_own_of_the_same_name_are_used_again(portals, nukeviet_dump):
    b, c = portals["b"], portals["c"]
    everyone = Author.objects.create(name="Minh Thư", bio="Phóng viên của tỉnh")
    own = Author.objects.create(name="hoàng anh", site=b)  # the case a name was typed in differs
    elsewhere = Author.objects.create(name="Thu Hà", site=c)
    national = Agency.objects.create(code="SLM", name="Báo Sông Lam Mới")
    import_into(nukeviet_dump, b)

    assert Author.objects.filter(name="Minh Thư").get() == everyone
    assert Author.objects.get(pk=everyone.pk).site_id is None  # left every portal's, as it was
    assert Author.objects.get(pk=everyone.pk).bio == "Phóng viên của tỉnh"
    assert Author.objects.filter(name__iexact="Hoàng Anh").get() == own
    # Another portal's namesake is someone else to B: B gets its own.
    assert sites_of(Author, {"Thu Hà"}) == {"Thu Hà": {b.pk, c.pk}}
    assert Author.objects.get(name="Thu Hà", site=c) == elsewhere
    assert ("Minh Thư", None) in article_authors(b) and ("hoàng anh", b.pk) in article_authors(b)
    assert Agency.objects.filter(name="Báo Sông Lam Mới").get() == national
    assert ArticlePage.objects.descendant_of(b.root_page).filter(agency=national).exists()
    reasons = dict(
        LegacyRecord.objects.filter(source=source_for(b), module="news_author").values_list("key", "reason")
    )
    assert reasons == {"1": "dùng tác giả có sẵn", "2": "dùng tác giả có sẵn", "3": ""}


def test_the_main_portal_import_keeps_making_every_portal_rows(portals, nukeviet_dump):
    main, c = portals["main"], portals["c"]
    elsewhere = Author.objects.create(name="Thu Hà", site=c)
    main_own = Author.objects.create(name="Hoàng Anh", site=main)
    import_into(nukeviet_dump, None)
    # A one-portal install sees no change: the main portal's writers are every portal's.
    assert sites_of(Author, {"Minh Thư"}) == {"Minh Thư": {None}}
    assert sites_of(Agency, SOURCES) == each(SOURCES, None)
    # The main portal's own namesake is used; a commune's is not.
    assert Author.objects.filter(name="Hoàng Anh").get() == main_own
    assert sites_of(Author, {"Thu Hà"}) == {"Thu Hà": {None, c.pk}}
    assert Author.objects.get(name="Thu Hà", site=c) == elsewhere
    # Naming the main portal's host is the same run.
    import_dump(nukeviet_dump, modules=NEWS, site=main, source="nukeviet-lan-hai")
    assert sites_of(Author, AUTHORS) == {"Minh Thư": {None}, "Hoàng Anh": {main.pk}, "Thu Hà": {None, c.pk}}
