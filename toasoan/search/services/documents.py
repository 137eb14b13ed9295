"""What of an article is searched: its text fields, and the rows the engines index."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from wagtail.models import Page

from ..models import SORT_KEY_FACTOR, SearchDocument
from . import text as keys
from .prepared import PreparedField, PreparedText, body_text

__all__ = ["Row", "Source", "body_text", "build_row", "sections_by_path", "source_for"]

#: published_at is clamped to these years for the sort key (an editor can type year 1 or 9999).
SORT_KEY_YEARS = (1900, 2200)
_SORT_MIN = int(datetime(SORT_KEY_YEARS[0], 1, 1, tzinfo=UTC).timestamp())
_SORT_MAX = int(datetime(SORT_KEY_YEARS[1], 1, 1, tzinfo=UTC).timestamp())


@dataclass
class Source:
    """An article's searchable content, however it was read (a page, a bench corpus line)."""

    page_id: int
    title: str
    #: None: the article's date is unknown (an import without one); it sorts after every dated one.
    published_at: datetime | None
    lead: str = ""
    body: str = ""
    #: Tags, authors, byline, section title: indexed with the title and lead, above the body.
    extra: list[str] = field(default_factory=list)
    section_id: int | None = None
    section_title: str = ""
    #: Ids of every section the article is in (its parent and the parent's parents).
    scope_ids: list[int] = field(default_factory=list)
    #: A republished copy of an article of another portal (a Wagtail alias).
    copy: bool = False


@dataclass
class Row:
    document: SearchDocument
    #: PostgreSQL tsvector literals (search_vector, head_vector, exact_vector); None on SQLite.
    vectors: tuple[str, str, str] | None


#: The sort keys of articles with no known date: below every dated one (1900 and earlier).
UNDATED_BELOW = (_SORT_MIN + 1) * SORT_KEY_FACTOR


def sort_key(published_at: datetime | None, page_id: int) -> int:
    if not 0 < page_id < SORT_KEY_FACTOR:
        raise ValueError(f"page id {page_id} does not fit the search sort key")
    if published_at is None:
        return _SORT_MIN * SORT_KEY_FACTOR + page_id
    seconds = min(max(int(published_at.timestamp()), _SORT_MIN + 1), _SORT_MAX)
    return seconds * SORT_KEY_FACTOR + page_id


def sort_key_bound(moment: datetime) -> int:
    """The smallest sort key of anything published at or after *moment* (never an undated one)."""
    seconds = min(max(int(moment.timestamp()), _SORT_MIN + 1), _SORT_MAX + 1)
    return seconds * SORT_KEY_FACTOR


# ----------------------------------------------------------------------------- rows


def _lexeme(token: str) -> str:
    if "'" in token or "\\" in token:  # never from fold(); escaped all the same
        token = token.replace("\\", "\\\\").replace("'", "''")
    return f"'{token}'"


def _vector(positions: dict[str, list[str]], bare: Iterable[str] = ()) -> str:
    parts = [f"{_lexeme(token)}:{','.join(where)}" for token, where in positions.items()]
    parts += [_lexeme(token) for token in bare if token not in positions]
    return " ".join(parts)


_WEIGHTS = ("A", "B", "C", "")  # title, lead, extra, body ("" = D, PostgreSQL's default)


def postgresql_vectors(
    fields: list[keys.FieldKeys], scope: list[str], exact_head: set[str], exact_body: set[str]
) -> tuple[str, str, str]:
    """search_vector, head_vector and exact_vector, from the very token streams SQLite indexes.

    * search_vector: every field's tokens with their positions, every adjacent pair of a
      field as one bare lexeme ('ha noi': a two-word phrase is one GIN lookup), the sections;
    * head_vector: the same for the title, lead and extra, weighted A, B, C (read by nothing
      since migration 0009 took ts_rank out: a position's field comes from the lengths);
      plus their exact keys marked "·" and the title's tokens marked "¶" (bare: looked up
      in the index alone, never checked row by row), and the sections;
    * exact_vector: every exact key, bare, and the sections.
    """
    every: dict[str, list[str]] = {}
    head: dict[str, list[str]] = {}
    pairs: dict[str, None] = {}
    head_pairs: dict[str, None] = {}
    for index, (keys_of_field, weight) in enumerate(zip(fields, _WEIGHTS, strict=True)):
        previous = None
        in_head = index < 3
        words_only = True
        for token, position in zip(keys_of_field.tokens, keys_of_field.positions, strict=True):
            if token == keys.COMPOUND_MARK:
                words_only = False  # the compounds: tokens, but no pairs
                previous = None
                continue
            if position is None:
                previous = None
                continue
            every.setdefault(token, []).append(str(position))
            if in_head:
                head.setdefault(token, []).append(f"{position}{weight}")
            if previous is not None:
                pair = f"{previous} {token}"
                pairs[pair] = None
                if in_head:
                    head_pairs[pair] = None
            previous = token if words_only else None
    title_tokens = dict.fromkeys(
        f"{keys.TITLE_MARK}{token}"
        for token in fields[0].tokens
        if token not in (keys.PLACEHOLDER, keys.COMPOUND_MARK)
    )
    head_bare = [
        *head_pairs,
        *(f"{keys.EXACT_MARK}{key}" for key in sorted(exact_head)),
        *title_tokens,
        *scope,
    ]
    return (
        _vector(every, [*pairs, *scope]),
        _vector(head, head_bare),
        _vector({}, [*sorted(exact_head | exact_body), *scope]),
    )


def _field_keys(text: str, ready: PreparedField | None) -> tuple[str, list[str], int, set[str]]:
    """A field's normalized text, index stream, word count and exact keys (from *ready* if made from it)."""
    if ready is not None and ready.matches(text):
        return ready.text, ready.tokens, ready.words, ready.exact_keys
    normalized = keys.normalize_text(text)
    stream, word_count = keys.field_stream(normalized)
    return normalized, stream, word_count, keys.exact_keys(normalized)


def build_row(source: Source, *, vectors: bool = False, prepared: PreparedText | None = None) -> Row:
    """The index row of an article; with the PostgreSQL vectors when *vectors*.

    *prepared* (``prepared.prepare_text``, e.g. from an import's worker process) saves the
    text work of the title, lead and body; the row is the same with or without it.
    """
    title, title_tokens, title_words, title_exact = _field_keys(source.title, prepared and prepared.title)
    lead, lead_tokens, lead_words, lead_exact = _field_keys(source.lead, prepared and prepared.lead)
    body, body_tokens, body_words, body_exact = _field_keys(source.body, prepared and prepared.body)
    extra, extra_tokens, extra_words, extra_exact = _field_keys(
        "\n".join(item for item in source.extra if item), None
    )
    streams = [title_tokens, lead_tokens, extra_tokens, body_tokens]
    fields = keys.index_streams(streams)
    lengths = [title_words, lead_words, extra_words, body_words] + [len(stream) for stream in streams]
    scope = [f"{keys.SCOPE_PREFIX}{section_id}" for section_id in dict.fromkeys(source.scope_ids)]
    if source.copy:
        scope.append(keys.COPY_SCOPE)
    exact_head = title_exact | lead_exact | extra_exact
    exact_body = body_exact - exact_head
    # The key columns feed SQLite's FTS5 tables; on PostgreSQL the vectors hold the same
    # streams, so the columns stay empty there.

    def stored(text: str) -> str:
        return "" if vectors else text

    document = SearchDocument(
        page_id=source.page_id,
        sort_key=sort_key(source.published_at, source.page_id),
        published_at=source.published_at,
        section_id=source.section_id,
        section_title=source.section_title[:255],
        title=title,
        lead=lead,
        body=body,
        extra=extra,
        title_key=stored(fields[0].text),
        lead_key=stored(fields[1].text),
        extra_key=stored(fields[2].text),
        body_key=stored(fields[3].text),
        scope_key=" ".join(scope),
        exact_head=stored(" ".join(sorted(exact_head))),
        exact_body=stored(" ".join(sorted(exact_body))),
        lengths=" ".join(map(str, lengths)),
    )
    return Row(document, postgresql_vectors(fields, scope, exact_head, exact_body) if vectors else None)


# ----------------------------------------------------------------------------- from pages


def sections_by_path(paths: Iterable[str]) -> dict[str, tuple[int, str]]:
    """``{path: (id, title)}`` of every ancestor below the tree root (the portal's home page, then
    its sections) of pages with these paths."""
    prefixes: set[str] = set()
    for path in paths:
        # Depth 1 is the tree root, depth 2 a portal's home page; sections start at depth 3.
        for depth in range(2, len(path) // Page.steplen):
            prefixes.add(path[: depth * Page.steplen])
    if not prefixes:
        return {}
    return {
        path: (pk, title)
        for path, pk, title in Page.objects.filter(path__in=prefixes).values_list("path", "pk", "title")
    }


def source_for(
    article,
    tags: Sequence[str],
    authors: Sequence[str],
    sections: dict[str, tuple[int, str]],
    prepared: PreparedText | None = None,
) -> Source:
    """The searchable content of a live ArticlePage (its body read from raw StreamField data).

    *prepared* (for ``build_row`` too) saves working out the body text again from the same blocks.
    """
    parent_path = article.path[: -Page.steplen]
    section_id, section_title = sections.get(parent_path, (None, ""))
    # The portal's home, then every section: a search is narrowed to one portal (docs/portals.md)
    # or one section by the same token.
    scope_ids = [
        sections[article.path[: depth * Page.steplen]][0]
        for depth in range(2, article.depth)
        if article.path[: depth * Page.steplen] in sections
    ]
    raw_body = getattr(article.body, "raw_data", None) or []
    byline = [article.byline] if getattr(article, "byline", "") else []
    return Source(
        page_id=article.pk,
        title=article.title,
        published_at=article.published_at,
        lead=article.lead or "",
        body=prepared.body_text_of(raw_body) if prepared is not None else body_text(raw_body),
        extra=[*tags, *authors, *byline, section_title],
        section_id=section_id,
        section_title=section_title,
        scope_ids=scope_ids,
        copy=getattr(article, "alias_of_id", None) is not None,
    )
