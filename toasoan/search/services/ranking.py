"""Relevance: BM25 over the title, lead, tags and body, with adjacent word pairs, the same on both engines.

For each document to rank, the engine reports where the query's tokens are
(``DocumentTerms``: counts per field, whole phrases, the title as typed), from SQLite's
stored token streams or PostgreSQL's vectors; the score is worked out here, in one place:

* every query *unit* (a word, or the glued token of a compound such as ``16.000``) and every
  pair of adjacent units is a term, weighted by its IDF over the whole index;
* a term's frequency is summed over the fields with their weights (title 3, lead 1.5,
  tags/authors/section 1, body 1), each normalized by the field's length (BM25F), then
  saturated (``k1``): a word said twice counts more than once, not twice;
* the pairs are the proximity bonus: ``ha noi`` written together scores above ``Hà`` and
  ``Nội`` apart, and a headline's words in the order of the headline score most;
* a near match (``searching``: an article without every word) is scored by the words it
  has, times the share of the words it has.

The constants below were chosen on one half of ../shared/corpus (bench/search_eval.py
``--split dev``); docs/search.md reports them on the other half.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from .text import ParsedQuery

FIELDS = ("title", "lead", "extra", "body")
#: BM25F weights and length normalization (b) of title, lead, extra and body.
WEIGHTS = (3.0, 1.5, 1.0, 1.0)
LENGTH_NORMALIZATION = (0.3, 0.5, 0.3, 0.75)
#: A typical article's field lengths in words (the corpus's means, rounded): the same on both
#: engines and for every query, so a score depends on the document, not on the index's mood.
AVERAGE_LENGTHS = (12.0, 35.0, 8.0, 570.0)
K1 = 1.2
#: Weight of an adjacent pair against a single word.
PAIR_WEIGHT = 1.0


def parse_lengths(text: str | None) -> tuple[int, ...]:
    """``lengths`` of a document row: words per field, then each field's stream length."""
    values = tuple(map(int, (text or "").split()))
    if len(values) != 2 * len(FIELDS):
        # Indexed before lengths were kept: everything counts as body, at a typical length.
        return (0, 0, 0, int(AVERAGE_LENGTHS[3]), 0, 0, 0, 0)
    return values


def field_bounds(lengths: Sequence[int]) -> list[tuple[int, int]]:
    """[first, last] index position of each field's stream (``text.index_streams``' numbering).

    Without the stream lengths (an old row) every position is the body's.
    """
    streams = lengths[len(FIELDS) :]
    if not any(streams):
        return [(1, 0), (1, 0), (1, 0), (1, 1 << 30)]
    bounds, start = [], 1
    for size in streams:
        bounds.append((start, start + size - 1))
        start += size + 1
    return bounds


@dataclass
class DocumentTerms:
    """What ranking needs of one document: term counts per field, and a few whole-query facts."""

    #: term (token, or "a b" for a pair) -> count in each field (title, lead, extra, body)
    counts: dict[str, list[int]]
    #: words per field
    lengths: tuple[int, ...]
    #: The title is the query's words in order, and nothing else.
    full_title: bool
    #: Every quoted phrase is in one field, and every compound either glued or as its words.
    phrases: dict[str, bool]
    scope: str = ""
    #: The query's words, in order and together, are in the title; in the title, lead or tags.
    title_phrase: bool = False
    head_phrase: bool = False

    def has(self, term: str) -> bool:
        return any(self.counts.get(term, ()))


@dataclass
class QueryTerms:
    """The query as ranking sees it: its units (one per word or compound), their adjacent
    pairs, the tokens the engines report on, its phrases."""

    #: (unit token, shown text, phrase key of a compound or None), loose terms only, in query order
    loose: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: Every scored unit in query order (loose units and the words of quoted phrases).
    units: list[str] = field(default_factory=list)
    pairs: list[str] = field(default_factory=list)
    #: Phrases to check whole: quoted phrases and the words of compounds ("a b c" -> tokens).
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Quoted phrases: a near match must have every one.
    required: list[str] = field(default_factory=list)
    #: Every token of the query's words, in order (the title test).
    title: tuple[str, ...] = ()

    @classmethod
    def of(cls, query: ParsedQuery) -> QueryTerms:
        terms = cls(title=query.tokens)
        sequence: list[str | None] = []
        for term in query.terms:
            if term.is_phrase:
                key = " ".join(term.tokens)
                terms.phrases[key] = term.tokens
                terms.required.append(key)
                sequence.extend(term.tokens)
                terms.units.extend(term.tokens)
                continue
            compound = None
            if term.glued:
                compound = " ".join(term.tokens)
                terms.phrases[compound] = term.tokens
                sequence.append(None)  # a glued token is never next to a word in the index
            else:
                sequence.append(term.unit)
            terms.loose.append((term.unit, term.shown or term.unit, compound))
            terms.units.append(term.unit)
        terms.units = list(dict.fromkeys(terms.units))
        terms.pairs = list(
            dict.fromkeys(
                f"{a} {b}" for a, b in pairwise(sequence) if a is not None and b is not None and a != b
            )
        )
        return terms

    @property
    def tokens(self) -> list[str]:
        """Every token the engines report positions or counts of."""
        found = dict.fromkeys(self.units)
        for tokens in self.phrases.values():
            found.update(dict.fromkeys(tokens))
        found.update(dict.fromkeys(self.title))
        return list(found)

    @property
    def statistics_terms(self) -> list[str]:
        """The terms whose document counts weight the score: units and pairs."""
        return [*self.units, *self.pairs]

    # ------------------------------------------------------------------ from an engine

    @cached_property
    def _finder(self) -> re.Pattern[str]:
        # " tok" followed by a space: one pass over a stream finds every query token.  Literal
        # alternatives only, no repetition: linear in the stream.
        alternatives = "|".join(re.escape(token) for token in sorted(self.tokens, key=len, reverse=True))
        return re.compile(f" ({alternatives})(?= )")

    @cached_property
    def _pair_set(self) -> frozenset[str]:
        return frozenset(self.pairs)

    @cached_property
    def _split_pairs(self) -> list[tuple[str, tuple[str, str]]]:
        return [(pair, tuple(pair.split(" "))) for pair in self.pairs]

    def from_streams(self, texts: Sequence[str], lengths: tuple[int, ...], scope: str = "") -> DocumentTerms:
        """From SQLite's stored streams (``title_key`` …): one regular-expression pass a field
        finds the query's tokens, and two found one after the other (the second starts at the
        space the first ends on) are a pair."""
        counts: dict[str, list[int]] = {}
        finder = self._finder
        pairs = self._pair_set
        padded = [f" {text} " if text else "" for text in texts]
        for index, text in enumerate(padded):
            if not text:
                continue
            end, previous = -1, ""
            for match in finder.finditer(text):
                token = match.group(1)
                tally = counts.get(token)
                if tally is None:
                    tally = counts[token] = [0, 0, 0, 0]
                tally[index] += 1
                if match.start() == end:
                    pair = f"{previous} {token}"
                    if pair in pairs:
                        tally = counts.get(pair)
                        if tally is None:
                            tally = counts[pair] = [0, 0, 0, 0]
                        tally[index] += 1
                end, previous = match.end(), token
        phrases = (
            {
                key: any(f" {' '.join(tokens)} " in text for text in padded if text)
                for key, tokens in self.phrases.items()
            }
            if self.phrases
            else {}
        )
        whole = f" {' '.join(self.title)} "
        title_phrase = bool(self.title) and bool(padded) and whole in padded[0]
        head_phrase = title_phrase or (bool(self.title) and any(whole in text for text in padded[1:3]))
        full_title = (
            title_phrase
            and lengths[0] == len(self.title)
            and tuple(texts[0].split(" ", lengths[0])[: lengths[0]]) == self.title
        )
        return DocumentTerms(counts, lengths, full_title, phrases, scope, title_phrase, head_phrase)

    def from_positions(
        self,
        positions: dict[str, list[int]],
        lengths: tuple[int, ...],
        bounds: list[tuple[int, int]],
        scope: str = "",
    ) -> DocumentTerms:
        """From PostgreSQL's positions of the query's tokens (``search_vector``, or ``head_vector``).

        A lexeme's positions come sorted from the vector: a field's count is two bisections.
        Fields are one unused position apart, so two adjacent positions are in the same field.
        """
        fields = _Fields(bounds)
        sets = _PositionSets(positions)
        # A term the document lacks has no count, as from_streams leaves it: a title, lead and
        # tags hold few of a headline's words.
        counts = {token: fields.counts(places) for token in self.tokens if (places := positions.get(token))}
        for pair, (first, second) in self._split_pairs:
            if first not in counts or second not in counts:
                continue
            tally = [0] * len(FIELDS)
            for start in _starts(sets, (first, second)):
                index = fields.of(start)
                if index >= 0:
                    tally[index] += 1
            counts[pair] = tally
        phrases = {key: _phrase_in(_starts(sets, tokens), fields) for key, tokens in self.phrases.items()}
        title_starts = _starts(sets, self.title) if self.title else []
        title_phrase = _phrase_in(title_starts, fields, field=0)
        head_phrase = title_phrase or any(_phrase_in(title_starts, fields, field=index) for index in (1, 2))
        full_title = (
            title_phrase
            and lengths[0] == len(self.title)
            and all(
                bounds[0][0] + offset in sets[token] and fields.of(bounds[0][0] + offset) == 0
                for offset, token in enumerate(self.title)
            )
        )
        return DocumentTerms(counts, lengths, full_title, phrases, scope, title_phrase, head_phrase)


class _Fields:
    """Which field a position is in (``field_bounds``: increasing, one position apart)."""

    def __init__(self, bounds: list[tuple[int, int]]) -> None:
        self.bounds = bounds
        self.firsts = [first for first, _last in bounds]

    def of(self, position: int) -> int:
        index = bisect_right(self.firsts, position) - 1
        while index >= 0:
            first, last = self.bounds[index]
            if first <= position <= last:
                return index
            if first < position:
                return -1
            index -= 1  # an empty field starting at the same position (a row without lengths)
        return -1

    def counts(self, places: Sequence[int]) -> list[int]:
        """How many of the sorted *places* each field holds."""
        tally = [0] * len(FIELDS)
        if len(places) < 8:  # fewer than the bisections would cost
            for position in places:
                index = self.of(position)
                if index >= 0:
                    tally[index] += 1
            return tally
        for index, (first, last) in enumerate(self.bounds):
            if first <= last:
                tally[index] = bisect_right(places, last) - bisect_left(places, first)
        return tally


class _PositionSets(dict):
    """A token's positions as a set, made when first asked for (pairs and phrases only)."""

    def __init__(self, positions: dict[str, list[int]]) -> None:
        super().__init__()
        self.positions = positions

    def __missing__(self, token: str) -> set[int]:
        found = self[token] = set(self.positions.get(token, ()))
        return found


def _starts(sets: _PositionSets, tokens: Sequence[str]) -> list[int]:
    """The positions where *tokens* start, together and in order."""
    found = sets.positions.get(tokens[0], [])
    for offset, token in enumerate(tokens[1:], 1):
        if not found:
            break
        following = sets[token]
        found = [position for position in found if position + offset in following]
    return found


def _phrase_in(starts: list[int], fields: _Fields, field: int | None = None) -> bool:
    """Whether a field (*field*, if given) holds a phrase starting at one of *starts*."""
    for start in starts:
        index = fields.of(start)
        if index >= 0 and (field is None or index == field):
            return True
    return False


# ----------------------------------------------------------------------------- scoring


def idf(df: int, population: int) -> float:
    population = max(population, df)
    return math.log(1.0 + (population - df + 0.5) / (df + 0.5))


def _frequency(counts: Sequence[int], lengths: Sequence[int]) -> float:
    total = 0.0
    for count, length, weight, b, average in zip(
        counts, lengths, WEIGHTS, LENGTH_NORMALIZATION, AVERAGE_LENGTHS, strict=False
    ):
        if count:
            total += weight * count / (1.0 - b + b * length / average)
    return total


def _term_score(document: DocumentTerms, term: str, weight: float) -> float:
    counts = document.counts.get(term)
    if not counts or not any(counts):
        return 0.0
    frequency = _frequency(counts, document.lengths)
    return weight * frequency / (K1 + frequency)


def present(document: DocumentTerms, unit: str, compound: str | None) -> bool:
    return document.has(unit) or (compound is not None and document.phrases.get(compound, False))


def score(document: DocumentTerms, terms: QueryTerms, weights: dict[str, float]) -> float:
    """BM25F of the units and their pairs; *weights* are the terms' IDFs."""
    total = sum(_term_score(document, unit, weights.get(unit, 0.0)) for unit in terms.units)
    total += PAIR_WEIGHT * sum(_term_score(document, pair, weights.get(pair, 0.0)) for pair in terms.pairs)
    return total


def in_head(document: DocumentTerms, terms: QueryTerms) -> bool:
    """Every unit is in the title, lead or tags (a compound glued or as its words)."""
    for unit, _shown, compound in terms.loose:
        if not any(document.counts.get(unit, (0, 0, 0))[:3]) and not (
            compound and all(any(document.counts.get(token, (0, 0, 0))[:3]) for token in compound.split(" "))
        ):
            return False
    return all(
        all(any(document.counts.get(token, (0, 0, 0))[:3]) for token in terms.phrases[key])
        for key in terms.required
    )


def coverage(document: DocumentTerms, terms: QueryTerms) -> tuple[float, list[str]]:
    """The share of the loose terms the document has, and the ones it lacks (as typed)."""
    if not terms.loose:
        return 1.0, []
    missing = [shown for unit, shown, compound in terms.loose if not present(document, unit, compound)]
    return 1.0 - len(missing) / len(terms.loose), missing


def weights_of(df: dict[str, int], population: int, names: Iterable[str]) -> dict[str, float]:
    return {name: idf(df.get(name, 0), population) for name in names}
