"""Whatever is typed or put in the address, search answers: never a 500, never a syntax error."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toasoan.search.services import snippets
from toasoan.search.services.text import parse_query

NASTY = [
    pytest.param("", id="empty"),
    pytest.param("   \t\n ", id="blank"),
    pytest.param("!!! ... ??? --- ***", id="punctuation"),
    pytest.param('"', id="lone-quote"),
    pytest.param('""""""', id="quotes"),
    pytest.param('"ha noi', id="open-quote"),
    pytest.param("ha* noi*", id="fts-prefix"),
    pytest.param("-ha -noi", id="fts-not"),
    pytest.param("title:ha body:noi", id="fts-column"),
    pytest.param("{title_key}: ha", id="fts-column-set"),
    pytest.param("(ha OR noi) AND NOT x", id="fts-boolean"),
    pytest.param("NEAR(ha noi, 2)", id="fts-near"),
    pytest.param("ha ^noi", id="fts-initial"),
    pytest.param("ha & noi | !x <-> y:*", id="tsquery"),
    pytest.param("'; DROP TABLE portal_search_searchdocument; --", id="sql"),
    pytest.param("%_\\%", id="like-wildcards"),
    pytest.param("\x00\x01\x1b[31m\x7f\x9f", id="control-characters"),
    pytest.param("a" * 2000, id="2000-char-word"),
    pytest.param("hà nội " * 400, id="2800-chars"),
    pytest.param(" ".join("abcdefghij" * 5), id="50-words"),
    pytest.param("§1 § · ·4", id="internal-markers"),
    pytest.param("ﷺ 𝔥𝔞 ℡ ½ Ⅻ ß İ", id="odd-unicode"),
    pytest.param("(" * 500 + ")" * 500, id="deep-parentheses"),
    pytest.param("1.2/3-4:5," * 100, id="one-long-compound"),
    pytest.param(" ".join(f"{i}/{i}" for i in range(300)), id="many-compounds"),
    pytest.param('"16.000 đồng/kg" 30/4-1/5 covid-19 a/b/c/d', id="compounds-and-phrases"),
]


@pytest.fixture
def corpus(article):
    article("Hà Nội khởi công cầu mới", lead="Sáng nay, Hà Nội khởi công.", body="Cầu dài 1 km.")
    article("Ba Đình phát động đợt thi đua", lead="Quận Ba Đình.", published_at="08:00 02/09/2020")


def _check(client, query: str, **params) -> None:
    page = client.get("/tim-kiem/", {"q": query, **params})
    assert page.status_code == 200, query
    api = client.get("/tim-kiem.json", {"q": query, **params})
    assert api.status_code in {200, 400}, query
    assert set(api.json()) >= {"count", "results"}
    suggest = client.get("/tim-kiem/goi-y.json", {"q": query})
    assert suggest.status_code == 200, query
    assert set(suggest.json()) == {"suggestions"}


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_are_answered(query, client, corpus):
    _check(client, query)


@pytest.mark.parametrize(
    "query_string",
    [
        pytest.param("q=%ED%A0%80%FF%FE", id="invalid-utf8"),
        pytest.param("q=a&q=b&q=%22", id="repeated"),
        pytest.param("q[]=x&tu[]=1", id="php-arrays"),
        pytest.param("q=%00%0A&tu=%00", id="nul"),
    ],
)
def test_malformed_query_strings_are_answered(query_string, client, corpus):
    for url in ("/tim-kiem/", "/tim-kiem.json", "/tim-kiem/goi-y.json"):
        assert client.get(f"{url}?{query_string}").status_code in {200, 400}, url


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_as_filters_are_answered(query, client, corpus):
    _check(client, "ha noi", **{"chuyen-muc": query, "tu": query, "den": query, "trang": query})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.one_of(
        st.text(max_size=300),
        st.text(alphabet='"*-:()^{}+ NEARANDORNOTabhnoiàđ\x00\t', max_size=80),
        st.text(min_size=1000, max_size=2000),
    )
)
def test_arbitrary_queries_never_fail(query, client, corpus):
    _check(client, query)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    since=st.text(max_size=60),
    until=st.text(max_size=60),
    section=st.text(max_size=60),
    page=st.text(max_size=20),
)
def test_arbitrary_filters_never_fail(since, until, section, page, client, corpus):
    response = client.get(
        "/tim-kiem/", {"q": "ha noi", "tu": since, "den": until, "chuyen-muc": section, "trang": page}
    )
    assert response.status_code == 200


@given(st.text(max_size=500))
def test_highlighting_escapes_everything(text):
    html = str(snippets.highlight(text, parse_query("a b <script>").tokens))
    stripped = html.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped


def test_highlighting_stays_linear_with_compound_joiners():
    # A glued token may stand for its digits with joiners between them ("16000" for "16.000"):
    # one optional character between two, and the two never both fit, so no backtracking.
    query = parse_query(" ".join("1" * 60 + str(index % 10) for index in range(20)))
    text = ("1." * 31 + " ") * 1000
    started = time.perf_counter()
    snippets.snippet("", text, query.tokens)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, elapsed


def test_highlighting_is_linear_for_adversarial_queries():
    # Twenty 64-letter words against 60,000 characters of the same letter: bounded work.
    query = parse_query(" ".join("a" * 60 + chr(ord("a") + index) for index in range(20)))
    text = ("a" * 63 + " ") * 1000
    started = time.perf_counter()
    snippets.snippet("", text, query.tokens)
    elapsed = time.perf_counter() - started
    # A generous bound: backtracking would take minutes, linear matching milliseconds.
    assert elapsed < 5, elapsed
