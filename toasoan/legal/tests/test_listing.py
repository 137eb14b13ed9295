"""The registry's list, RSS and JSON: filters, search and privacy, on documents built once per module
(growth and query counts: test_listing_growth.py)."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction, Site

from conftest import site_home as default_site_home
from toasoan.legal.models import Issuer, LegalIndexPage, Status, Topic

from .conftest import document_maker, make_file, pdf_bytes

BASE = "http://testserver"


def list_numbers(client, registry, **params) -> list[str]:
    response = client.get(registry.url, params)
    assert response.status_code == 200
    return [document.number for document in response.context["documents"].object_list]


def json_numbers(client, registry, **params) -> list[str]:
    response = client.get(registry.url + "json/", params)
    assert response.status_code == 200, response.content
    return [result["number"] for result in response.json()["results"]]


def rss_titles(client, registry) -> list[str]:
    response = client.get(registry.url + "rss/")
    assert response.status_code == 200
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]  # noqa: S314 (our own response)


def build_registry() -> dict:
    """The registry at http://testserver (as conftest's `registry`), its issuers and field, and
    documents of several kinds, issuers, fields and years; one with a PDF whose text is searched."""
    home = default_site_home()
    cache.clear()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "testserver", 80
    site.save()
    index = LegalIndexPage(title="Văn bản", slug="van-ban", intro="Văn bản của UBND huyện Hòa Phong.")
    home.add_child(instance=index)
    index.save_revision().publish()
    registry = LegalIndexPage.objects.get(pk=index.pk)
    ubnd = Issuer.objects.create(name="UBND huyện Hòa Phong", code="UBND")
    hdnd = Issuer.objects.create(name="HĐND huyện Hòa Phong", code="HĐND")
    dat_dai = Topic.objects.create(name="Đất đai")
    make_document = document_maker(registry, ubnd)
    pdf = make_file("phuong-an.pdf", pdf_bytes("Phuong an ung pho bao lu tai xa Hoa Binh"))
    varied = {
        "kh": make_document(
            "Kế hoạch phòng chống thiên tai năm 2024", number="172/KH-UBND", issued=date(2024, 3, 5),
            files=[pdf],
        ),
        "nq": make_document(
            "Nghị quyết về dự toán ngân sách", number="45/NQ-HĐND", issued=date(2023, 12, 20),
            issuer=hdnd, document_type="nghi-quyet", signer="Trần Văn Bình",
        ),
        "qd": make_document(
            "Quyết định thu hồi đất dự án đường liên xã", number="1234/QĐ-UBND", issued=date(2024, 5, 2),
            document_type="quyet-dinh", topic=dat_dai,
        ),
        "nd": make_document(
            "Nghị định quy định về cổng thông tin điện tử", number="12/2024/NĐ-CP", issued=date(2024, 1, 15),
            document_type="nghi-dinh", effective_date=date(2099, 1, 1),
        ),
    }  # fmt: skip
    return {"registry": registry, "ubnd": ubnd, "hdnd": hdnd, "dat_dai": dat_dai, "varied": varied}


@pytest.fixture(scope="module")
def built_registry(module_db) -> dict:
    return module_db(build_registry)


@pytest.fixture
def built(built_registry, db) -> dict:
    """The registry and its documents, built once per module."""
    return copy.deepcopy(built_registry)


@pytest.fixture
def registry(built):
    return built["registry"]


@pytest.fixture
def ubnd(built):
    return built["ubnd"]


@pytest.fixture
def hdnd(built):
    return built["hdnd"]


@pytest.fixture
def dat_dai(built):
    return built["dat_dai"]


@pytest.fixture
def varied(built) -> dict:
    return built["varied"]


def test_newest_issued_first(client, varied, registry):
    assert list_numbers(client, registry) == ["1234/QĐ-UBND", "172/KH-UBND", "12/2024/NĐ-CP", "45/NQ-HĐND"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"loai": "nghi-quyet"}, ["45/NQ-HĐND"]),
        ({"nam": "2023"}, ["45/NQ-HĐND"]),
        ({"hieuluc": "chua-co-hieu-luc"}, ["12/2024/NĐ-CP"]),
        ({"q": "thu hoi dat"}, ["1234/QĐ-UBND"]),  # without diacritics
        ({"q": "Thu hồi ĐẤT"}, ["1234/QĐ-UBND"]),
        ({"q": "tran van binh"}, ["45/NQ-HĐND"]),  # the signer
        ({"q": "hdnd"}, ["45/NQ-HĐND"]),  # the issuer's code
        ({"q": "dat dai"}, ["1234/QĐ-UBND"]),  # the field
        ({"q": "bao lu hoa binh"}, ["172/KH-UBND"]),  # the PDF's text
        ({"q": "172kh"}, ["172/KH-UBND"]),  # the number typed any way
        ({"q": "172 kh ubnd"}, ["172/KH-UBND"]),
        ({"q": "172-KH-UBND"}, ["172/KH-UBND"]),
        ({"q": "12/nđ-cp"}, ["12/2024/NĐ-CP"]),
        ({"q": "Số: 1234/QĐ"}, ["1234/QĐ-UBND"]),
        ({"q": "ke hoach nghi quyet"}, []),  # every word required
    ],
)
def test_filters_and_search(client, varied, registry, params, expected):
    assert list_numbers(client, registry, **params) == expected
    assert json_numbers(client, registry, **params) == expected


def test_filters_by_issuer_and_field(client, varied, registry, hdnd, dat_dai):
    assert list_numbers(client, registry, coquan=str(hdnd.pk)) == ["45/NQ-HĐND"]
    assert list_numbers(client, registry, linhvuc=str(dat_dai.pk)) == ["1234/QĐ-UBND"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"loai": "sac-lenh"}, "Loại văn bản: Giá trị “sac-lenh” không có trong danh sách."),
        ({"nam": "hai-nghin"}, "Năm ban hành: Năm phải là một số, ví dụ 2024."),
        ({"nam": "99999999999999999999"}, "Năm ban hành: Năm phải không quá 2100."),
        ({"coquan": "abc"}, "Cơ quan ban hành: Giá trị “abc” không có trong danh sách."),
        ({"coquan": "999999"}, "Cơ quan ban hành: Giá trị “999999” không có trong danh sách."),
        ({"hieuluc": "'; DROP TABLE"}, "Tình trạng hiệu lực: Giá trị"),
        ({"q": "x" * 500}, "Từ khóa dài quá"),
        ({"trang": "-1"}, None),
        ({"trang": "9" * 40}, None),
    ],
)
def test_bad_filter_values_get_a_vietnamese_message_never_a_500(client, varied, registry, params, message):
    response = client.get(registry.url, params)
    assert response.status_code == 200
    page = response.content.decode()
    if message:
        assert message.replace("“", "&ldquo;") in page or message in page
        assert 'role="alert"' in page
        # The bad filter is left out: every document is still listed.
        assert len(response.context["documents"].object_list) == 4
        data = client.get(registry.url + "json/", params)
        assert data.status_code == 400
        assert any(message in error for error in data.json()["errors"])
    else:
        assert len(response.context["documents"].object_list) >= 1


def test_json_carries_every_field_with_absolute_urls(client, varied, registry):
    result = next(
        r for r in client.get(registry.url + "json/").json()["results"] if r["number"] == "172/KH-UBND"
    )
    document = varied["kh"]
    assert result == {
        "number": "172/KH-UBND",
        "type": "ke-hoach",
        "issuer": "UBND huyện Hòa Phong",
        "signer": "",
        "issued": "2024-03-05",
        "effective": "2024-03-05",
        "expires": None,
        "status": Status.IN_FORCE,
        "summary": "Kế hoạch phòng chống thiên tai năm 2024",
        "url": f"{BASE}{document.url}",
        "files": [
            {
                "label": "phuong-an.pdf",
                "type": "pdf",
                "size": document.attachments.get().file_size,
                "url": f"{BASE}{document.attachments.get().document.url}",
            }
        ],
    }


def test_rss_lists_new_documents_at_the_sites_address(client, varied, registry):
    response = client.get(registry.url + "rss/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    links = [item.findtext("link") for item in root.iter("item")]
    assert len(links) == 4 and all(link.startswith(BASE + registry.url) for link in links)
    assert "172/KH-UBND: Kế hoạch phòng chống thiên tai năm 2024" in rss_titles(client, registry)


def test_a_draft_and_a_restricted_document_appear_nowhere(client, varied, registry, make_document):
    make_document("Bản nháp mật về thiên tai", number="999/KH-UBND", live=False)
    secret = make_document("Văn bản mật về thiên tai", number="998/KH-UBND")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="mat"
    )
    for params in ({}, {"q": "thien tai"}, {"q": "999"}, {"q": "998/KH"}, {"q": "mat"}):
        assert not {"999/KH-UBND", "998/KH-UBND"} & set(list_numbers(client, registry, **params))
        assert not {"999/KH-UBND", "998/KH-UBND"} & set(json_numbers(client, registry, **params))
    titles = " ".join(rss_titles(client, registry))
    assert "mật" not in titles and "172/KH-UBND" in titles
    guarded = client.get(secret.url).content.decode()  # the page itself asks for the password
    assert "Tình trạng hiệu lực" not in guarded and 'name="password"' in guarded


def test_every_filter_field_has_its_label_and_the_table_its_headers(client, varied, registry):
    import re

    page = client.get(registry.url, {"q": "đất"}).content.decode()
    fields = re.findall(
        r'<(?:input|select)[^>]*\bid="([^"]+)"', page.split('class="legal-filters"')[1].split("</form>")[0]
    )
    assert len(fields) == 6
    for field_id in fields:
        assert f'<label for="{field_id}">' in page
    assert page.count('<th scope="col">') == 6 and page.count('<th scope="row">') == 1
    assert 'value="đất"' in page  # the query is shown back, as typed
