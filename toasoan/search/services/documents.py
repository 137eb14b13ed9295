"""What of an article is searched: its text fields, and the rows the engines index."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from ..models import SORT_KEY_FACTOR, SearchDocument
from . import text as keys

#: published_at is clamped to these years for the sort key (an editor can type year 1 or 9999).
SORT_KEY_YEARS = (1900, 2200)
_SORT_MIN = int(datetime(SORT_KEY_YEARS[0], 1, 1, tzinfo=UTC).timestamp())
_SORT_MAX = int(datetime(SORT_KEY_YEARS[1], 1, 1, tzinfo=UTC).timestamp())


@dataclass
class Source:
    """An article's searchable content, however it was read (a page, a bench corpus line)."""

    page_id: int
    title: str
    published_at: datetime
    lead: str = ""
    body: str = ""
    #: Tags, authors, byline, section title: indexed with the title and lead, above the body.
    extra: list[str] = field(default_factory=list)
    section_id: int | None = None
    section_title: str = ""
    #: Ids of every section the article is in (its parent and the parent's parents).
    scope_ids: list[int] = field(default_factory=list)


@dataclass
class Row:
    document: SearchDocument
    #: PostgreSQL tsvector literals (search_vector, head_vector, exact_vector); None on SQLite.
    vectors: tuple[str, str, str] | None


def sort_key(published_at: datetime, page_id: int) -> int:
    if not 0 < page_id < SORT_KEY_FACTOR:
        raise ValueError(f"page id {page_id} does not fit the search sort key")
    seconds = min(max(int(published_at.timestamp()), _SORT_MIN), _SORT_MAX)
    return seconds * SORT_KEY_FACTOR + page_id


def sort_key_bound(moment: datetime) -> int:
    """The smallest sort key of anything published at or after *moment*."""
    seconds = min(max(int(moment.timestamp()), _SORT_MIN), _SORT_MAX + 1)
    return seconds * SORT_KEY_FACTOR


# ----------------------------------------------------------------------------- text of a body


def body_text(raw_blocks: Iterable[dict]) -> str:
    """Plain text of an ArticleBodyBlock stream (raw data): paragraphs, captions, quotes."""
    parts: list[str] = []
    for block in raw_blocks:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph" and isinstance(value, str):
            parts.append(_paragraph_text(value))
        elif kind in {"image", "photo_note"} and isinstance(value, dict):
            caption = value.get("caption") or (value.get("alt") if kind == "image" else "") or ""
            parts.append(" – ".join(part for part in (caption, value.get("credit") or "") if part))
        elif kind == "quote" and isinstance(value, dict):
            parts.append(" – ".join(part for part in (value.get("text"), value.get("attribution")) if part))
        # embed: a URL, nothing a reader would search for
    return "\n\n".join(" ".join(part.split()) for part in parts if part and part.strip())


#: The entities ``html.escape`` writes: text that holds no other markup is its own plain text.
_ESCAPES = ("&amp;", "&lt;", "&gt;", "&quot;", "&#x27;")


def _paragraph_text(value: str) -> str:
    """``get_text_for_indexing(value)``, without an HTML parser for a plain escaped ``<p>`` (imports).

    For ``<p>text</p>`` whose text has no tag and no entity but those ``html.escape``
    writes, stripping the tags leaves the text as it is: unescaping it is the whole work.
    """
    if value.startswith("<p>") and value.endswith("</p>"):
        inner = value[3:-4]
        if "<" not in inner and inner.count("&") == sum(inner.count(entity) for entity in _ESCAPES):
            return html.unescape(inner.strip())
    return get_text_for_indexing(value)


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
    * head_vector: the same for the title, lead and extra, weighted A, B, C for ts_rank;
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
        for token, position in zip(keys_of_field.tokens, keys_of_field.positions, strict=True):
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
            previous = token
    title_tokens = dict.fromkeys(
        f"{keys.TITLE_MARK}{token}" for token in fields[0].tokens if token != keys.PLACEHOLDER
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


def build_row(source: Source, *, vectors: bool = False) -> Row:
    """The index row of an article; with the PostgreSQL vectors when *vectors*."""
    title, lead = keys.normalize_text(source.title), keys.normalize_text(source.lead)
    body = keys.normalize_text(source.body)
    extra = keys.normalize_text("\n".join(item for item in source.extra if item))
    fields = keys.index_fields([title, lead, extra, body])
    scope = [f"{keys.SCOPE_PREFIX}{section_id}" for section_id in dict.fromkeys(source.scope_ids)]
    exact_head = keys.exact_keys(title) | keys.exact_keys(lead) | keys.exact_keys(extra)
    exact_body = keys.exact_keys(body) - exact_head
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
    )
    return Row(document, postgresql_vectors(fields, scope, exact_head, exact_body) if vectors else None)


# ----------------------------------------------------------------------------- from pages


def sections_by_path(paths: Iterable[str]) -> dict[str, tuple[int, str]]:
    """``{path: (id, title)}`` of every ancestor below the home page of pages with these paths."""
    prefixes: set[str] = set()
    for path in paths:
        # Depth 1 is the tree root, depth 2 the home page; sections start at depth 3.
        for depth in range(3, len(path) // Page.steplen):
            prefixes.add(path[: depth * Page.steplen])
    if not prefixes:
        return {}
    return {
        path: (pk, title)
        for path, pk, title in Page.objects.filter(path__in=prefixes).values_list("path", "pk", "title")
    }


def source_for(
    article, tags: Sequence[str], authors: Sequence[str], sections: dict[str, tuple[int, str]]
) -> Source:
    """The searchable content of a live ArticlePage (its body read from raw StreamField data)."""
    parent_path = article.path[: -Page.steplen]
    section_id, section_title = sections.get(parent_path, (None, ""))
    scope_ids = [
        sections[article.path[: depth * Page.steplen]][0]
        for depth in range(3, article.depth)
        if article.path[: depth * Page.steplen] in sections
    ]
    raw_body = getattr(article.body, "raw_data", None) or []
    byline = [article.byline] if getattr(article, "byline", "") else []
    return Source(
        page_id=article.pk,
        title=article.title,
        published_at=article.published_at,
        lead=article.lead or "",
        body=body_text(raw_body),
        extra=[*tags, *authors, *byline, section_title],
        section_id=section_id,
        section_title=section_title,
        scope_ids=scope_ids,
    )
