"""Searching: rank the matches, then show them through the one article listing query.

Ranking, the same on both engines (docs/search.md), most significant first:

1. the title is the query (for a query typed with diacritics, with them);
2. for a query typed with diacritics, documents with all its words exactly as typed (tone
   placement aside) in the title/lead/tags, then anywhere (``bão`` before ``báo``);
3. the title is the query's words, folded;
4. the whole query as a phrase in the title (of three words or more: the shorter title first),
   then in the title/lead/tags;
5. every word (and quoted phrase) in the title/lead/tags;
6. relevance (``ranking``): BM25 over the title, lead, tags and body, with adjacent word pairs;
7. newest first (among relevance within `RELEVANCE_TIE`), then the highest page id.

Every word must match — except for a query of three words or more: the articles holding
more than half of its words (and every quoted phrase) are ranked with the matches, by
relevance times the share of the words they hold, and each says which words it lacks.  So
a headline half remembered finds its article even with a word wrong, and a query no
article matches whole still finds the nearest ones.  They are found through the query's
rarer terms (`rare_weights`): the documents holding most of its rare words and word pairs.

To keep a query over 100,000 articles fast, each of the sets above is taken newest first
and capped at `CANDIDATES`; a query with more matches ranks the union of those sets (by
their title, lead and tags only) and of the near pool's matches (by all their text), and
lists the remaining matches after them, newest first.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache as memoize

from django.core.cache import cache
from django.utils.safestring import SafeString

from toasoan.articles.services import listing
from toasoan.cache import queries

from ..models import SearchDocument
from . import ranking, snippets
from .documents import UNDATED_BELOW, sort_key_bound
from .engines import (
    EXACT_ALL,
    EXACT_HEAD,
    FULL,
    HEAD_ALL,
    HEAD_PHRASE,
    Candidates,
    Scope,
    TermStats,
    engine,
    term_cap,
)
from .ranking import DocumentTerms, QueryTerms
from .text import COPY_SCOPE, SCOPE_PREFIX, ParsedQuery, parse_prefix_query

CANDIDATES = 300
#: A search counts and lists this many results at most; more are "more than" it
#: (docs/search.md, "How many results"): counting a common word's every match is most of
#: its search on PostgreSQL, and no reader pages past fifty pages of results.
COUNTED = 1000
SUGGESTIONS = 8
#: Near matches (articles without every word) ranked at most, and read to find them.
NEAR_MATCHES = 100
NEAR_POOL = 25
#: A query of three words or more with more matches than this ranks them by their title,
#: lead and tags, and only the `NEAR_POOL` holding the most of its rarer terms by their body too.
BODY_RANKED = 100
#: A query with more matches than `CANDIDATES` scores this many of its newest head matches.
BROAD_SCORED = 150
#: A query needs this many words (or compounds) for near matches: "more than half" of two is both.
NEAR_MIN_TERMS = 3
#: A term in more than this share of the articles (at most `NEAR_TERM_CAP`, at least
#: `NEAR_TERM_FLOOR`) is common: near matches are not looked for through it.
NEAR_TERM_SHARE = 0.05
NEAR_TERM_CAP = 1000
NEAR_TERM_FLOOR = 100
#: How long a common term's document count is kept (``term_stats``).
DF_CACHE_SECONDS = 3600
#: Relevance within this share of a better one counts as equal: the newer article first.
RELEVANCE_TIE = 0.03


@dataclass(frozen=True)
class Filters:
    section_id: int | None = None
    #: Published at or after / strictly before.
    since: datetime | None = None
    until: datetime | None = None
    #: The home page of the portal searched (docs/portals.md); None: every portal of the install.
    portal_id: int | None = None

    @property
    def scope_id(self) -> int | None:
        """The page whose articles are searched: the section, else the portal's home (a section
        is always one of the portal's own)."""
        return self.section_id if self.section_id is not None else self.portal_id

    def scope(self) -> Scope:
        dated = self.since or self.until
        return Scope(
            section_id=self.scope_id,
            # An article whose date is unknown is in no date range.
            low=sort_key_bound(self.since) if self.since else (UNDATED_BELOW if dated else None),
            high=sort_key_bound(self.until) if self.until else None,
            originals_only=self.scope_id is None,
        )


@dataclass
class Hit:
    """One result: the article as `listing.articles()` gives it, with highlighted text."""

    article: object
    title_html: SafeString
    snippet_html: SafeString
    #: The query's words this article lacks, as typed (a near match); empty for a full match.
    missing: list[str] = field(default_factory=list)


@dataclass
class Ranking:
    count: int
    ranked: list[int]
    #: Sort keys below which the unranked rest of the matches starts (None: nothing is left).
    rest_below: int | None = None
    rest_skip: set[int] = field(default_factory=set)
    #: Matches with every word (the rest of `count` are near matches).
    all_words: int = 0
    #: sort key -> the words a near match lacks
    missing: dict[int, list[str]] = field(default_factory=dict)


# Tiers as bits of one integer, the most significant last (see the module's docstring).
_HEAD_ALL, _HEAD_PHRASE, _TITLE_PHRASE, _FULL_TITLE, _EXACT_ALL, _EXACT_HEAD, _FULL_TITLE_EXACT = (
    1 << bit for bit in range(7)
)
_SET_TIERS = (
    (EXACT_HEAD, _EXACT_HEAD),
    (EXACT_ALL, _EXACT_ALL),
    (HEAD_PHRASE, _HEAD_PHRASE),
    (HEAD_ALL, _HEAD_ALL),
)


def _members(query: ParsedQuery, found: Candidates, complete: bool) -> set[int]:
    sets = {tag: set(keys) for tag, keys in found.sets.items()}
    members: set[int] = set().union(*sets.values()) if sets else set()
    if complete:
        members &= sets.get(FULL, set())  # FULL holds every match: nothing else can slip in
    elif query.has_phrase:
        # Exact keys carry no positions: a document found only through them may miss a phrase.
        members -= (sets.get(EXACT_ALL, set()) | sets.get(EXACT_HEAD, set())) - (
            sets.get(FULL, set()) | sets.get(HEAD_ALL, set()) | sets.get(HEAD_PHRASE, set())
        )
    return members


def rare_weights(stats: TermStats, weights: dict[str, float], scope: Scope) -> dict[int, float]:
    """For each document holding some of the query's rarer terms, their summed IDF.

    Only terms in at most `NEAR_TERM_CAP` articles are read: a near match worth showing has
    some of them (a headline's word pairs are nearly always rare), and a common word's
    documents would cost more to read than they could add.
    """
    gathered: dict[int, float] = {}
    for term, keys in stats.keys.items():
        weight = weights.get(term, 0.0)
        for key in keys:
            gathered[key] = gathered.get(key, 0.0) + weight
    low, high = scope.low, scope.high
    if low is not None or high is not None:
        gathered = {
            key: value
            for key, value in gathered.items()
            if (low is None or key >= low) and (high is None or key < high)
        }
    return gathered


def best(gathered: dict[int, float], keys, count: int) -> list[int]:
    """The *count* keys with the most rare-term weight, best first."""
    return heapq.nlargest(count, keys, key=lambda key: (gathered.get(key, 0.0), key))


def rank(
    query: ParsedQuery,
    found: Candidates,
    limit: int,
    *,
    terms: QueryTerms | None = None,
    documents: dict[int, DocumentTerms] | None = None,
    weights: dict[str, float] | None = None,
    near: list[int] | None = None,
    section_id: int | None = None,
) -> Ranking:
    """*section_id*: the scope searched (a section or a portal's home); None: every portal, where
    a republished copy is left out for its origin."""
    terms = terms or QueryTerms.of(query)
    documents = documents or {}
    weights = weights or {}
    full = found.sets.get(FULL, [])
    complete = len(full) < limit or found.count <= len(full)
    members = _members(query, found, complete)
    matches = found.count
    if found.superset:
        # The documents holding the query's rarer terms: the matches are those holding all.
        near = [key for key in members if not _holds_all(documents.get(key), terms)] + list(near or ())
        members -= set(near)
        matches = len(members)
    tier = dict.fromkeys(members, 0)
    for tag, bit in _SET_TIERS:
        for sort_key in found.sets.get(tag, ()):
            if sort_key in tier:
                tier[sort_key] |= bit
    scores: dict[int, float] = {}
    for sort_key in members:
        document = documents.get(sort_key)
        if document is None:
            scores[sort_key] = 0.0
            continue
        scores[sort_key] = ranking.score(document, terms, weights)
        tier[sort_key] |= _head_tiers(document, terms)
        if document.full_title:
            exact = not query.exact or tier[sort_key] & _EXACT_HEAD
            tier[sort_key] |= _FULL_TITLE_EXACT if exact else _FULL_TITLE
    missing: dict[int, list[str]] = {}
    scope_token = f"{SCOPE_PREFIX}{section_id}" if section_id is not None else None
    for sort_key in near or ():
        document = documents.get(sort_key)
        if document is None or sort_key in tier:
            continue
        scopes = document.scope.split()
        outside = scope_token not in scopes if scope_token else COPY_SCOPE in scopes
        if outside:
            continue
        if not all(document.phrases.get(key, False) for key in terms.required):
            continue  # a quoted phrase is never left out
        share, lacking = ranking.coverage(document, terms)
        if not lacking:
            if not complete:
                # A match older than the newest ones the sets hold, found by its rarer terms:
                # ranked with them (a complete set holds every match already).
                tier[sort_key] = _head_tiers(document, terms)
                scores[sort_key] = ranking.score(document, terms, weights)
            continue
        if share <= 0.5:
            continue
        scores[sort_key] = ranking.score(document, terms, weights) * share
        missing[sort_key] = lacking
    if len(missing) > NEAR_MATCHES:
        kept = sorted(missing, key=lambda key: (scores[key], key), reverse=True)[:NEAR_MATCHES]
        missing = {key: missing[key] for key in kept}
    for sort_key in missing:
        tier[sort_key] = 0
    # Of the titles holding a query of three words or more as a phrase, the shorter is the more
    # about it (the reader's words are a larger part of it): it comes first. One or two words
    # say less: the newest of such titles come first.
    shorter: dict[int, int] = {}
    if len(terms.title) >= 3:
        shorter = {
            key: -documents[key].lengths[0]
            for key, bits in tier.items()
            if bits & _TITLE_PHRASE and key in documents
        }
    ranked = _in_order(tier, scores, shorter)
    count = matches + len(missing)
    if complete or not full:
        return Ranking(count, ranked, all_words=matches, missing=missing)
    below = min(full)
    return Ranking(
        count,
        ranked,
        rest_below=below,
        rest_skip={k for k in ranked if k < below},
        all_words=found.count,
        missing=missing,
    )


def _holds_all(document: DocumentTerms | None, terms: QueryTerms) -> bool:
    """Every word (a compound glued or as its words) and every quoted phrase: an AND match."""
    if document is None:
        return False
    return not ranking.coverage(document, terms)[1] and all(
        document.phrases.get(key, False) for key in terms.required
    )


def _head_tiers(document: DocumentTerms, terms: QueryTerms) -> int:
    """The head tiers, from the document's terms (SQLite does not read the head sets of a query
    whose matches are all ranked; on PostgreSQL they say the same)."""
    tiers = _TITLE_PHRASE if document.title_phrase else 0
    if document.head_phrase and len(terms.title) > 1:
        tiers |= _HEAD_PHRASE
    if ranking.in_head(document, terms):
        tiers |= _HEAD_ALL
    return tiers


def _in_order(
    tier: dict[int, int], scores: dict[int, float], shorter: dict[int, int] | None = None
) -> list[int]:
    """By tier (and *shorter*), then relevance, newest first among those within `RELEVANCE_TIE`
    of the best of them.

    A one-word query's matches differ by a few words of title length: that is no reason for
    yesterday's article to come before today's.
    """
    shorter = shorter or {}
    by_score = sorted(
        tier, key=lambda k: (tier[k], shorter.get(k, 0), round(scores.get(k, 0.0), 9), k), reverse=True
    )
    ordered: list[int] = []
    group: list[int] = []
    leader = 0.0
    for key in by_score:
        value = scores.get(key, 0.0)
        if group and (
            tier[key] != tier[group[0]]
            or shorter.get(key, 0) != shorter.get(group[0], 0)
            or value < leader * (1.0 - RELEVANCE_TIE)
        ):
            ordered += sorted(group, reverse=True)
            group = []
        if not group:
            leader = value
        group.append(key)
    return ordered + sorted(group, reverse=True)


def _rarer_half(query: ParsedQuery, df: dict[str, int]) -> list:
    """The half of the query's terms in the fewest documents, for a query of four terms or more.

    A phrase is in at most as many as its rarest word; a compound in its glued token's and
    its words' (it matches either).
    """

    def documents(term) -> int:
        rarest = min(df.get(token, 0) for token in term.tokens)
        return df.get(term.unit, 0) + rarest if term.glued else rarest

    terms = list(query.terms)
    if len(terms) < 4:
        return []
    return sorted(terms, key=documents)[: (len(terms) + 1) // 2]


def _head_members(found: Candidates) -> set[int]:
    return set().union(*(set(found.sets.get(tag, ())) for tag in (HEAD_ALL, HEAD_PHRASE, EXACT_HEAD)))


def _df_key(term: str) -> str:
    return f"portal_search:df:{term.replace(' ', '_')}"  # no spaces in cache keys (memcached's rule)


def term_stats(search_engine, names: list[str], *, keys: bool) -> TermStats:
    """Document counts of *names* (and the documents of the rare ones when *keys*).

    A common term's count (above the rare-term cap) is kept in the cache for `DF_CACHE_SECONDS`:
    counting it is the costly part (SQLite reads its whole document list), and an hour-old
    count of a word in thousands of articles weighs it the same.
    """
    cached = cache.get_many([_df_key(name) for name in names])
    known = {name: cached[_df_key(name)] for name in names if _df_key(name) in cached}
    cap = (NEAR_TERM_SHARE, NEAR_TERM_FLOOR, NEAR_TERM_CAP)
    stats = search_engine.term_stats([name for name in names if name not in known], cap, keys=keys)
    limit = term_cap(stats.population, cap)
    common = {_df_key(name): df for name, df in stats.df.items() if df > limit}
    if common:
        cache.set_many(common, DF_CACHE_SECONDS)
    stats.df.update(known)
    return stats


def ranking_of(query: ParsedQuery, filters: Filters) -> Ranking:
    """The whole ranking of a query: candidate sets, term statistics, the documents' terms."""
    if query.is_empty:
        return Ranking(0, [])
    search_engine = engine()
    scope = filters.scope()
    terms = QueryTerms.of(query)
    with_near = len(terms.loose) >= NEAR_MIN_TERMS
    # Counted no lower than the candidates read: a capped count under them would make a
    # broad query's newest matches look like all of them.
    counted = max(COUNTED, CANDIDATES)
    if with_near:
        # The statistics first: a long query's rarer terms narrow its matches (SQLite).
        stats = term_stats(search_engine, terms.statistics_terms, keys=True)
        found = search_engine.candidates(
            query, scope, CANDIDATES, counted, narrow=_rarer_half(query, stats.df), head_read=BROAD_SCORED
        )
    else:
        found = search_engine.candidates(query, scope, CANDIDATES, counted, head_read=BROAD_SCORED)
        if not found.count:
            return Ranking(0, [])
        stats = term_stats(search_engine, terms.statistics_terms, keys=False)
    full = found.sets.get(FULL, [])
    complete = found.superset or len(full) < CANDIDATES or found.count <= len(full)
    weights = ranking.weights_of(stats.df, stats.population, terms.statistics_terms)
    in_sets: set[int] = set().union(*map(set, found.sets.values()))
    gathered = rare_weights(stats, weights, scope) if with_near else {}
    # Near matches: the documents, not matches, holding the most of the rarer terms.
    near = best(gathered, (key for key in gathered if key not in in_sets), NEAR_POOL)
    if found.superset or (complete and (found.count <= BODY_RANKED or not with_near)):
        keys = sorted(in_sets.union(near))
        documents = search_engine.details(keys, terms, body=True) if keys else {}
    else:
        # Many matches: each is ranked by its title, lead and tags, and those holding the
        # most of the rarer terms (so likely the most relevant bodies) by all of their text.
        favoured = best(gathered, (key for key in in_sets if key in gathered), NEAR_POOL)
        # Of a broad query's newest matches, only those with words in the title, lead or
        # tags have relevance to read there, and the newest `BROAD_SCORED` of them are read;
        # the others keep their sets' tiers and their date order.
        head = set(in_sets) if complete else set(sorted(_head_members(found), reverse=True)[:BROAD_SCORED])
        rest = sorted(head.difference(favoured))
        documents = search_engine.details(rest, terms, body=False) if rest else {}
        if favoured or near:
            documents.update(search_engine.details([*favoured, *near], terms, body=True))
    return rank(
        query,
        found,
        CANDIDATES,
        terms=terms,
        documents=documents,
        weights=weights,
        near=near,
        section_id=filters.scope_id,
    )


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
            self._ranking = ranking_of(self.query, self.filters)
        return self._ranking

    @property
    def all_words(self) -> int:
        """How many results hold every word; the others (``count() - all_words``) are near matches."""
        return min(self.ranking.all_words, COUNTED)

    @property
    def more(self) -> bool:
        """Whether there are more results than `count()`: it is then `COUNTED`."""
        return self.ranking.count > COUNTED

    def count(self) -> int:
        return min(self.ranking.count, COUNTED)

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

    def _missing(self, start: int, stop: int) -> dict[int, list[str]]:
        missing = self.ranking.missing
        if not missing:
            return {}
        return {
            SearchDocument.page_id_of(key): missing[key]
            for key in self.sort_keys(start, stop)
            if key in missing
        }

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.count())
            if step != 1:
                raise ValueError("search results are sliced with step 1")
            return self.hits(self.page_ids(start, stop), self._missing(start, stop))
        if index < 0:
            index += self.count()
        hits = self.hits(self.page_ids(index, index + 1), self._missing(index, index + 1))
        if not hits:
            raise IndexError(index)
        return hits[0]

    def hits(self, page_ids: list[int], missing: dict[int, list[str]] | None = None) -> list[Hit]:
        if not page_ids:
            return []
        articles = {article.pk: article for article in _listing_rows(page_ids)}
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
                    missing=(missing or {}).get(pk, []),
                )
            )
        return hits


def _listing_rows(page_ids: list[int]) -> list:
    """The listing query's rows for `page_ids`, its SQL compiled once per connection and number
    of ids (a page of results has the same few sizes): compiling its subqueries cost the ORM
    about four times what SQLite takes to run it (docs/search.md, "Speed")."""
    count = len(page_ids)
    return queries.instances(
        f"search-hits-{count}",
        lambda *ids: _listed().filter(pk__in=ids),
        (queries.Value("int"),) * count,
        page_ids,
    )


@memoize
def _listed():
    """`listing.articles()` without images, built once: building it (its subqueries, the feature
    apps' annotations) cost more than reading twenty rows with it. Only ever filtered, which
    copies it: it is never run, so it holds no rows."""
    return listing.articles(images=False)


def search(query: ParsedQuery, filters: Filters | None = None) -> SearchResults:
    return SearchResults(query, filters)


#: A portal's suggestions are picked from this many times as many of the whole install's.
SUGGEST_OVERFETCH = 4


def suggest(raw: str, limit: int = SUGGESTIONS, *, within=None) -> list:
    """Newest articles whose title has the typed words, the last one as a prefix (autocomplete);
    `within` (a portal's home page) keeps its own articles."""
    words, prefix = parse_prefix_query(raw)
    if not prefix:
        return []
    keys = engine().suggest(words, prefix, limit * SUGGEST_OVERFETCH if within is not None else limit)
    page_ids = [SearchDocument.page_id_of(key) for key in keys]
    found = _listed().filter(pk__in=page_ids)
    if within is not None:
        found = found.descendant_of(within)
    articles = {article.pk: article for article in found}
    return [articles[pk] for pk in page_ids if pk in articles][:limit]
