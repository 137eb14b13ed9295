"""The two engines behind one interface: SQLite FTS5 and PostgreSQL tsvector/GIN.

Each engine answers the same questions with one SQL statement each:

* `candidates`: how many documents match, and the sets the ranking is made of — the
  newest matches, the newest whose title/lead/tags match, the
  newest with the whole query as a phrase there, the newest with the exact accented words
  (anywhere, and in the title/lead/tags);
* `older`: matches older than a sort key, newest first (pages past the ranked ones);
* `suggest`: the newest titles matching complete words and a last-word prefix;
* `term_stats`: how many documents hold each query term (a token, or two adjacent words),
  and which when they are few: the relevance's IDF, and the near matches' candidates;
* `details`: for the documents to rank, where the query's tokens are in each field
  (``ranking.DocumentTerms``), from the stored token streams (SQLite) or the vectors (PostgreSQL);
* `population`: how many documents the index holds.

Queries are built from folded tokens only, each one quoted ("tok" for FTS5, 'tok' for
tsquery), and passed as bound parameters: what a reader types never becomes syntax.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection

from ..models import SearchDocument
from . import window
from .ranking import DocumentTerms, QueryTerms, field_bounds, parse_lengths
from .text import (
    COPY_SCOPE,
    EXACT_MARK,
    PAIR_JOINER,
    SCOPE_PREFIX,
    TITLE_MARK,
    ParsedQuery,
    Term,
    field_terms,
)

# Candidate sets, by tag.
FULL, HEAD_ALL, HEAD_PHRASE, EXACT_ALL, EXACT_HEAD = 1, 2, 3, 4, 5

TABLE = SearchDocument._meta.db_table
#: SQLite: at most this many documents holding a long query's rarer terms are checked
#: against its other terms by ranking, instead of FTS5 matching them all (``candidates``).
NARROW_SUPERSET = 150
#: SQLite: a search of every portal reads a long query's matches from the term index when the
#: install has at most this many republished copies (to take out after).
COPIES_READ = 20_000


@dataclass
class Scope:
    """Filters, in the terms the engines use: a section id and a sort-key range [low, high)."""

    section_id: int | None = None
    low: int | None = None
    high: int | None = None
    #: Leave republished copies out: the scope is every portal, where the origin is listed.
    originals_only: bool = False


@dataclass
class Candidates:
    count: int = 0
    sets: dict[int, list[int]] = field(default_factory=dict)
    #: FULL holds every match and some documents that are not: the matches of the query's
    #: rarer terms only (``narrow``), for ranking to check against the rest (``count`` is theirs).
    superset: bool = False


#: (share of the documents, floor, ceiling): how many documents a rare term is in at most.
Cap = tuple[float, int, int]


def term_cap(population: int, cap: Cap) -> int:
    """How many documents a rare term is in at most: a share of the population, within bounds."""
    share, floor, ceiling = cap
    return max(floor, min(ceiling, int(population * share)))


@dataclass
class TermStats:
    """Document counts of terms (an exact count up to the cap; above it, an estimate or cap + 1)
    and the documents of those at or below the cap."""

    population: int = 0
    df: dict[str, int] = field(default_factory=dict)
    keys: dict[str, list[int]] = field(default_factory=dict)


def _quoted(token: str, quote: str) -> str:
    return f"{quote}{token}{quote}"


def sqlite_terms(*keys: str | None) -> str:
    """``portal_search_terms(title_key, lead_key, extra_key, body_key)``: what the term index holds."""
    found: set[str] = set()
    for key in keys:
        if key:
            found |= field_terms(key.split(" "))
    return " ".join(sorted(found))


def register_sqlite_functions(wrapper) -> None:
    """Give a SQLite connection the function the term index's triggers call (migration 0004).

    Every Django connection gets it (``connection_created``, apps.py); a connection without it
    (the sqlite3 shell) cannot change the index's rows, rather than corrupt the term index.
    """
    if wrapper.vendor == "sqlite":
        wrapper.ensure_connection()
        wrapper.connection.create_function("portal_search_terms", 4, sqlite_terms, deterministic=True)


def on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("portal_search_terms", 4, sqlite_terms, deterministic=True)


def _varints(data: bytes) -> list[int]:
    """SQLite's big-endian varints (FTS5's averages record)."""
    values, index = [], 0
    while index < len(data):
        value = 0
        for step in range(9):
            byte = data[index]
            index += 1
            if step == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values


# ----------------------------------------------------------------------------- SQLite


class _SetStatement:
    """SQLite candidate sets, each the newest *limit* row ids of one FTS5 match (and a count),
    read in one ``UNION ALL`` statement (`_collect`)."""

    def __init__(self, scope: Scope, limit: int) -> None:
        self.range_sql, self.range_params = SqliteEngine._range(scope)
        self.limit = limit
        self.parts: list[str] = []
        self.params: list = []

    def __bool__(self) -> bool:
        return bool(self.parts)

    def add(self, tag: int, table: str, expression: str) -> None:
        self.parts.append(
            f"SELECT * FROM (SELECT {tag}, rowid FROM {table} WHERE {table} MATCH %s{self.range_sql} "  # noqa: S608 (constants; values are bound parameters)
            "ORDER BY rowid DESC LIMIT %s)"
        )
        self.params.extend([expression, *self.range_params, self.limit])

    def count(self, expression: str, counted: int) -> None:
        """How many match, up to *counted* + 1 (which says "more than *counted*")."""
        where = f"WHERE portal_search_fts MATCH %s{self.range_sql}"
        self.parts.append(
            f"SELECT 0, count(*) FROM (SELECT rowid FROM portal_search_fts {where} LIMIT %s)"  # noqa: S608 (constants; values are bound parameters)
        )
        self.params.extend([expression, *self.range_params, counted + 1])

    def read(self) -> Candidates:
        return _collect(" UNION ALL ".join(self.parts), self.params)


class SqliteEngine:
    vendor = "sqlite"

    @staticmethod
    def _term(term: Term) -> str:
        phrase = _quoted(" ".join(term.tokens), '"')
        if term.glued:
            return f"({_quoted(term.glued, '"')} OR {phrase})"
        return phrase

    def _and(self, parts: list[str], scope: Scope) -> str:
        if scope.section_id is not None:
            parts = [*parts, _quoted(f"{SCOPE_PREFIX}{scope.section_id}", '"')]
        if scope.originals_only:
            return f"({' AND '.join(parts)}) NOT {_quoted(COPY_SCOPE, '"')}"
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

    def candidates(
        self,
        query: ParsedQuery,
        scope: Scope,
        limit: int,
        counted: int,
        narrow: Sequence[Term] = (),
        head_read: int = 0,
    ) -> Candidates:
        """The newest matches first: when there are at most *limit*, they are all of them and
        their count, and ranking reads what the head sets would say from every match's terms
        (``ranking.in_head``); only a broader query counts its matches (up to *counted*: more
        are *counted* + 1) and reads the head sets.

        *narrow*, some of the query's terms (its rarer ones): when at most `NARROW_SUPERSET`
        documents hold them, those are returned instead (``superset``), for ranking to check
        against the other terms — the common words of a long query are what makes FTS5's AND
        slow (every candidate is sought in each word's long list: 13 ms for 11 words at
        100,000 articles, 3 ms for the rarest 6).
        """
        full = self.match_expression(query, scope)
        range_sql, range_params = self._range(scope)
        if narrow:
            # From the term index when it can tell: all of them, or more than a superset holds
            # (copies it took out may otherwise hide some).
            holding, whole = self._by_terms(narrow, scope, NARROW_SUPERSET + 1) or ([], False)
            if not whole and len(holding) <= NARROW_SUPERSET:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT rowid FROM portal_search_fts WHERE portal_search_fts MATCH %s{range_sql} "  # noqa: S608 (constants; values are bound parameters)
                        "ORDER BY rowid DESC LIMIT %s",
                        [
                            self._and([self._term(term) for term in narrow], scope),
                            *range_params,
                            NARROW_SUPERSET + 1,
                        ],
                    )
                    holding = [row[0] for row in cursor.fetchall()]
            if len(holding) <= NARROW_SUPERSET:
                found = Candidates(count=len(holding), sets={FULL: holding}, superset=True)
                if query.exact and holding:
                    found.sets.update(self._exact_sets(query, scope, limit).sets)
                return found
        found = Candidates()
        # A long query's matches are few and costly to find (every word's list is long): read
        # them all, as many as are counted, rather than once for the newest and again to count.
        reading = counted + 1 if len(query.loose) >= 3 else limit + 1
        by_terms = self._newest_by_terms(query, scope, reading, limit) if reading > limit + 1 else None
        if by_terms is None:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT rowid FROM portal_search_fts WHERE portal_search_fts MATCH %s{range_sql} "  # noqa: S608 (constants; values are bound parameters)
                    "ORDER BY rowid DESC LIMIT %s",
                    [full, *range_params, reading],
                )
                newest = [row[0] for row in cursor.fetchall()]
            whole = len(newest) < reading
        else:
            newest, whole = by_terms
        found.sets[FULL] = newest[:limit]
        # Reading past the count's cap counts the matches as "more than" it.
        known = whole or reading > counted
        found.count = len(newest) if whole else max(len(newest), counted + 1) if known else 0
        complete = whole and len(newest) <= limit
        sets = _SetStatement(scope, limit)
        if not known:
            sets.count(full, counted)
        head_phrase = (
            self._and([_quoted(" ".join(query.tokens), '"')], scope) if len(query.tokens) > 1 else None
        )
        # A long query's head phrase is among its head matches, whose terms ranking reads
        # (the newest `head_read`): it is looked up only when there are more of them.
        phrase_later = head_phrase is not None and len(query.loose) >= 3
        if not complete:
            sets.add(HEAD_ALL, "portal_search_fts_head", full)
            if head_phrase is not None and not phrase_later:
                sets.add(HEAD_PHRASE, "portal_search_fts_head", head_phrase)
        if query.exact and newest:
            self._add_exact(sets, query, scope)
        if sets:
            more = sets.read()
            found.sets.update(more.sets)
            if not known:
                found.count = more.count
        if not complete and phrase_later and len(found.sets.get(HEAD_ALL, ())) > head_read:
            later = _SetStatement(scope, limit)
            later.add(HEAD_PHRASE, "portal_search_fts_head", head_phrase)
            found.sets.update(later.read().sets)
        return found

    @staticmethod
    def _terms_expression(terms: Sequence[Term]) -> str | None:
        """The query for the term index: words, and two-word phrases as their pair; None for a
        longer phrase (its pairs would be more than its matches)."""
        parts = []
        for term in terms:
            if len(term.tokens) > 2:
                return None
            unit = _quoted(PAIR_JOINER.join(term.tokens), '"')
            parts.append(f"({_quoted(term.glued, '"')} OR {unit})" if term.glued else unit)
        return " AND ".join(parts)

    def _newest_by_terms(
        self, query: ParsedQuery, scope: Scope, reading: int, limit: int
    ) -> tuple[list[int], bool] | None:
        """A long query's newest *reading* matches, from the term index: its lists hold
        document ids only, quicker to intersect than the full-text table's for a headline's
        dozen common words (docs/search.md). It knows no sections, so only a search of every
        portal's articles reads it; republished copies are taken out after (their ids are
        read too, up to `COPIES_READ`). (The newest, whether they are all the matches), or None
        where it cannot answer."""
        found = self._by_terms(query.terms, scope, reading)
        if found is None:
            return None
        newest, whole = found
        if not whole and len(newest) <= limit:
            return None  # copies hid matches the read did not reach: too few to rank
        return newest, whole

    def _by_terms(self, terms: Sequence[Term], scope: Scope, reading: int) -> tuple[list[int], bool] | None:
        """The newest documents holding *terms*, from the term index: (at most *reading* of
        them less the republished copies among them, whether that is all of them), or None
        where it cannot answer (a section, a longer phrase, too many copies)."""
        expression = self._terms_expression(terms)
        if expression is None or scope.section_id is not None:
            return None
        range_sql, range_params = self._range(scope)
        sql = (
            f"SELECT * FROM (SELECT 1, rowid FROM portal_search_fts_terms WHERE portal_search_fts_terms "  # noqa: S608 (constants; values are bound parameters)
            f"MATCH %s{range_sql} ORDER BY rowid DESC LIMIT %s)"
        )
        params: list = [expression, *range_params, reading]
        if scope.originals_only:
            sql += (
                f" UNION ALL SELECT * FROM (SELECT 0, rowid FROM portal_search_fts WHERE portal_search_fts "  # noqa: S608 (constants; values are bound parameters)
                f"MATCH %s{range_sql} LIMIT %s)"
            )
            params += [_quoted(COPY_SCOPE, '"'), *range_params, COPIES_READ + 1]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        copies = {key for tag, key in rows if tag == 0}
        if len(copies) > COPIES_READ:
            return None
        read = [key for tag, key in rows if tag == 1]
        return [key for key in read if key not in copies], len(read) < reading

    def _add_exact(self, sets: _SetStatement, query: ParsedQuery, scope: Scope) -> None:
        exact = [_quoted(key, '"') for key in query.exact]
        sets.add(EXACT_ALL, "portal_search_fts_exact", self._and(exact, scope))
        sets.add(
            EXACT_HEAD,
            "portal_search_fts_exact",
            self._and([f"{{exact_head}} : ({' AND '.join(exact)})"], scope),
        )

    def _exact_sets(self, query: ParsedQuery, scope: Scope, limit: int) -> Candidates:
        sets = _SetStatement(scope, limit)
        self._add_exact(sets, query, scope)
        return sets.read()

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

    @staticmethod
    def population() -> int:
        # FTS5's averages record (row id 1 of its data table) starts with the row count: no
        # count(*) over the table (tens of milliseconds at 100,000 articles).
        with connection.cursor() as cursor:
            cursor.execute(_POPULATION)
            row = cursor.fetchone()
        return _varints(bytes(row[1]))[0] if row and row[1] else 0

    def term_stats(self, terms: Sequence[str], cap: Cap, *, keys: bool = True) -> TermStats:
        """Document counts (``portal_search_term_counts``, else the term index's vocabulary),
        then (*keys*) the documents of the rare terms.

        *cap* is (share, floor, ceiling) for `term_cap`.
        """
        stats = TermStats()
        indexed = [term.replace(" ", PAIR_JOINER) for term in terms]
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join([_POPULATION, *[_DOCUMENT_COUNT] * len(terms)]),
                [value for index, term in enumerate(indexed) for value in (index, term, term)],
            )
            for index, value in cursor.fetchall():
                if index < 0:
                    stats.population = _varints(bytes(value))[0] if value else 0
                else:
                    stats.df[terms[index]] = value
            limit = term_cap(stats.population, cap)
            rare = [index for index, term in enumerate(terms) if 0 < stats.df.setdefault(term, 0) <= limit]
            if not keys:
                return stats
            if rare:
                cursor.execute(
                    " UNION ALL ".join([_POSTINGS] * len(rare)),
                    [value for index in rare for value in (index, _quoted(indexed[index], '"'))],
                )
                for index, key in cursor.fetchall():
                    stats.keys.setdefault(terms[index], []).append(key)
        for index in rare:
            stats.keys.setdefault(terms[index], [])
        return stats

    def details(self, keys: Sequence[int], terms: QueryTerms, *, body: bool) -> dict[int, DocumentTerms]:
        columns = "title_key, lead_key, extra_key, " + ("body_key" if body else "''")
        found: dict[int, DocumentTerms] = {}
        with connection.cursor() as cursor:
            for chunk in _chunks(keys):
                cursor.execute(
                    f"SELECT sort_key, lengths, scope_key, {columns} FROM {TABLE} "  # noqa: S608 (constants)
                    f"WHERE sort_key IN ({', '.join(['%s'] * len(chunk))})",
                    list(chunk),
                )
                for key, lengths, scope, *texts in cursor.fetchall():
                    found[key] = terms.from_streams(texts, parse_lengths(lengths), scope)
        return found


_POPULATION = "SELECT -1, block FROM portal_search_fts_data WHERE id = 1"
# A common term's count as of the last optimize(), or (a rare or new term) from the vocabulary:
# SQLite's coalesce() evaluates its arguments in turn, so the second lookup is made only
# without the first.
_DOCUMENT_COUNT = (
    "SELECT %s, coalesce((SELECT df FROM portal_search_term_counts WHERE term = %s), "
    "(SELECT doc FROM portal_search_fts_terms_vocab WHERE term = %s), 0)"
)
_POSTINGS = "SELECT %s, rowid FROM portal_search_fts_terms WHERE portal_search_fts_terms MATCH %s"


def _chunks(keys: Sequence[int], size: int = 500) -> list[Sequence[int]]:
    return [keys[start : start + size] for start in range(0, len(keys), size)]


# ----------------------------------------------------------------------------- PostgreSQL


#: PostgreSQL: how long a process keeps the planner's statistics of the index (`Statistics`).
STATISTICS_SECONDS = 60
#: The newest slices the candidate sets are first looked for in (migration 0005): shares of
#: the articles.
SLICES = (0.02, 0.06, 0.2)


@dataclass(frozen=True)
class Statistics:
    """What ANALYZE says of the index, which changes only when it runs again: the sort keys
    of the newest `SLICES` (None: too few), and the common terms' share of the documents.

    Reading them through the pg_stats view is a noticeable part of a search (docs/search.md):
    each process keeps them `STATISTICS_SECONDS`.  A stale copy only makes the slices wider or
    a common term's estimated count an older estimate: every result stays exact.
    """

    floors: list[int] | None
    common: dict[str, float]
    #: The least common listed term's share: a term the list leaves out is in fewer (None: no list).
    beyond: float | None = None


_statistics: dict[str, tuple[float, Statistics]] = {}


def _read_statistics() -> Statistics:
    sql = (
        "SELECT {column} FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname "
        "WHERE c.oid = %s::regclass AND s.attname = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({sql.format(column='s.histogram_bounds::text::bigint[]')}), {window.INDEXES_SQL}",
            [TABLE, "sort_key", TABLE],
        )
        row = cursor.fetchone()
        bounds = row[0] or []
        recent = window.of_rows(row[1])
        cursor.execute(
            sql.format(column="s.most_common_elems::text::text[], s.most_common_elem_freqs"),
            [TABLE, "search_vector"],
        )
        row = cursor.fetchone()
    common = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    # The frequencies end with the least and the most common one's, and the empty vectors'.
    beyond = row[1][len(row[0])] if common and len(row[1]) > len(row[0]) else None
    floors = None
    if len(bounds) >= 11:
        floors = [bounds[len(bounds) - 1 - int((len(bounds) - 1) * share + 0.5)] for share in SLICES]
        if recent is not None and recent.low > floors[1]:
            # The newest slice is the window's: a read of exactly its range is planned on its
            # own indexes (services/window.py).
            floors[0] = recent.low
    return Statistics(floors=floors, common=common, beyond=beyond)


def forget_statistics() -> None:
    """Read the statistics again at the next search, as a new process would (tests)."""
    _statistics.clear()


def statistics(now: float | None = None) -> Statistics:
    """This process's copy of the index's `Statistics`, read again after `STATISTICS_SECONDS`."""
    now = time.monotonic() if now is None else now
    name = str(connection.settings_dict["NAME"])
    kept = _statistics.get(name)
    if kept is None or now - kept[0] > STATISTICS_SECONDS:
        kept = (now, _read_statistics())
        _statistics[name] = kept
    return kept[1]


class PostgresqlEngine:
    """tsvector columns filled by the indexing service, read through three SQL functions.

    The functions (migration 0002) pin the plans to GIN bitmap scans, without JIT: left
    alone, the planner filters a common word's 40,000 rows with a sequential or sort-key
    index scan that decompresses every row's vector (half a second at 100,000 articles).
    """

    vendor = "postgresql"

    @classmethod
    def _term(cls, term: Term) -> str:
        if term.glued:
            return f"({_quoted(term.glued, "'")} | {cls._term(Term(term.words))})"
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
        if scope.originals_only:
            parts = [*parts, "!" + _quoted(COPY_SCOPE, "'")]
        return " & ".join(parts)

    def match_expression(self, query: ParsedQuery, scope: Scope) -> str:
        return self._and([self._term(term) for term in query.terms], scope)

    def candidates(
        self,
        query: ParsedQuery,
        scope: Scope,
        limit: int,
        counted: int,
        narrow: Sequence[Term] = (),
        head_read: int = 0,
    ) -> Candidates:
        """*narrow* and *head_read* are SQLite's (the one call below reads all of it from the GIN indexes)."""
        full = self.match_expression(query, scope)
        phrase = exact = exact_head = None
        if len(query.tokens) > 1:
            phrase = self._and([self._term(Term(query.words))], scope)
        if query.exact:
            exact = self._and([_quoted(key, "'") for key in query.exact], scope)
            exact_head = self._and([_quoted(f"{EXACT_MARK}{key}", "'") for key in query.exact], scope)
        floors = statistics().floors if scope.low is None and scope.high is None else None
        return _collect(
            "SELECT tag, key FROM portal_search_candidates(%s::tsquery, %s::tsquery, %s::tsquery, "
            "%s::tsquery, %s::tsquery, %s, %s, %s, %s, %s::bigint[])",
            [
                full,
                full,
                phrase,
                exact,
                exact_head,
                scope.low,
                scope.high,
                limit,
                counted,
                floors,
            ],
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

    def term_stats(self, terms: Sequence[str], cap: Cap, *, keys: bool = True) -> TermStats:
        """One call of ``portal_search_term_stats`` (migrations 0004, 0006, 0008); row 0 is the population.

        The documents of the rare terms come with their count: they are what counts them.
        A term above the cap is estimated from the statistics, listed or not (0008).
        """
        stats = TermStats()
        known = statistics()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term, df, keys FROM portal_search_term_stats("
                "%s::text[], %s, %s, %s, %s::real[], %s::real)",
                [list(terms), *cap, [known.common.get(term) for term in terms], known.beyond],
            )
            for index, count, keys in cursor.fetchall():
                if index == 0:
                    stats.population = count
                    continue
                term = terms[index - 1]
                stats.df[term] = count
                if keys is not None:
                    stats.keys[term] = list(keys)
        return stats

    def details(self, keys: Sequence[int], terms: QueryTerms, *, body: bool) -> dict[int, DocumentTerms]:
        # Only the query's tokens, with their positions: every other lexeme weighted D, those
        # A, the A ones kept.  head_vector, when the body is not wanted, is the smaller read.
        # search_vector has no weights (all D): one copy of it fewer, for the longest vectors.
        vector = "search_vector" if body else "setweight(head_vector, 'D')"
        found: dict[int, DocumentTerms] = {}
        with connection.cursor() as cursor:
            for chunk in _chunks(keys, 1000):
                cursor.execute(
                    f"SELECT sort_key, lengths, scope_key, "  # noqa: S608 (constants; values are bound)
                    f"ts_filter(setweight({vector}, 'A', %s::text[]), '{{a}}')::text "
                    f"FROM {TABLE} WHERE sort_key = ANY(%s)",
                    [list(terms.tokens), list(chunk)],
                )
                for key, lengths, scope, positions in cursor.fetchall():
                    parsed = parse_lengths(lengths)
                    found[key] = terms.from_positions(
                        _positions(positions), parsed, field_bounds(parsed), scope
                    )
        return found


_LEXEME = re.compile(r"'((?:[^']|'')*)':([0-9A-D,]+)")


def _positions(vector: str) -> dict[str, list[int]]:
    """``'ha':3A,45A 'noi':4A`` → ``{"ha": [3, 45], "noi": [4]}``."""
    found: dict[str, list[int]] = {}
    for lexeme, where in _LEXEME.findall(vector or ""):
        found[lexeme.replace("''", "'")] = [int(item.rstrip("ABCD")) for item in where.split(",")]
    return found


def _collect(sql: str, params: list) -> Candidates:
    found = Candidates()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for tag, value in cursor.fetchall():
            if tag == 0:
                found.count = value
                continue
            found.sets.setdefault(tag, []).append(value)
    return found


def engine() -> SqliteEngine | PostgresqlEngine:
    if connection.vendor == "postgresql":
        return PostgresqlEngine()
    if connection.vendor == "sqlite":
        return SqliteEngine()
    raise NotImplementedError(f"search needs SQLite or PostgreSQL, not {connection.vendor}")
