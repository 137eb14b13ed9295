"""A province moves its communes' NukeViet sites, each into a component portal of its own
(`import_nukeviet --portal HOST`): their old addresses are alike, and each answers on its portal's
host only, with that portal's page."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Site

from conftest import site_home
from toasoan.articles.models import ArticlePage
from toasoan.nukeviet.models import LegacyRecord, LegacyUrl
from toasoan.nukeviet.services import redirects
from toasoan.portals.services.provision import create_portal

from .conftest import FIXTURE_NOW
from .test_redirects import expected

pytestmark = pytest.mark.django_db

MAIN = "cong.mayxanh.example.vn"
COMMUNE = "xa-hoa-an.mayxanh.example.vn"


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("import_nukeviet", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def province(clock, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, MAIN, COMMUNE]
    clock.set(FIXTURE_NOW)
    home = site_home()
    Site.objects.filter(is_default_site=True).update(hostname=MAIN, port=443)
    commune = create_portal(name="UBND xã Hòa An", host=COMMUNE, port=443).site
    return {"main": Site.objects.get(hostname=MAIN), "commune": commune, "main_home": home}


def news_targets(source: str) -> dict[str, str]:
    """Each live news row's old addresses → where they must lead."""
    found = {}
    for record in LegacyRecord.objects.filter(source=source, module="news").select_related("page"):
        target = expected(record)
        if target is not None:
            found.update(dict.fromkeys(record.old_urls, target))
    return found


def test_two_sites_with_the_same_old_addresses_move_into_two_portals(
    province, nukeviet_dump, nukeviet_uploads
):
    main, commune = province["main"], province["commune"]
    command(str(nukeviet_dump), "--uploads", str(nukeviet_uploads))
    command(str(nukeviet_dump), "--uploads", str(nukeviet_uploads), "--portal", COMMUNE)

    # The second dump has a ledger of its own, so nothing of it was taken for already imported.
    source = f"nukeviet@{COMMUNE}"
    assert (
        LegacyRecord.objects.filter(source=source).count()
        == LegacyRecord.objects.filter(source="nukeviet").count()
    )
    in_main = ArticlePage.objects.descendant_of(province["main_home"]).count()
    in_commune = ArticlePage.objects.descendant_of(commune.root_page).count()
    assert in_main == in_commune > 0

    main_targets, commune_targets = news_targets("nukeviet"), news_targets(source)
    assert set(main_targets) == set(commune_targets) and len(main_targets) >= 10
    for url, target in main_targets.items():
        assert target.startswith(f"https://{MAIN}/")
        response = Client(HTTP_HOST=MAIN).get(url)
        assert (response.status_code, response["Location"]) == (301, target), url
        assert commune_targets[url].startswith(f"https://{COMMUNE}/")
        response = Client(HTTP_HOST=COMMUNE).get(url)
        assert (response.status_code, response["Location"]) == (301, commune_targets[url]), url
    # The old home of each site leads to its own portal's home.
    assert Client(HTTP_HOST=COMMUNE).get("/vi/")["Location"] == f"https://{COMMUNE}/"
    assert Client(HTTP_HOST=MAIN).get("/vi/")["Location"] == f"https://{MAIN}/"
    assert set(LegacyUrl.objects.filter(source=source).values_list("site_id", flat=True)) == {commune.pk}
    assert set(LegacyUrl.objects.filter(source="nukeviet").values_list("site_id", flat=True)) == {main.pk}

    # Rebuilt by hand, the index stays on the portal the source moved into.
    before = set(LegacyUrl.objects.values_list("site_id", "key", "page_id"))
    call_command("nukeviet_redirects", "--source", source, stdout=io.StringIO())
    assert set(LegacyUrl.objects.values_list("site_id", "key", "page_id")) == before


def test_a_source_moved_into_one_portal_is_not_imported_into_another(province, nukeviet_dump):
    command(str(nukeviet_dump))
    pages = ArticlePage.objects.count()
    with pytest.raises(CommandError, match=re.escape(f"đã được nhập vào cổng {MAIN}")):
        command(str(nukeviet_dump), "--portal", COMMUNE, "--source", "nukeviet")
    assert ArticlePage.objects.count() == pages
    assert not ArticlePage.objects.descendant_of(province["commune"].root_page).exists()


def test_an_unknown_portal_is_a_clear_message(province, nukeviet_dump):
    unknown = re.escape("Không có cổng thông tin nào ở địa chỉ “xa-khac.example.vn”")
    with pytest.raises(CommandError, match=unknown):
        command(str(nukeviet_dump), "--portal", "xa-khac.example.vn")
    with pytest.raises(CommandError, match="Không có cổng thông tin nào"):
        call_command("nukeviet_redirects", "--portal", "xa-khac.example.vn", stdout=io.StringIO())
    assert not LegacyRecord.objects.exists()


def test_an_old_address_is_looked_up_on_the_portal_asked_only(province):
    LegacyUrl.objects.create(
        site=province["commune"], key="news/thong-bao/lich-tiep-dan-1", source="x", target="/lich.pdf"
    )
    assert redirects.find("/vi/news/thong-bao/lich-tiep-dan-1.html", site=province["commune"]) == (
        f"https://{COMMUNE}/lich.pdf"
    )
    assert redirects.find("/vi/news/thong-bao/lich-tiep-dan-1.html", site=province["main"]) is None
    assert Client(HTTP_HOST=MAIN).get("/vi/news/thong-bao/lich-tiep-dan-1.html").status_code == 404
    response = Client(HTTP_HOST=COMMUNE).get("/vi/news/thong-bao/lich-tiep-dan-1.html")
    assert (response.status_code, response["Location"]) == (301, f"https://{COMMUNE}/lich.pdf")
