"""The two engines behind one interface: SQLite FTS5 and PostgreSQL tsvector/GIN.

Each engine answers the same three questions with one SQL statement each:

* `candidates`: how many documents match, and the sets the ranking is made of — the
  newest matches, the newest whose title/lead/tags match (with their bm25 / ts_rank), the
  newest with the whole query as a phrase there, the newest with the exact accented words
  (anywhere, and in the title/lead/tags);
* `older`: matches older than a sort key, newest first (pages past the ranked ones);
* `suggest`: the newest titles matching complete words and a last-word prefix.

Queries are built from folded tokens only, each one quoted ("tok" for FTS5, 'tok' for
tsquery), and passed as bound parameters: what a reader types never becomes syntax.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from django.db import connection

from ..models import SearchDocument
from .text import EXACT_MARK, SCOPE_PREFIX, TITLE_MARK, ParsedQuery, Term

# Candidate sets, by tag.
FULL, HEAD_ALL, HEAD_PHRASE, EXACT_ALL, EXACT_HEAD = 1, 2, 3, 4, 5

TABLE = SearchDocument._meta.db_table


@dataclass
class Scope:
    """Filters, in the terms the engines use: a section id and a sort-key range [low, high)."""

    section_id: int | None = None
    low: int | None = None
    high: int | None = None


@dataclass
class Candidates:
    count: int = 0
    sets: dict[int, list[int]] = field(default_factory=dict)
    #: Relevance from the title/lead/tags (bigger is better), for HEAD_ALL members.
    scores: dict[int, float] = field(default_factory=dict)


def _quoted(token: str, quote: str) -> str:
    return f"{quote}{token}{quote}"


# ----------------------------------------------------------------------------- SQLite


class SqliteEngine:
    vendor = "sqlite"
    #: bm25 weights of portal_search_fts_head's columns: title, lead, extra, scope.
    HEAD_WEIGHTS = "10.0, 4.0, 2.0, 0.0"

    @staticmethod
    def _term(term: Term) -> str:
        return _quoted(" ".join(term.tokens), '"')

    def _and(self, parts: list[str], scope: Scope) -> str:
        if scope.section_id is not None:
            parts = [*parts, _quoted(f"{SCOPE_PREFIX}{scope.section_id}", '"')]
        return " AND ".join(parts)

    @staticmethod
    def _range(scope: Scope) -> tuple[str, list[int]]:
        sql, params = "", []
        if scope.low is not None:
            sql += " AND rowid >= %s"
            params.append(scope.low)
        if scope.high is not None:
            sql += " AND rowid < %s"
            params.append(scope.high)
        return sql, params

    def match_expression(self, query: ParsedQuery, scope: Scope) -> str:
        return self._and([self._term(term) for term in query.terms], scope)

    def candidates(self, query: ParsedQuery, scope: Scope, limit: int) -> Candidates:
        full = self.match_expression(query, scope)
        range_sql, range_params = self._range(scope)
        parts = [
            f"SELECT 0, count(*), NULL FROM portal_search_fts WHERE portal_search_fts MATCH %s{range_sql}"  # noqa: S608 (constants; values are bound parameters)
        ]
        params: list = [full, *range_params]

        def add(tag: int, table: str, expression: str, score: str = "NULL") -> None:
            parts.append(
                f"SELECT * FROM (SELECT {tag}, rowid, {score} FROM {table} WHERE {table} MATCH %s{range_sql} "  # noqa: S608 (constants; values are bound parameters)
                "ORDER BY rowid DESC LIMIT %s)"
            )
            params.extend([expression, *range_params, limit])

        add(FULL, "portal_search_fts", full)
        add(HEAD_ALL, "portal_search_fts_head", full, f"-bm25(portal_search_fts_head, {self.HEAD_WEIGHTS})")
        if len(query.tokens) > 1:
            add(
                HEAD_PHRASE,
                "portal_search_fts_head",
                self._and([_quoted(" ".join(query.tokens), '"')], scope),
            )
        if query.exact:
            exact = [_quoted(key, '"') for key in query.exact]
            add(EXACT_ALL, "portal_search_fts_exact", self._and(exact, scope))
            add(
                EXACT_HEAD,
                "portal_search_fts_exact",
                self._and([f"{{exact_head}} : ({' AND '.join(exact)})"], scope),
            )
        return _collect(" UNION ALL ".join(parts), params)

    def older(self, query: ParsedQuery, scope: Scope, below: int, limit: int) -> list[int]:
        range_sql, range_params = self._range(scope)
        sql = (
            f"SELECT rowid FROM portal_search_fts WHERE portal_search_fts MATCH %s AND rowid < %s{range_sql} "  # noqa: S608 (constants; values are bound parameters)
            "ORDER BY rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match_expression(query, scope), below, *range_params, limit])
            return [row[0] for row in cursor.fetchall()]

    def suggest(self, words: ParsedQuery, prefix: str, limit: int) -> list[int]:
        parts = [_quoted(token, '"') for token in words.tokens] + [f"{_quoted(prefix, '"')} *"]
        expression = f"{{title_key}} : ({' AND '.join(parts)})"
        sql = (
            "SELECT rowid FROM portal_search_fts_head WHERE portal_search_fts_head MATCH %s "
            "ORDER BY rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, limit])
            return [row[0] for row in cursor.fetchall()]


# ----------------------------------------------------------------------------- PostgreSQL


class PostgresqlEngine:
    """tsvector columns filled by the indexing service, read through three SQL functions.

    The functions (migration 0002) pin the plans to GIN bitmap scans, without JIT: left
    alone, the planner filters a common word's 40,000 rows with a sequential or sort-key
    index scan that decompresses every row's vector (half a second at 100,000 articles).
    """

    vendor = "postgresql"
    #: ts_rank weights {D, C, B, A}: nothing, extra, lead, title.
    HEAD_WEIGHTS = "{0, 0.2, 0.4, 1.0}"

    @staticmethod
    def _term(term: Term) -> str:
        lexemes = [_quoted(token, "'") for token in term.tokens]
        if len(lexemes) == 1:
            return lexemes[0]
        # Both vectors hold every adjacent pair as one lexeme ('ha noi'): a two-word phrase
        # is one index lookup, a longer one is narrowed by its pairs before positions are read.
        bigrams = [_quoted(f"{a} {b}", "'") for a, b in itertools.pairwise(term.tokens)]
        if len(lexemes) == 2:
            return bigrams[0]
        return "(" + " & ".join(bigrams) + " & " + " <-> ".join(lexemes) + ")"

    @staticmethod
    def _and(parts: list[str], scope: Scope) -> str:
        if scope.section_id is not None:
            parts = [*parts, _quoted(f"{SCOPE_PREFIX}{scope.section_id}", "'")]
        return " & ".join(parts)

    def match_expression(self, query: ParsedQuery, scope: Scope) -> str:
        return self._and([self._term(term) for term in query.terms], scope)

    def candidates(self, query: ParsedQuery, scope: Scope, limit: int) -> Candidates:
        full = self.match_expression(query, scope)
        phrase = exact = exact_head = None
        if len(query.tokens) > 1:
            phrase = self._and([self._term(Term(query.words))], scope)
        if query.exact:
            exact = self._and([_quoted(key, "'") for key in query.exact], scope)
            exact_head = self._and([_quoted(f"{EXACT_MARK}{key}", "'") for key in query.exact], scope)
        return _collect(
            "SELECT tag, key, score FROM portal_search_candidates("
            "%s::tsquery, %s::tsquery, %s::tsquery, %s::tsquery, %s::tsquery, %s, %s, %s, %s::real[])",
            [full, full, phrase, exact, exact_head, scope.low, scope.high, limit, self.HEAD_WEIGHTS],
        )

    def older(self, query: ParsedQuery, scope: Scope, below: int, limit: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT key FROM portal_search_older(%s::tsquery, %s, %s, %s, %s)",
                [self.match_expression(query, scope), below, scope.low, scope.high, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def suggest(self, words: ParsedQuery, prefix: str, limit: int) -> list[int]:
        # head_vector also holds the title's words marked with "¶": a prefix of them is a
        # plain index lookup, with no weights to check row by row.
        parts = [_quoted(f"{TITLE_MARK}{token}", "'") for token in words.tokens]
        parts.append(f"{_quoted(f'{TITLE_MARK}{prefix}', "'")}:*")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT key FROM portal_search_suggest(%s::tsquery, %s)", [" & ".join(parts), limit]
            )
            return [row[0] for row in cursor.fetchall()]


def _collect(sql: str, params: list) -> Candidates:
    found = Candidates()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for tag, value, score in cursor.fetchall():
            if tag == 0:
                found.count = value
                continue
            found.sets.setdefault(tag, []).append(value)
            if score is not None:
                found.scores[value] = float(score)
    return found


def engine() -> SqliteEngine | PostgresqlEngine:
    if connection.vendor == "postgresql":
        return PostgresqlEngine()
    if connection.vendor == "sqlite":
        return SqliteEngine()
    raise NotImplementedError(f"search needs SQLite or PostgreSQL, not {connection.vendor}")
