"""Search results over several pages: the page and the JSON API, on 25 articles built once."""

from __future__ import annotations

import copy

import pytest

from conftest import new_article, new_section, site_home

from .test_views import SEARCH, _plain, _text


def build_twenty_five() -> list:
    """25 articles with only a title (no lead or body), a minute apart, in one section."""
    section = new_section(site_home(), "Thời sự")
    return [
        new_article(
            section, f"Hà Nội tin số {index}", published_at=f"08:{index:02d} 01/09/2020", lead="", body=[]
        )
        for index in range(25)
    ]


@pytest.fixture(scope="module")
def built_twenty_five(module_db):
    return module_db(build_twenty_five)


@pytest.fixture
def twenty_five(built_twenty_five, db):
    """The 25 articles, built once per module."""
    return copy.deepcopy(built_twenty_five)


def test_pagination_keeps_the_query_and_filters(client, twenty_five):
    html = _text(client.get(SEARCH, {"q": "ha noi", "tu": "01/09/2020"}))
    assert "Tìm thấy 25 kết quả" in html
    assert html.count('class="item search-result"') == 20
    assert "?q=ha+noi&amp;tu=01%2F09%2F2020&amp;trang=2" in html
    second = _plain(client.get(SEARCH, {"q": "ha noi", "tu": "01/09/2020", "trang": "2"}))
    assert second.count('class="item search-result"') == 5
    assert "Hà Nội tin số 0<" in second


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param("abc", 20, id="junk"),
        pytest.param("99", 5, id="past-the-end"),
        pytest.param("-1", 5, id="negative"),
    ],
)
def test_odd_page_numbers_never_fail(page, expected, client, twenty_five):
    response = client.get(SEARCH, {"q": "ha noi", "trang": page})
    assert response.status_code == 200
    assert _text(response).count('class="item search-result"') == expected


def test_json_api_pages(twenty_five, api):
    assert len(api("ha noi")["results"]) == 20
    assert len(api("ha noi", trang="2")["results"]) == 5
