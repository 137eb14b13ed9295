"""Relevance is worked out from the same facts on both engines: no database here.

SQLite reports a document's terms from its stored token streams, PostgreSQL from the
positions in its vectors (``ranking.QueryTerms.from_streams`` / ``from_positions``). Both are
built from one index stream (``text.index_fields``): they must say the same of any document,
or a query would rank differently on the two engines.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toasoan.search.services import ranking
from toasoan.search.services.ranking import QueryTerms, field_bounds
from toasoan.search.services.text import COMPOUND_MARK, PLACEHOLDER, field_stream, index_streams, parse_query

WORDS = ["ha", "noi", "mua", "thu", "16", "000", "16.000", "đồng/kg", "covid19", "a"]


def _both(fields: list[str], query: str):
    streams, words = zip(*(field_stream(text) for text in fields), strict=True)
    keys = index_streams(list(streams))
    lengths = (*words, *(len(stream) for stream in streams))
    texts = [" ".join(field.tokens) for field in keys]
    positions: dict[str, list[int]] = {}
    for field in keys:
        for token, position in zip(field.tokens, field.positions, strict=True):
            if position is not None and token not in (PLACEHOLDER, COMPOUND_MARK):
                positions.setdefault(token, []).append(position)
    terms = QueryTerms.of(parse_query(query))
    return (
        terms,
        terms.from_streams(texts, lengths),
        terms.from_positions(positions, lengths, field_bounds(lengths)),
    )


def _facts(document: ranking.DocumentTerms) -> tuple:
    counts = {term: tuple(tally) for term, tally in document.counts.items() if any(tally)}
    return counts, document.full_title, document.title_phrase, document.head_phrase, document.phrases


@settings(max_examples=300, deadline=None)
@given(
    fields=st.lists(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join), min_size=4, max_size=4),
    query=st.lists(st.sampled_from([*WORDS, '"ha noi"', '"mua thu ha"']), min_size=1, max_size=6).map(
        " ".join
    ),
)
def test_sqlite_streams_and_postgresql_positions_say_the_same(fields, query):
    terms, from_streams, from_positions = _both(fields, query)
    assert _facts(from_streams) == _facts(from_positions), (fields, query)
    weights = dict.fromkeys(terms.statistics_terms, 1.0)
    assert ranking.score(from_streams, terms, weights) == ranking.score(from_positions, terms, weights)


def test_repeated_words_and_pairs_are_all_counted():
    _, streams, positions = _both(["ha noi ha noi ha noi", "", "", ""], "ha noi")
    for document in (streams, positions):
        assert document.counts["ha"][0] == 3
        assert document.counts["ha noi"][0] == 3
        assert document.full_title is False and document.title_phrase is True


def test_the_title_is_the_query_only_when_it_is_nothing_else():
    _, exact, _ = _both(["Giá vàng hôm nay", "", "", ""], "gia vang hom nay")
    _, longer, _ = _both(["Giá vàng hôm nay tăng", "", "", ""], "gia vang hom nay")
    _, compound, _ = _both(["Giá 16.000 đồng", "", "", ""], "gia 16.000 dong")
    assert (exact.full_title, longer.full_title, longer.title_phrase) == (True, False, True)
    assert compound.full_title  # its compound tokens, after the words, are not part of the title


def test_pairs_never_run_from_one_field_into_the_next_or_into_compounds():
    _, document, _ = _both(["Hà", "Nội 16.000", "", ""], "ha noi 16000 noi")
    assert document.counts.get("ha noi", [0, 0, 0, 0]) == [0, 0, 0, 0]
    assert document.counts["16000"][1] == 1
