"""The registry's list as it grows: pages of twenty, private files, a constant number of queries.

Kept apart from test_listing.py: these tests make their own documents in an empty registry, where
that module's tests share documents built once.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from toasoan.legal.models import Issuer, RelationKind, Topic

from .conftest import make_file, pdf_bytes

BASE = "http://testserver"


def test_twenty_a_page_and_the_filters_kept_across_pages(client, make_document, registry):
    for n in range(25):
        make_document(number=f"{n + 1}/KH-UBND", issued=date(2024, 1, 1) + timedelta(days=n))
    first = client.get(registry.url, {"loai": "ke-hoach"})
    assert len(first.context["documents"].object_list) == 20
    assert "?loai=ke-hoach&amp;trang=2" in first.content.decode()
    second = client.get(registry.url, {"loai": "ke-hoach", "trang": "2"})
    assert [d.number for d in second.context["documents"].object_list] == [
        f"{n}/KH-UBND" for n in range(5, 0, -1)
    ]
    assert client.get(registry.url + "json/").json()["count"] == 25


def test_a_private_file_is_linked_only_through_the_serve_view(client, registry, make_document):
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Hồ sơ nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    document = make_file("noi-bo.pdf", pdf_bytes("Noi bo"), collection=private)
    make_document("Văn bản có tệp nội bộ", files=[document])
    result = client.get(registry.url + "json/").json()["results"][0]
    url = result["files"][0]["url"]
    assert "/media/" not in url and url.startswith(f"{BASE}/documents/")
    response = client.get(url.removeprefix(BASE))
    assert response.status_code in (302, 401, 403) or b"password" in response.content.lower()
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("route", ["", "json/", "rss/", "?q=ke+hoach&hieuluc=con-hieu-luc"])
def test_queries_do_not_grow_with_documents(client, registry, make_document, hdnd, dat_dai, route):
    def add(count: int) -> None:
        for _ in range(count):
            pdf = make_file("tep.pdf", pdf_bytes("Ke hoach"))
            target = make_document(files=[pdf], issuer=hdnd, topic=dat_dai)
            make_document(relations=[(RelationKind.AMENDS, target)])

    add(2)  # 4 documents
    url = registry.url + route
    client.get(url)  # Wagtail's site root paths and the route cache are warm from here on
    few = _queries(client, url)
    add(13)  # 30 documents
    client.get(url)
    many = _queries(client, url)
    assert few == many, (few, many)
    assert many <= 8  # issuers, fields, page count, documents, files (+ the route's own lookups)


def test_the_listing_itself_is_one_query_plus_prefetches(registry, make_document, django_assert_num_queries):
    from toasoan.legal.services import listing

    for _ in range(3):
        make_document(files=[make_file("tep.pdf", pdf_bytes("x"))])
    with django_assert_num_queries(2):  # the documents (issuer, field, status joined), their files
        documents = list(listing.documents(registry))
        assert all(d.issuer.name and d.status for d in documents)
        assert all(len(d.attachments.all()) == 1 for d in documents)
    assert Issuer.objects.exists() and not Topic.objects.exists()


@pytest.mark.parametrize("route", ["", "in/"])
def test_a_documents_page_costs_the_same_queries_with_one_file_and_relation_or_many(
    client, registry, make_document, route
):
    def make(count: int):
        files = [make_file(f"tep-{n}.pdf", pdf_bytes("Ke hoach")) for n in range(count)]
        targets = [make_document() for _ in range(count)]
        page = make_document(files=files, relations=[(RelationKind.AMENDS, target) for target in targets])
        for _ in range(count):  # relations the other way too: documents that replace this one
            make_document(relations=[(RelationKind.REPLACES, page)])
        return page

    few, many = make(1), make(6)
    for page in (few, many):
        client.get(page.url + route)  # the site's root paths and the route cache warm
    assert _queries(client, few.url + route) == _queries(client, many.url + route)
