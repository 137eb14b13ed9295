"""One document's page and print view; what a change makes stale; where the registry may live."""

from __future__ import annotations

import unicodedata
from datetime import date

from toasoan.legal.models import LegalDocumentPage, LegalIndexPage, RelationKind
from toasoan.sections.models import HomePage, SectionPage
from toasoan.sections.registry import own_paths, stale_elsewhere

from .conftest import make_file, pdf_bytes


def test_the_document_page_shows_every_field_files_and_relations_both_ways(
    client, make_document, dat_dai, clock
):
    clock.set("08:00 01/07/2024")
    old = make_document(
        "Quy chế làm việc cũ", number="10/QĐ-UBND", issued=date(2020, 1, 1), document_type="quyet-dinh"
    )
    pdf = make_file("quy-che.pdf", pdf_bytes("Quy che lam viec"), title="Toàn văn quy chế")
    new = make_document(
        "Quy chế làm việc của UBND huyện",
        number="25/QĐ-UBND",
        issued=date(2024, 2, 1),
        effective_date=date(2024, 2, 15),
        document_type="quyet-dinh",
        signer="Nguyễn Văn An",
        topic=dat_dai,
        files=[pdf],
        relations=[(RelationKind.REPLACES, old)],
    )
    page = client.get(new.url).content.decode()
    assert unicodedata.is_normalized("NFC", page)
    for header, value in [
        ("Số ký hiệu", "25/QĐ-UBND"),
        ("Loại văn bản", "Quyết định"),
        ("Cơ quan ban hành", "UBND huyện Hòa Phong"),
        ("Người ký", "Nguyễn Văn An"),
        ("Ngày ban hành", "01/02/2024"),
        ("Ngày có hiệu lực", "15/02/2024"),
        ("Ngày hết hiệu lực", "–"),
        ("Lĩnh vực", "Đất đai"),
        ("Trích yếu", "Quy chế làm việc của UBND huyện"),
    ]:
        assert f'<th scope="row">{header}</th><td>' in page
        assert value in page.split(f'<th scope="row">{header}</th>')[1].split("</tr>")[0]
    assert 'legal-badge--in-force">Còn hiệu lực' in page
    assert "Toàn văn quy chế" in page and "(PDF, " in page and pdf.url in page
    assert "Thay thế: <a" in page and "10/QĐ-UBND" in page
    assert 'href="/van-ban/quy-che-lam-viec-cua-ubnd-huyen/in/"' in page

    replaced = client.get(old.url).content.decode()
    assert 'legal-badge--replaced">Bị thay thế' in replaced
    assert "Bị thay thế bởi: <a" in replaced and "25/QĐ-UBND" in replaced

    printed = client.get(new.url + "in/")
    assert printed.status_code == 200
    assert (
        "data-print-button" in printed.content.decode() and "Tình trạng hiệu lực" in printed.content.decode()
    )


def test_a_change_to_a_document_makes_its_registry_and_related_documents_stale(make_document, registry):
    target = make_document("Văn bản gốc")
    source = make_document("Văn bản sửa đổi", relations=[(RelationKind.AMENDS, target)])
    assert [stale.path for stale in own_paths(source)] == ["/", "/in/"]
    stale = {(s.page.pk if s.page else None, s.path) for s in stale_elsewhere(source)}
    assert {(registry.pk, "/"), (registry.pk, "/rss/"), (registry.pk, "/json/")} <= stale
    assert (target.pk, "/") in stale  # it shows "được sửa đổi bởi" and its status
    assert (source.pk, "/") in {(s.page.pk if s.page else None, s.path) for s in stale_elsewhere(target)}
    paginated = {
        s.path for s in stale_elsewhere(source) if s.page and s.page.pk == registry.pk and s.paginated
    }
    assert paginated == {"/", "/json/", "/du-thao/"}


def test_the_registry_may_live_under_the_home_page_or_a_section():
    assert LegalIndexPage in HomePage.clean_subpage_models()
    assert LegalIndexPage in SectionPage.clean_subpage_models()
    assert LegalDocumentPage.clean_parent_page_models() == [LegalIndexPage]


def test_the_number_is_stored_parsed_and_canonical(make_document):
    page = make_document(number="Số: 05/2023/tt–btttt")
    assert (page.number_canonical, page.number_year, page.number_type_code, page.number_issuers) == (
        "05/2023/TT-BTTTT",
        2023,
        "TT",
        "BTTTT",
    )
    assert page.number_key == "|05 2023 tt btttt|05 tt btttt|"


def test_an_editor_can_add_a_registry_under_the_home_page(client, home, otp_login):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-rat-dai-123")
    otp_login(client, user)
    response = client.get(f"/admin/pages/add/legal/legalindexpage/{home.pk}/")
    assert response.status_code == 200
    assert "Văn bản (danh mục)" in response.content.decode()


def _header_links(client) -> list[str]:
    html = client.get("/").content.decode()
    nav = html.split('class="site-nav__list"', 1)[1].split("</ul>", 1)[0]
    return [part.split('"', 1)[0] for part in nav.split('href="')[1:]]


def test_the_registry_shows_in_the_header_when_ticked_for_menus_and_public(client, registry):
    from wagtail.models import PageViewRestriction

    assert "/van-ban/" not in _header_links(client)  # not ticked "show in menus"
    registry.show_in_menus = True
    registry.save_revision().publish()
    assert "/van-ban/" in _header_links(client)
    restriction = PageViewRestriction.objects.create(
        page=registry, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )
    assert "/van-ban/" not in _header_links(client)  # a restricted page is named to no reader
    restriction.delete()
    assert "/van-ban/" in _header_links(client)


def test_a_restricted_document_is_not_named_among_a_public_documents_relations(client, make_document):
    from wagtail.models import PageViewRestriction

    hidden = make_document("Văn bản nội bộ bị thay thế", number="7/KH-UBND")
    page = make_document("Kế hoạch công khai", number="8/KH-UBND", relations=[(RelationKind.AMENDS, hidden)])
    make_document("Văn bản nội bộ hướng dẫn", number="9/HD-UBND", relations=[(RelationKind.GUIDES, page)])
    shown = client.get(page.url).content.decode()
    assert "Văn bản nội bộ bị thay thế" in shown and "Văn bản nội bộ hướng dẫn" in shown
    for secret in LegalDocumentPage.objects.filter(number__in=["7/KH-UBND", "9/HD-UBND"]):
        PageViewRestriction.objects.create(
            page=secret, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
        )
    for route in ("", "in/"):
        shown = client.get(page.url + route).content.decode()
        assert "Văn bản nội bộ" not in shown and "7/KH-UBND" not in shown and "9/HD-UBND" not in shown
