"""What a query finds and in which order: the search service, on either engine."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest

from toasoan import vntext
from toasoan.articles.models import Author
from toasoan.search.services import searching
from toasoan.search.services.text import parse_query

BA_DINH = "Ba Đình phát động đợt thi đua"


# ----------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("Ba Đình", id="accented"),
        pytest.param("ba dinh", id="unaccented"),
        pytest.param("BA DINH", id="upper"),
        pytest.param(unicodedata.normalize("NFD", "Ba Đình"), id="nfd"),
        pytest.param("Ba \u00d0ình", id="icelandic-eth"),
        pytest.param("dinh ba", id="any-order"),
        pytest.param("  ba\u00a0\tđình  ", id="odd-spaces"),
        pytest.param("phat dong dot thi dua", id="five-words"),
    ],
)
def test_folded_queries_find_the_accented_title(query, article, titles):
    article(BA_DINH)
    article("Đình làng Hà Nội")
    assert titles(query) == [BA_DINH]


@pytest.mark.parametrize(
    "title",
    [
        pytest.param(unicodedata.normalize("NFD", BA_DINH), id="nfd-document"),
        pytest.param(BA_DINH.replace("Đ", "\u00d0"), id="eth-document"),
    ],
)
def test_documents_written_oddly_are_found(title, article, titles):
    article(title)
    assert len(titles("ba đình")) == 1


@pytest.mark.parametrize(
    ("title", "query"),
    [
        pytest.param("Tô Lâm tiếp đoàn", "to", id="to"),
        pytest.param("Cờ đỏ sao vàng", "do", id="do"),
        pytest.param("Mỹ và Việt Nam", "my", id="my"),
        pytest.param("Hội nghị Diên Hồng", "a", id="no-stop-words-at-all"),
    ],
)
def test_short_vietnamese_words_are_not_stop_words(title, query, article, titles):
    if query == "a":
        title, query = "Điểm A và điểm B", "a"
    article(title)
    assert titles(query) == [title]


def test_every_word_of_a_short_query_must_match(article, titles):
    article("Hà Giang mùa hoa")
    article("Hà Nội mùa thu")
    assert titles("ha noi") == ["Hà Nội mùa thu"]
    assert titles("noi giang") == []  # "more than half" of two words is both


def test_a_longer_query_lists_the_articles_holding_most_of_its_words(article):
    article("Hà Giang mùa hoa", published_at="08:00 02/09/2020")
    article("Hà Nội mùa thu", published_at="08:00 01/09/2020")
    article("Hải Phòng đón bão")
    results = searching.search(parse_query("Hà Nội mùa hoa"))
    assert (results.count(), results.all_words) == (2, 0)
    assert [(hit.article.title, hit.missing) for hit in results[0:2]] == [
        ("Hà Nội mùa thu", ["hoa"]),  # 3 of 4 words, "Hà Nội mùa" in the query's order
        ("Hà Giang mùa hoa", ["Nội"]),  # 3 of 4, only "mùa hoa" together
    ]


def test_quoted_phrases_need_adjacent_words_in_order(article, titles):
    article("Nội dung hội nghị ở Hà Giang", published_at="08:00 02/09/2020")
    article("Hà Nội mùa thu", published_at="08:00 01/09/2020")
    assert set(titles("ha noi")) == {"Nội dung hội nghị ở Hà Giang", "Hà Nội mùa thu"}
    assert titles('"ha noi"') == ["Hà Nội mùa thu"]
    assert titles('"noi ha"') == []


def test_phrases_do_not_run_from_one_field_into_the_next(article, titles):
    article("Lễ hội ở Hà", lead="Nội dung lễ hội")
    assert titles("ha noi") == ["Lễ hội ở Hà"]
    assert titles('"ha noi"') == []


def test_lead_body_tags_authors_and_section_are_searched(section, make_section, article, titles):
    author = Author.objects.create(name="Nguyễn Văn Bình", pen_name="Bình An")
    page = article("Tin chính", lead="Sapo về đê điều", body="Nội dung về thủy lợi")
    page.tags.add("Phòng chống lụt bão")
    page.authors.add(author)
    page.save_revision().publish()
    for query in ("de dieu", "thuy loi", "phong chong lut", "binh an", "nguyen van binh", "thoi su"):
        assert titles(query) == ["Tin chính"], query


def test_captions_and_quotes_of_the_body_are_searched(section, make_article, titles):
    make_article(
        section,
        "Bài có trích dẫn",
        lead="",
        body=[
            ("photo_note", {"caption": "Đồng chí Bí thư phát biểu", "credit": "Ảnh: Minh Đức"}),
            ("quote", {"text": "Đoàn kết là sức mạnh", "attribution": "Chủ tịch"}),
        ],
    )
    assert titles("bi thu phat bieu") == ["Bài có trích dẫn"]
    assert titles("minh duc") == ["Bài có trích dẫn"]
    assert titles('"doan ket la suc manh"') == ["Bài có trích dẫn"]


# ----------------------------------------------------------------------------- ranking


def test_exact_diacritics_rank_first(article, titles):
    article("Cơn bão số 3 đổ bộ", published_at="08:00 01/09/2020")
    article("Báo chí cách mạng", published_at="08:00 02/09/2020")
    article("Người dân bảo vệ rừng", published_at="08:00 03/09/2020")
    assert titles("bão") == ["Cơn bão số 3 đổ bộ", "Người dân bảo vệ rừng", "Báo chí cách mạng"]
    assert titles("báo")[0] == "Báo chí cách mạng"
    assert titles("bảo")[0] == "Người dân bảo vệ rừng"
    # Without diacritics every folded match is as good: newest first.
    assert titles("bao") == ["Người dân bảo vệ rừng", "Báo chí cách mạng", "Cơn bão số 3 đổ bộ"]


def test_exact_diacritics_ignore_tone_placement(article, titles):
    article("Khánh Hòa đón khách", published_at="08:00 01/09/2020")
    article("Khanh Hoa dón khách", published_at="08:00 02/09/2020")  # typed without marks
    assert titles("Khánh Hoà")[0] == "Khánh Hòa đón khách"
    assert titles("Khánh Hòa")[0] == "Khánh Hòa đón khách"


def test_exact_words_in_the_title_beat_exact_words_in_the_body(article, titles):
    article("Báo chí và truyền thông", body="Cơn bão đi qua", published_at="08:00 02/09/2020")
    article("Cơn bão số 3", published_at="08:00 01/09/2020")
    assert titles("bão") == ["Cơn bão số 3", "Báo chí và truyền thông"]


def test_title_and_lead_rank_above_the_body(article, titles):
    article("Tin trong nước", body="Thủy điện Hòa Bình xả lũ", published_at="08:00 05/09/2020")
    article("Tin buổi sáng", lead="Thủy điện Hòa Bình xả lũ", published_at="08:00 02/09/2020")
    article("Thủy điện Hòa Bình xả lũ", published_at="08:00 01/09/2020")
    assert titles("thuy dien hoa binh") == [
        "Thủy điện Hòa Bình xả lũ",
        "Tin buổi sáng",
        "Tin trong nước",
    ]


def test_the_words_together_rank_above_the_words_apart(article, titles):
    article("Nội thành Hà Giang đổi mới", published_at="08:00 05/09/2020")
    article("Hà Nội đổi mới", published_at="08:00 01/09/2020")
    assert titles("ha noi doi moi") == ["Hà Nội đổi mới", "Nội thành Hà Giang đổi mới"]


def test_ties_go_to_the_newest(article, titles):
    article("Thời tiết Hà Nội", published_at="08:00 01/09/2020")
    article("Thời tiết Hà Nội", published_at="08:00 03/09/2020")
    article("Thời tiết Hà Nội", published_at="08:00 02/09/2020")
    found = searching.search(parse_query("thoi tiet"))
    dates = [vntext.format_date(hit.article.published_at) for hit in found[0:3]]
    assert dates == ["03/09/2020", "02/09/2020", "01/09/2020"]


def test_same_minute_ties_go_to_the_newest_page(article):
    first = article("Thời tiết Hà Nội", published_at="08:00 01/09/2020")
    second = article("Thời tiết Hà Nội", published_at="08:00 01/09/2020")
    found = searching.search(parse_query("thoi tiet"))
    assert [hit.article.pk for hit in found[0:2]] == [second.pk, first.pk]


# ----------------------------------------------------------------------------- filters


def test_section_filter_includes_subsections(section, make_section, article, titles):
    news, economy = section, make_section("Kinh tế")
    local = make_section("Chính quyền", parent=news)
    article("Hà Nội họp báo", parent=news)
    article("Hà Nội họp hội đồng", parent=local)
    article("Hà Nội xuất khẩu", parent=economy)
    assert set(titles("ha noi", section_id=news.pk)) == {"Hà Nội họp báo", "Hà Nội họp hội đồng"}
    assert titles("ha noi", section_id=economy.pk) == ["Hà Nội xuất khẩu"]
    assert titles("ha noi", section_id=local.pk) == ["Hà Nội họp hội đồng"]


def test_date_filters_are_vietnamese_days(article, titles):
    article("Hà Nội sáng sớm", published_at="00:10 17/09/2020")
    article("Hà Nội đêm khuya", published_at="23:50 16/09/2020")
    article("Hà Nội hôm trước", published_at="12:00 15/09/2020")
    day = vntext.parse_datetime("16/09/2020")
    assert titles("ha noi", since=day, until=day + timedelta(days=1)) == ["Hà Nội đêm khuya"]
    assert titles("ha noi", since=day) == ["Hà Nội sáng sớm", "Hà Nội đêm khuya"]
    assert titles("ha noi", until=day) == ["Hà Nội hôm trước"]


# ----------------------------------------------------------------------------- many matches


@pytest.mark.parametrize(
    ("candidates", "analyzed"),
    [
        pytest.param(1000, False, id="all-ranked"),
        pytest.param(4, False, id="capped"),
        # With statistics, PostgreSQL gathers the newest matches above floors read off them.
        pytest.param(4, True, id="capped-analyzed"),
    ],
)
def test_every_match_is_listed_once_in_rank_order(candidates, analyzed, many, monkeypatch):
    monkeypatch.setattr(searching, "CANDIDATES", candidates)
    if analyzed:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE portal_search_searchdocument")
    results = searching.search(parse_query("ha noi"))
    assert results.count() == 12
    pages = [results[start : start + 5] for start in range(0, 12, 5)]
    listed = [hit.article.title for page in pages for hit in page]
    assert listed[:3] == ["Hà Nội ngày 3", "Hà Nội ngày 2", "Hà Nội ngày 1"]
    assert listed[3:] == [f"Tin ngày {day}" for day in range(12, 3, -1)]


@pytest.mark.parametrize("analyzed", [False, True], ids=["plain", "analyzed"])
@pytest.mark.parametrize(("query", "matches"), [("ha noi", 12), ("tin tu ha noi", 9)])
def test_results_are_counted_and_listed_up_to_the_cap(query, matches, analyzed, many, monkeypatch):
    """Past `COUNTED` results a search says "more than" and lists that many, the same ones
    in the same order as an uncapped search's first; at or below it, the exact count."""
    monkeypatch.setattr(searching, "CANDIDATES", 2)
    if analyzed:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE portal_search_searchdocument")

    def listed(results):
        return [
            hit.article.pk for start in range(0, results.count(), 3) for hit in results[start : start + 3]
        ]

    monkeypatch.setattr(searching, "COUNTED", 1000)
    whole = searching.search(parse_query(query))
    assert (whole.count(), whole.more) == (matches, False)
    everything = listed(whole)
    assert len(everything) == len(set(everything)) == matches
    # 2: fewer than the articles with "ha noi" in the title (PostgreSQL then counts no further).
    for counted in (2, 5, matches - 1):
        monkeypatch.setattr(searching, "COUNTED", counted)
        capped = searching.search(parse_query(query))
        assert (capped.count(), capped.more, capped.all_words) == (counted, True, counted)
        assert listed(capped) == everything[:counted]
    monkeypatch.setattr(searching, "COUNTED", matches)
    exact = searching.search(parse_query(query))
    assert (exact.count(), exact.more) == (matches, False)
    assert listed(exact) == everything


def test_the_page_and_the_api_say_more_than_the_cap(many, client, api, monkeypatch):
    monkeypatch.setattr(searching, "COUNTED", 5)
    html = client.get("/tim-kiem/", {"q": "ha noi"}).content.decode()
    assert "Tìm thấy hơn 5 kết quả cho “<strong>ha noi</strong>”; 5 bài đầu được liệt kê" in html
    assert html.count('class="item search-result"') == 5 and "trang 2" not in html
    data = api("ha noi")
    assert (data["count"], data["more"], len(data["results"])) == (5, True, 5)
    monkeypatch.setattr(searching, "COUNTED", 12)
    assert "Tìm thấy 12 kết quả cho" in client.get("/tim-kiem/", {"q": "ha noi"}).content.decode()
    assert api("ha noi")["more"] is False
