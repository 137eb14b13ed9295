"""`import_articles --portal HOST` (`import_records(home=…)`): an agency code the records name that
the install does not know yet becomes the portal's; a known code is used whatever its portal, since
a code names one source across the install (docs/portals.md, "Authors and agencies")."""

from __future__ import annotations

import pytest
from wagtail.models import Page, Site

from toasoan.articles.models import Agency, ArticlePage
from toasoan.importer.services.importing import Status, import_records
from toasoan.sections.models import HomePage

from .conftest import article_record

pytestmark = pytest.mark.django_db


def portal(slug: str, title: str) -> tuple[HomePage, Site]:
    home = Page.get_first_root_node().add_child(instance=HomePage(title=title, slug=slug))
    return home, Site.objects.create(hostname=f"{slug}.localhost", port=80, root_page=home)


def records():
    return [
        article_record("a", "Xã ra quân làm đường", agency="HNP"),
        article_record("b", "Tỉnh khen thưởng xã", agency="TTXVN"),
        article_record("c", "Chợ phiên cuối năm", agency="XDS"),
    ]


@pytest.mark.parametrize("use_bulk", [True, False], ids=["bulk", "one-by-one"])
def test_a_new_code_belongs_to_the_portal_imported_into(home_page, use_bulk):
    commune_home, commune = portal("xa-dong-son", "Xã Đông Sơn")
    _, other = portal("xa-tay-son", "Xã Tây Sơn")
    everyone = Agency.objects.create(code="HNP", name="Cổng GTĐT Hà Nội")
    others = Agency.objects.create(code="TTXVN", name="Thông tấn xã Việt Nam", site=other)
    outcomes = list(import_records(records(), home=commune_home, use_bulk=use_bulk))
    assert [outcome.status for outcome in outcomes] == [Status.CREATED] * 3
    new = Agency.objects.get(code="XDS")
    assert new.site == commune
    # Known codes are the same source: used as they are, their portal untouched.
    assert set(Agency.objects.values_list("code", "site_id")) == {
        ("HNP", None),
        ("TTXVN", other.pk),
        ("XDS", commune.pk),
    }
    agencies = dict(ArticlePage.objects.values_list("title", "agency"))
    assert agencies == {
        "Xã ra quân làm đường": everyone.pk,
        "Tỉnh khen thưởng xã": others.pk,
        "Chợ phiên cuối năm": new.pk,
    }


def test_the_main_portal_makes_every_portal_agencies(home_page):
    outcomes = list(import_records(records()))
    assert [outcome.status for outcome in outcomes] == [Status.CREATED] * 3
    assert set(Agency.objects.values_list("site_id", flat=True)) == {None}
    # Named outright, the main portal's home is the same run.
    list(import_records([article_record("d", "Tin thứ tư", agency="MOI")], home=home_page))
    assert Agency.objects.get(code="MOI").site_id is None
