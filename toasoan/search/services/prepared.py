"""The text work of an article's search row that needs nothing but the article's own text.

An index row (``documents.build_row``) spends most of its time on the title, lead and
body: normalizing them, folding them into token streams (with their compound tokens) and
finding their exact keys.
None of that needs the database, Django settings or the page: an import can do it in a
worker process from the record alone (``prepare_text``) while its main process writes,
then hand the result to ``indexing.index_new_articles``.

Nothing here is trusted blindly: each field remembers the text it was made from, and
``documents.build_row`` uses it only when the article's text is that very text; anything
else (a field changed since, a missing or stale result) is worked out as without it.

This module imports no Django models (only ``wagtail.rich_text``, settings-free, for the
rare paragraph that holds markup), so a worker process can use it without ``django.setup()``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import text as keys

#: Joins tokens and exact keys for the trip between processes: one string pickles far
#: faster than a list of a thousand. Neither ever contains a space (``fold(...).split()``
#: tokens; exact keys pass ``_is_safe_token``).
_SEPARATOR = " "


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
    from wagtail.rich_text import get_text_for_indexing  # settings-free, but only needed here

    return get_text_for_indexing(value)


# ----------------------------------------------------------------------------- prepared fields


@dataclass(frozen=True)
class PreparedField:
    """One field's normalized text, folded tokens and exact keys, and the text they came from."""

    source: str
    #: ``normalize_text(source)``; None when that is *source* itself (imported text usually is).
    normalized: str | None
    #: The field's index stream (``text.field_stream``), joined.
    folded: str
    exact: str
    #: How many tokens of the stream are words (the rest are its compound tokens).
    words: int = 0

    def matches(self, text: str) -> bool:
        return self.source == text

    @property
    def text(self) -> str:
        return self.source if self.normalized is None else self.normalized

    @property
    def tokens(self) -> list[str]:
        return self.folded.split(_SEPARATOR) if self.folded else []

    @property
    def exact_keys(self) -> set[str]:
        return set(self.exact.split(_SEPARATOR)) if self.exact else set()


@dataclass(frozen=True)
class PreparedText:
    """What ``documents.build_row`` needs of an article's title, lead and body, worked out ahead."""

    title: PreparedField
    lead: PreparedField
    body: PreparedField
    #: The body blocks (type, value) ``body.source`` is the text of: comparing blocks is
    #: cheaper than working out ``body_text`` again to compare texts.
    blocks: tuple[tuple[Any, Any], ...] = ()

    def body_text_of(self, raw_blocks: Iterable[dict]) -> str:
        """``body_text(raw_blocks)``: the prepared body's text when they are the blocks it came from."""
        raw = list(raw_blocks)
        if len(raw) == len(self.blocks) and all(
            block.get("type") == kind and block.get("value") == value
            for block, (kind, value) in zip(raw, self.blocks, strict=True)
        ):
            return self.body.source
        return body_text(raw)


def prepare_field(source: str) -> PreparedField:
    normalized = keys.normalize_text(source)
    stream, word_count = keys.field_stream(normalized)
    return PreparedField(
        source=source,
        normalized=None if normalized == source else normalized,
        folded=_SEPARATOR.join(stream),
        exact=_SEPARATOR.join(sorted(keys.exact_keys(normalized))),
        words=word_count,
    )


def prepare_text(title: str, lead: str, raw_body: Iterable[dict]) -> PreparedText:
    """The prepared fields of an article with this title, lead and body (StreamField raw data)."""
    raw = list(raw_body)
    return PreparedText(
        prepare_field(title),
        prepare_field(lead),
        prepare_field(body_text(raw)),
        blocks=tuple((block.get("type"), block.get("value")) for block in raw),
    )
