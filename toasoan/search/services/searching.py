"""Searching: rank the matches, then show them through the one article listing query.

Ranking, the same on both engines (docs/search.md):

1. for a query typed with diacritics, documents with all its words exactly as typed
   (tone placement aside) in the title/lead/tags, then anywhere (``bão`` before ``báo``);
2. the whole query as a phrase in the title/lead/tags;
3. every word (and quoted phrase) in the title/lead/tags;
4. relevance of the title, lead and tags — weights 10, 4, 2 (bm25 on SQLite, ts_rank on
   PostgreSQL); documents matching only in the body have none;
5. newest first, then the highest page id.

To keep a query over 100,000 articles fast, each of the sets above is taken newest first
and capped at `CANDIDATES`; a query with more matches ranks the union of those sets and
lists the remaining matches after them, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.safestring import SafeString

from toasoan.articles.services import listing

from ..models import SearchDocument
from . import snippets
from .documents import sort_key_bound
from .engines import EXACT_ALL, EXACT_HEAD, FULL, HEAD_ALL, HEAD_PHRASE, Candidates, Scope, engine
from .text import ParsedQuery, parse_prefix_query

CANDIDATES = 300
SUGGESTIONS = 8


@dataclass(frozen=True)
class Filters:
    section_id: int | None = None
    #: Published at or after / strictly before.
    since: datetime | None = None
    until: datetime | None = None

    def scope(self) -> Scope:
        return Scope(
            section_id=self.section_id,
            low=sort_key_bound(self.since) if self.since else None,
            high=sort_key_bound(self.until) if self.until else None,
        )


@dataclass
class Hit:
    """One result: the article as `listing.articles()` gives it, with highlighted text."""

    article: object
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class Ranking:
    count: int
    ranked: list[int]
    #: Sort keys below which the unranked rest of the matches starts (None: nothing is left).
    rest_below: int | None = None
    rest_skip: set[int] = field(default_factory=set)


#: Tier of each candidate set, most significant first (see the module's docstring).
_TIER_BITS = ((EXACT_HEAD, 8), (EXACT_ALL, 4), (HEAD_PHRASE, 2), (HEAD_ALL, 1))


def rank(query: ParsedQuery, found: Candidates, limit: int) -> Ranking:
    sets = {tag: set(keys) for tag, keys in found.sets.items()}
    full = found.sets.get(FULL, [])
    members: set[int] = set().union(*sets.values()) if sets else set()
    complete = len(full) < limit or found.count <= len(full)
    if complete:
        members &= sets.get(FULL, set())  # FULL holds every match: nothing else can slip in
    elif query.has_phrase:
        # Exact keys carry no positions: a document found only through them may miss a phrase.
        members -= (sets.get(EXACT_ALL, set()) | sets.get(EXACT_HEAD, set())) - (
            sets.get(FULL, set()) | sets.get(HEAD_ALL, set()) | sets.get(HEAD_PHRASE, set())
        )
    # The ranking tiers as bits of one integer, most significant first.
    tier = dict.fromkeys(members, 0)
    for tag, bit in _TIER_BITS:
        for sort_key in found.sets.get(tag, ()):
            if sort_key in tier:
                tier[sort_key] |= bit
    scores = {sort_key: round(score, 6) for sort_key, score in found.scores.items()}
    ranked = sorted(members, key=lambda k: (tier[k], scores.get(k, 0.0), k), reverse=True)
    if complete or not full:
        return Ranking(found.count, ranked)
    below = min(full)
    return Ranking(found.count, ranked, rest_below=below, rest_skip={k for k in ranked if k < below})


class SearchResults:
    """The matches of a query, lazily: `count()` and slices, for Django's Paginator.

    The count and the ranking cost one query; each slice costs two (the listing query and
    the stored texts for snippets), plus one when it reaches past the ranked matches.
    """

    def __init__(self, query: ParsedQuery, filters: Filters | None = None) -> None:
        self.query = query
        self.filters = filters or Filters()
        self._ranking: Ranking | None = None

    @property
    def ranking(self) -> Ranking:
        if self._ranking is None:
            if self.query.is_empty:
                self._ranking = Ranking(0, [])
            else:
                found = engine().candidates(self.query, self.filters.scope(), CANDIDATES)
                self._ranking = rank(self.query, found, CANDIDATES)
        return self._ranking

    def count(self) -> int:
        return self.ranking.count

    def __len__(self) -> int:
        return self.count()

    def sort_keys(self, start: int, stop: int) -> list[int]:
        ranking = self.ranking
        keys = ranking.ranked[start:stop]
        if stop > len(ranking.ranked) and ranking.rest_below is not None:
            skip_before = max(0, start - len(ranking.ranked))
            wanted = stop - max(start, len(ranking.ranked))
            older = engine().older(
                self.query,
                self.filters.scope(),
                ranking.rest_below,
                skip_before + wanted + len(ranking.rest_skip),
            )
            rest = [key for key in older if key not in ranking.rest_skip]
            keys += rest[skip_before : skip_before + wanted]
        return keys

    def page_ids(self, start: int, stop: int) -> list[int]:
        return [SearchDocument.page_id_of(key) for key in self.sort_keys(start, stop)]

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.count())
            if step != 1:
                raise ValueError("search results are sliced with step 1")
            return self.hits(self.page_ids(start, stop))
        if index < 0:
            index += self.count()
        hits = self.hits(self.page_ids(index, index + 1))
        if not hits:
            raise IndexError(index)
        return hits[0]

    def hits(self, page_ids: list[int]) -> list[Hit]:
        if not page_ids:
            return []
        articles = {article.pk: article for article in listing.articles(images=False).filter(pk__in=page_ids)}
        texts = {
            pk: (lead, body)
            for pk, lead, body in SearchDocument.objects.filter(pk__in=page_ids).values_list(
                "pk", "lead", "body"
            )
        }
        tokens = self.query.tokens
        hits = []
        for pk in page_ids:
            article = articles.get(pk)
            if article is None:  # unpublished since the index was read
                continue
            lead, body = texts.get(pk, (article.lead, ""))
            hits.append(
                Hit(
                    article=article,
                    title_html=snippets.highlight(article.title, tokens),
                    snippet_html=snippets.snippet(lead, body, tokens),
                )
            )
        return hits


def search(query: ParsedQuery, filters: Filters | None = None) -> SearchResults:
    return SearchResults(query, filters)


def suggest(raw: str, limit: int = SUGGESTIONS) -> list:
    """Newest articles whose title has the typed words, the last one as a prefix (autocomplete)."""
    words, prefix = parse_prefix_query(raw)
    if not prefix:
        return []
    keys = engine().suggest(words, prefix, limit)
    page_ids = [SearchDocument.page_id_of(key) for key in keys]
    articles = {article.pk: article for article in listing.articles(images=False).filter(pk__in=page_ids)}
    return [articles[pk] for pk in page_ids if pk in articles]
