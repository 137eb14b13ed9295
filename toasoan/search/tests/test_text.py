"""Query parsing and search keys: no database."""

from __future__ import annotations

import unicodedata

import pytest

from toasoan.search.services import text
from toasoan.search.services.text import exact_key, index_fields, parse_query


@pytest.mark.parametrize(
    ("query", "tokens"),
    [
        pytest.param("thang long ha noi", ("thang", "long", "ha", "noi"), id="ascii"),
        pytest.param("Thăng Long - Hà Nội", ("thang", "long", "ha", "noi"), id="accented"),
        pytest.param(unicodedata.normalize("NFD", "Thăng Long"), ("thang", "long"), id="nfd"),
        pytest.param("\u00d0\u00ecnh", ("dinh",), id="icelandic-eth"),
        pytest.param("COVID-19", ("covid", "19"), id="hyphen"),
        pytest.param("Ba\u00a0Đình\u200b", ("ba", "dinh"), id="nbsp-zwsp"),
        pytest.param("a\x00b\x1fc", ("abc",), id="control-characters"),
        pytest.param("* - : ( ) ^ NEAR AND OR NOT \" '", ("near", "and", "or", "not"), id="fts-operators"),
        pytest.param("'; DROP TABLE x; --", ("drop", "table", "x"), id="sql"),
        pytest.param("東京 café", ("東京", "cafe"), id="other-scripts"),
        pytest.param("", (), id="empty"),
        pytest.param("… ?! «»", (), id="punctuation"),
    ],
)
def test_query_tokens_are_folded_words(query, tokens):
    assert parse_query(query).tokens == tokens


def test_quotes_make_phrases_and_an_open_quote_runs_to_the_end():
    parsed = parse_query('ủy ban "Khánh Hòa" “nhân dân tỉnh')
    assert [term.tokens for term in parsed.terms] == [
        ("uy",),
        ("ban",),
        ("khanh", "hoa"),
        ("nhan", "dan", "tinh"),
    ]
    assert parsed.has_phrase


def test_a_quoted_single_word_is_a_word():
    parsed = parse_query('"Hà"')
    assert [term.tokens for term in parsed.terms] == [("ha",)]
    assert not parsed.has_phrase


def test_repeated_words_are_searched_once():
    assert parse_query("hà hà Hà").tokens == ("ha",)


def test_long_queries_are_cut_to_200_characters_and_20_words():
    parsed = parse_query("nghị " * 1000)
    assert parsed.truncated
    assert len(parsed.text) <= text.MAX_QUERY_CHARS
    many = parse_query(" ".join(f"từ{i}" for i in range(50)))
    assert len(many.tokens) == text.MAX_QUERY_TOKENS
    assert many.truncated


def test_a_huge_token_is_cut():
    parsed = parse_query("a" * 150)
    assert parsed.tokens == ("a" * text.MAX_TOKEN_CHARS,)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("hoà", "hòa", id="hoa"),
        pytest.param("thuỷ", "thủy", id="thuy"),
        pytest.param("khoẻ", "khỏe", id="khoe"),
        pytest.param("Uỷ", "ủy", id="uy-case"),
        pytest.param(unicodedata.normalize("NFD", "Khánh Hoà"), "Khánh Hòa", id="nfd"),
        pytest.param("\u00d0ình", "Đình", id="eth"),
    ],
)
def test_exact_keys_ignore_tone_placement(first, second):
    assert [exact_key(word) for word in text.words(text.normalize_text(first))] == [
        exact_key(word) for word in text.words(text.normalize_text(second))
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("bão", "báo", id="tone"),
        pytest.param("Mỹ", "Mĩ", id="y-i"),
        pytest.param("đình", "dình", id="d-stroke"),
        pytest.param("ba", "bà", id="level-tone"),
    ],
)
def test_exact_keys_keep_words_apart(first, second):
    assert exact_key(first) != exact_key(second)


def test_exact_ranking_applies_only_to_queries_typed_with_diacritics():
    assert parse_query("bao").exact == ()
    assert parse_query("covid 19").exact == ()
    assert parse_query("bão").exact == ("bao·4",)
    assert parse_query("Ba Đình").exact == ("ba", "đinh·2")


def test_prefix_query_keeps_the_last_word_as_a_prefix():
    words, prefix = text.parse_prefix_query("Thăng Long Hà N")
    assert words.tokens == ("thang", "long", "ha")
    assert prefix == "n"


def test_index_fields_leave_a_gap_between_fields_and_keep_postgresql_limits():
    title, lead = index_fields(["Ba Đình", "Hà Nội"])
    assert list(title.positions) == [1, 2]
    assert list(lead.positions) == [4, 5]  # position 3 is the gap: no phrase runs across fields
    (body,) = index_fields(["và " * 300])
    assert body.tokens.count("va") == text.MAX_OCCURRENCES
    assert body.tokens[text.MAX_OCCURRENCES :] == [text.PLACEHOLDER] * (300 - text.MAX_OCCURRENCES)
    (long_body,) = index_fields([" ".join(f"w{i}" for i in range(20000))])
    assert len(long_body.tokens) == text.MAX_POSITION


def test_compounds_are_indexed_glued_and_mixed_tokens_split():
    normalized = "Giá 16.000 đồng/kg dịp 30/4-1/5, COVID-19, tuyến Sài Gòn-Hà Nội, vắc xin Covid19"
    tokens = text.fold_tokens(normalized)
    assert text.compound_tokens(normalized, tokens) == ["16000", "dongkg", "30415", "covid19", "covid", "19"]
    (field,) = index_fields([normalized])
    marker = field.tokens.index(text.COMPOUND_MARK)
    assert field.tokens[:marker] == tokens  # the words as before, then the compounds
    assert "sai gon ha noi" in " ".join(tokens) and "gonha" not in field.tokens  # no digit, no slash


def test_compound_tokens_are_bounded():
    normalized = " ".join(f"{i}/{i}" for i in range(1000))
    assert len(text.compound_tokens(normalized, text.fold_tokens(normalized))) == text.MAX_COMPOUND_TOKENS


def test_field_terms_are_tokens_and_pairs_of_words_only():
    stream, words = text.field_stream("Giá heo 16.000 đồng")
    assert words == 5
    assert text.field_terms(stream) == {"gia", "heo", "16", "000", "dong", "16000"} | {
        "gia_heo",
        "heo_16",
        "16_000",
        "000_dong",
    }


@pytest.mark.parametrize(
    ("query", "glued", "tokens"),
    [
        pytest.param("16.000", "16000", ("16", "000"), id="thousands"),
        pytest.param("16,000", "16000", ("16", "000"), id="comma"),
        pytest.param("đồng/kg", "dongkg", ("dong", "kg"), id="unit"),
        pytest.param("30/4-1/5", "30415", ("30", "4", "1", "5"), id="holiday"),
        pytest.param("COVID-19", "covid19", ("covid", "19"), id="covid"),
    ],
)
def test_a_typed_compound_is_one_term_with_its_glued_token(query, glued, tokens):
    (term,) = parse_query(query).terms
    assert (term.glued, term.tokens, term.shown, term.is_phrase) == (glued, tokens, query, False)
    assert parse_query(f'"{query}"').terms[0].glued is None  # quoted: the words, as a phrase


def test_compounds_without_digits_or_slashes_stay_words():
    assert [term.tokens for term in parse_query("Sài Gòn-Hà Nội").terms] == [
        ("sai",),
        ("gon",),
        ("ha",),
        ("noi",),
    ]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("<p>Hà Nội &amp; TP.HCM: &quot;mưa&quot; &lt;to&gt; &#x27;lắm&#x27;</p>", id="escaped"),
        pytest.param("<p>  Khoảng trắng \xa0 </p>", id="spaces"),
        pytest.param("<p>a &nbsp; b &#39; &foo bar &amp</p>", id="other-entities"),
        pytest.param("<p>có <b>đậm</b></p><p>hai</p>", id="markup"),
        pytest.param("<P>hoa</P>", id="upper-case-tags"),
        pytest.param("<h3>Tiêu đề</h3>", id="heading"),
    ],
)
def test_paragraph_text_is_wagtails_text_for_indexing(value):
    from wagtail.rich_text import get_text_for_indexing

    from toasoan.search.services.prepared import _paragraph_text

    assert _paragraph_text(value) == get_text_for_indexing(value)


def test_paragraph_text_matches_wagtail_on_random_escaped_text():
    import html
    import random

    from wagtail.rich_text import get_text_for_indexing

    from toasoan.search.services.prepared import _paragraph_text

    rng = random.Random(5)
    pieces = [
        *"ab ươ\t\n\r\x00&;#<>\"'/",
        "&amp;",
        "&lt;",
        "&#39;",
        "&nbsp;",
        "\xa0",
        "&#x27;",
        "</p>",
        "<br/>",
    ]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(20)))
        for value in (f"<p>{text}</p>", f"<p>{html.escape(text)}</p>"):
            assert _paragraph_text(value) == get_text_for_indexing(value), value
