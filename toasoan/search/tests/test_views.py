"""/tim-kiem/, /tim-kiem.json and /tim-kiem/goi-y.json as readers and apps use them (results over
several pages: test_views_pages.py)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from toasoan.articles.models import Author

SEARCH = "/tim-kiem/"
BA_DINH = "Ba Đình phát động đợt thi đua"


def _text(response) -> str:
    return response.content.decode()


def _plain(response) -> str:
    """The page without the <mark> highlighting, to look for whole titles."""
    return re.sub(r"</?mark>", "", _text(response))


def test_empty_query_shows_the_form_and_how_to_search(client, db):
    response = client.get(SEARCH)
    assert response.status_code == 200
    html = _text(response)
    assert 'name="q"' in html
    assert "Nhập từ khóa để tìm bài viết" in html
    assert 'content="noindex, follow"' in html


def test_results_show_count_section_time_and_a_highlighted_snippet(client, article):
    found = article(BA_DINH, lead="HNP - Quận Ba Đình tổ chức hội nghị.", published_at="16:20 16/09/2020")
    article("Tin khác", lead="Không liên quan")
    html = _text(client.get(SEARCH, {"q": "ba dinh"}))
    assert "Tìm thấy 1 kết quả" in html
    assert "<mark>Ba Đình</mark> phát động" in html  # the title, accented, for an unaccented query
    assert "Quận <mark>Ba Đình</mark> tổ chức" in html  # the snippet
    section_url = found.get_parent().url
    assert section_url and section_url != "/"
    assert f'<a class="item__section" href="{section_url}">Thời sự</a>' in html
    assert "16:20 16/09/2020" in html
    assert "Tin khác" not in html


def test_counts_use_vietnamese_thousands(client, db):
    from toasoan.search.views import format_count

    assert format_count(12345) == "12.345"


def test_empty_results_help_the_reader(client, article):
    article(BA_DINH)
    html = _text(client.get(SEARCH, {"q": '"dinh ba"', "tu": "01/01/2020"}))
    assert "Tìm thấy 0 kết quả" in html
    assert "gõ không dấu" in html
    assert "Bỏ dấu ngoặc kép" in html
    assert "Tìm trong mọi chuyên mục và mọi thời gian" in html


XSS = [
    pytest.param('<script>alert("x")</script>', id="script"),
    pytest.param('"><img src=x onerror=alert(1)>', id="attribute-break"),
    pytest.param("</title><svg onload=alert(1)>", id="title-break"),
]


@pytest.mark.parametrize("payload", XSS)
def test_the_query_is_escaped_everywhere(payload, client, db):
    html = _text(client.get(SEARCH, {"q": payload}))
    assert payload not in html
    assert "onerror=alert(1)>" not in html and "<svg" not in html and '<script>alert("x")' not in html


@pytest.mark.parametrize("payload", XSS)
def test_snippets_and_titles_are_escaped(payload, client, article, api):
    article(f"Cảnh báo {payload} lừa đảo", lead=f"Cảnh báo lừa đảo {payload} trên mạng")
    html = _text(client.get(SEARCH, {"q": "canh bao lua dao"}))
    assert "Tìm thấy 1 kết quả" in html
    assert payload not in html
    assert "<img" not in html and "<svg" not in html and '<script>alert("x")' not in html
    snippet = api("canh bao lua dao")["results"][0]["snippet"]
    assert payload not in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_section_and_date_filters(client, section, make_section, article):
    economy = make_section("Kinh tế")
    article("Hà Nội họp báo", published_at="08:00 16/09/2020")
    article("Hà Nội xuất khẩu", parent=economy, published_at="08:00 10/09/2020")
    html = _plain(client.get(SEARCH, {"q": "ha noi", "chuyen-muc": "kinh-te"}))
    assert "Hà Nội xuất khẩu" in html and "Hà Nội họp báo" not in html
    html = _plain(client.get(SEARCH, {"q": "ha noi", "tu": "15/09/2020", "den": "16/09/2020"}))
    assert "Hà Nội họp báo" in html and "Hà Nội xuất khẩu" not in html
    html = _plain(client.get(SEARCH, {"q": "ha noi", "den": "2020-09-10"}))
    assert "Hà Nội xuất khẩu" in html and "Hà Nội họp báo" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param({"tu": "31/02/2020"}, "không hợp lệ", id="no-such-day"),
        pytest.param({"den": "hôm qua"}, "không hợp lệ", id="words"),
        pytest.param({"tu": "9" * 500}, "không hợp lệ", id="huge"),
        pytest.param({"tu": "01/13/2020"}, "không hợp lệ", id="month-13"),
        pytest.param({"tu": "16/09/2020", "den": "01/09/2020"}, "đứng trước ngày bắt đầu", id="reversed"),
        pytest.param({"chuyen-muc": "khong-co"}, "Không có chuyên mục", id="unknown-section"),
        pytest.param({"chuyen-muc": "<b>x</b>"}, "Không có chuyên mục", id="junk-section"),
    ],
)
def test_bad_filters_say_why_and_still_search(params, message, client, article, api):
    article("Hà Nội họp báo", published_at="08:00 16/09/2020")
    response = client.get(SEARCH, {"q": "ha noi", **params})
    assert response.status_code == 200
    html = _plain(response)
    assert message in html
    assert 'role="alert"' in html
    assert "Hà Nội họp báo" in html  # the bad filter is dropped, not the search
    response = client.get("/tim-kiem.json", {"q": "ha noi", **params})
    assert response.status_code == 400
    assert message in next(iter(response.json()["errors"].values()))


def test_json_api_shape(client, article, api):
    page = article(BA_DINH, lead="Quận Ba Đình tổ chức hội nghị.", published_at="16:20 16/09/2020")
    page.authors.add(Author.objects.create(name="Bình An"))
    page.save_revision().publish()
    data = api("ba dinh")
    assert set(data) == {"count", "more", "all_words", "results"}
    assert data["count"] == data["all_words"] == 1
    assert data["more"] is False
    (result,) = data["results"]
    assert set(result) == {"url", "title", "section", "published", "snippet", "missing"}
    assert result["missing"] == []
    assert re.fullmatch(r"https?://[^/]+/thoi-su/ba-dinh-phat-dong-dot-thi-dua/", result["url"])
    assert result["title"] == BA_DINH
    assert result["section"] == "Thời sự"
    assert datetime.fromisoformat(result["published"]).isoformat() == "2020-09-16T16:20:00+07:00"
    assert result["snippet"] == "Quận <mark>Ba Đình</mark> tổ chức hội nghị."
    assert api("")["results"] == []
    assert api("khong co gi") == {"count": 0, "more": False, "all_words": 0, "results": []}


def test_autocomplete_suggests_newest_titles_for_a_prefix(client, article):
    article("Thăng Long - Hà Nội nghìn năm", published_at="08:00 01/09/2020")
    article("Hà Nam mùa lúa", published_at="08:00 02/09/2020")
    article("Thăng Long xưa", body="Hà Nội", published_at="08:00 03/09/2020")
    response = client.get("/tim-kiem/goi-y.json", {"q": "thang long ha n"})
    assert response.status_code == 200
    assert response.json() == {
        "suggestions": [
            {"title": "Thăng Long - Hà Nội nghìn năm", "url": "/thoi-su/thang-long-ha-noi-nghin-nam/"}
        ]
    }
    titles = [s["title"] for s in client.get("/tim-kiem/goi-y.json", {"q": "Hà N"}).json()["suggestions"]]
    assert titles == ["Hà Nam mùa lúa", "Thăng Long - Hà Nội nghìn năm"]
    assert client.get("/tim-kiem/goi-y.json", {"q": " "}).json() == {"suggestions": []}


def test_every_page_has_the_search_box_and_opensearch_points_here(client, article):
    article(BA_DINH)
    for url in ("/", "/thoi-su/", "/thoi-su/ba-dinh-phat-dong-dot-thi-dua/"):
        html = _text(client.get(url))
        assert re.search(r'<form[^>]+role="search"[^>]+action="/tim-kiem/"', html), url
    description = _text(client.get("/opensearch.xml"))
    assert 'template="http://localhost/tim-kiem/?q={searchTerms}"' in description  # the Site's address
    assert client.get("/tim-kiem/", {"q": "ba dinh"}).status_code == 200


def test_only_get_and_head(client, db):
    assert client.post(SEARCH, {"q": "x"}).status_code == 405
    assert client.head(SEARCH, {"q": "x"}).status_code == 200


# ----------------------------------------------------------------------------- queries per page


def _count_queries(client, url: str, params: dict) -> int:
    client.get(url, params)  # warm Wagtail's site root paths cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


#: The search page: the search (the candidate sets and their count, the terms' document
#: counts, the candidates' terms), the listing query and the stored texts for the snippets. The
#: header's site and sections come from the fragment cache (cache.fragments.known_site).
PAGE_QUERIES = 5
#: …plus the section filter's lookup.
PAGE_QUERIES_WITH_SECTION = 6
JSON_QUERIES = 5
#: On SQLite, the newest matches come first and, for a query typed with diacritics, the
#: exact sets next; PostgreSQL reads them all in one call.
ACCENTED_QUERIES = {"sqlite": 1, "postgresql": 0}
#: A query of three words or more also reads the documents of its rarer terms (near matches)
#: on SQLite; PostgreSQL reads them with their counts.
NEAR_QUERIES = {"sqlite": 1, "postgresql": 0}


@pytest.mark.parametrize("count", [pytest.param(3, id="3-articles"), pytest.param(30, id="30-articles")])
def test_search_page_queries_do_not_grow_with_results(count, client, article, django_assert_num_queries):
    for index in range(count):
        page = article(f"Hà Nội tin số {index}", lead="Sapo Hà Nội", body="Nội dung Hà Nội")
        page.tags.add("Hà Nội")
        page.save_revision().publish()
    client.get(SEARCH, {"q": "ha noi"})
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(SEARCH, {"q": "ha noi"}).status_code == 200
    with django_assert_num_queries(PAGE_QUERIES_WITH_SECTION):
        assert client.get(SEARCH, {"q": "ha noi", "chuyen-muc": "thoi-su", "trang": "2"}).status_code == 200
    with django_assert_num_queries(JSON_QUERIES):
        assert client.get("/tim-kiem.json", {"q": "ha noi"}).status_code == 200
    with django_assert_num_queries(JSON_QUERIES + ACCENTED_QUERIES[connection.vendor]):
        assert client.get("/tim-kiem.json", {"q": "Hà Nội"}).status_code == 200
    with django_assert_num_queries(JSON_QUERIES + NEAR_QUERIES[connection.vendor]):
        assert client.get("/tim-kiem.json", {"q": "tin số Hà Nội mới"}).status_code == 200
