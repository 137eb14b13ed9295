"""SQLite reads a long query's matches from the term index when it can: the same matches as
the full-text table's, in the same order (collected on SQLite only; conftest.py)."""

from __future__ import annotations

import pytest

from toasoan.search.services import engines
from toasoan.search.services.engines import Scope, SqliteEngine
from toasoan.search.services.text import parse_query

QUERIES = [
    "ha noi mua lon",  # words
    "gia 16.000 dong kg",  # a compound: glued or as its words
    'mua "ha noi" ngap',  # a quoted pair
    '"mua lon o ha noi" ngap nhieu pho',  # a longer phrase: the full-text table answers
    "ha noi ha noi mua",  # a repeated word
]


@pytest.fixture
def corpus(article):
    texts = [
        ("Mưa lớn ở Hà Nội", "Hà Nội ngập sau mưa lớn.", "Giá rau 16.000 đồng/kg."),
        ("Hà Nội mưa", "", "Mưa lớn, Hà Nội ngập, giá 16000 đồng kg."),
        ("Tin ngắn", "Nội dung: mưa; Hà, Nội.", "Lớn lên ở Hà Nội."),
        ("Giá cả", "Giá rau 16,000 đồng một kg ở Hà Nội, mưa lớn.", ""),
        ("Thời tiết", "Mưa lớn ở Hà Nội làm ngập nhiều phố.", "Hà Nội mưa lớn."),
        # The words, not together: no match of a pair or a compound.
        ("Hà Giang", "Mưa lớn ở Hà Giang, nội thành ngập.", ""),
        ("Giá 16 mặt hàng", "Giá tính theo đồng, kg và 000 tấn.", ""),
    ]
    for day, (title, lead, body) in enumerate(texts * 3, start=1):
        article(f"{title} {day}", lead=lead, body=body, published_at=f"08:00 {day:02d}/09/2020")


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("counted", [2000, 3], ids=["all-read", "read-capped"])
def test_the_term_index_gives_the_full_text_tables_matches(query, counted, corpus, monkeypatch):
    engine = SqliteEngine()
    parsed = parse_query(query)
    for scope in (Scope(originals_only=True), Scope(low=0, originals_only=True)):
        by_terms = engine.candidates(parsed, scope, 2, counted)
        with monkeypatch.context() as patched:
            patched.setattr(SqliteEngine, "_newest_by_terms", lambda *args: None)
            by_table = engine.candidates(parsed, scope, 2, counted)
        assert by_table.count > 2, query
        assert (by_terms.count, by_terms.sets) == (by_table.count, by_table.sets), query


def test_only_a_search_of_every_portal_reads_the_term_index(corpus, monkeypatch):
    answered = []
    original = SqliteEngine._newest_by_terms

    def spy(self, *args):
        found = original(self, *args)
        answered.append(found is not None)
        return found

    monkeypatch.setattr(SqliteEngine, "_newest_by_terms", spy)
    engine = SqliteEngine()
    for query, scope in [
        ("ha noi mua lon", Scope(originals_only=True)),
        ("ha noi mua lon", Scope(section_id=1)),
        ('"mua lon o ha noi" ngap nhieu pho', Scope(originals_only=True)),
    ]:
        engine.candidates(parse_query(query), scope, 2, 2000)
    assert answered == [True, False, False]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("superset", [150, 2], ids=["superset", "too-many"])
def test_a_long_querys_rarer_terms_are_read_from_the_term_index_alike(query, superset, corpus, monkeypatch):
    """The documents holding a long query's rarer terms (`narrow`), read from the term index or
    from the full-text table: the same superset, or the same refusal of one."""
    monkeypatch.setattr(engines, "NARROW_SUPERSET", superset)
    engine = SqliteEngine()
    parsed = parse_query(query)
    narrow = parsed.terms[:2]
    for scope in (Scope(originals_only=True), Scope(low=0, originals_only=True), Scope(section_id=1)):
        by_terms = engine.candidates(parsed, scope, 2, 2000, narrow=narrow)
        with monkeypatch.context() as patched:
            patched.setattr(SqliteEngine, "_by_terms", lambda *args: None)
            by_table = engine.candidates(parsed, scope, 2, 2000, narrow=narrow)
        assert (by_terms.superset, by_terms.count, by_terms.sets) == (
            by_table.superset,
            by_table.count,
            by_table.sets,
        ), (query, scope)
