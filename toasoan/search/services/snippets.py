"""Highlighting matched words in the accented text, for accented and unaccented queries alike.

The text is folded character by character into bytes of the same length — every Latin
letter that folds to one ASCII letter or digit becomes it (``Đình`` → ``dinh``), other
letters and digits a byte no token holds, everything else a space — and the query's
tokens are found there, so the positions are the text's own.  A token is a literal
between word boundaries, quick to compile for every new query, unlike a character class
per letter (docs/search.md).  A query with a token of another script falls back to such
classes, over the text as written.  No pattern has repetition (fixed-length alternatives, single
optional characters, one-character lookarounds): matching is linear in the text whatever
the query (no catastrophic backtracking, the CVE-2024-39317 class).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from toasoan import vntext

SNIPPET_CHARS = 240
CONTEXT_BEFORE = 60
#: Matches looked at per text, and characters of a body scanned: bounded work per result.
MAX_MATCHES = 120
MAX_SCAN_CHARS = 30_000

_LATIN_RANGES = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))


@cache
def _folded_letters() -> dict[str, str]:
    """``{"Đ": "d", "ì": "i", …}``: every precomposed Latin letter that folds to one ASCII letter or digit."""
    found = {}
    for first, last in _LATIN_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            folded = vntext.fold(char)
            if len(folded) == 1 and folded.isascii() and folded.isalnum():
                found[char] = folded
    return found


@cache
def _letter_classes() -> dict[str, str]:
    """``{"d": "[dDđĐ…]", …}``: every precomposed Latin letter by the ASCII letter it folds to."""
    variants: dict[str, set[str]] = {}
    for char, folded in _folded_letters().items():
        variants.setdefault(folded, set()).add(char)
    classes = {}
    for base in "abcdefghijklmnopqrstuvwxyz":
        chars = {base, base.upper(), *variants.get(base, set())}
        classes[base] = "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"
    return classes


#: Between two characters of a token, a compound's joiner may stand in the text: ``16000``
#: is ``16.000`` there, ``dongkg`` ``đồng/kg`` (text.compound_tokens). One optional
#: character, no repetition: the pattern stays linear.
_JOINER = r"[./,:\-\u2010-\u2013]?"
_FOLDED_JOINER = rb"[./,:\-]?"
#: In the folded bytes: a letter or digit of another script (a word character no token holds).
_OTHER_LETTER = 0x80
_FOLD_ERRORS = "toasoan-search-fold"
_MAPPED_BELOW = 0x3000


@cache
def _fold_map() -> dict[int, int]:
    """Code point -> byte, for the characters below U+3000; those above go through `_fold_rest`."""
    letters = _folded_letters()
    mapping = {}
    for code in range(_MAPPED_BELOW):
        char = chr(code)
        if char.isascii():
            mapping[code] = ord(char.lower())
        elif char in letters:
            mapping[code] = ord(letters[char])
        elif 0x2010 <= code <= 0x2013:  # hyphens and en dash: a compound's joiner
            mapping[code] = ord("-")
        else:
            mapping[code] = _OTHER_LETTER if char.isalnum() else ord(" ")
    return mapping


def _fold_rest(error: UnicodeEncodeError) -> tuple[str, int]:
    chars = error.object[error.start : error.end]
    # "ª" is a letter the map turns into the word byte.
    return "".join("ª" if char.isalnum() else " " for char in chars), error.end


codecs.register_error(_FOLD_ERRORS, _fold_rest)


def _fold_bytes(text: str) -> bytes:
    """One byte per character of *text*: the folded letter, a word byte, or a space."""
    return codecs.charmap_encode(text, _FOLD_ERRORS, _fold_map())[0]


def _token_pattern(token: str) -> str:
    classes = _letter_classes()
    parts = [classes.get(char) or re.escape(char) for char in token]
    if len(token) > 1 and token.isascii() and token.isalnum():
        return _JOINER.join(parts)
    return "".join(parts)


def _folded_token_pattern(token: str) -> bytes:
    parts = [re.escape(char.encode()) for char in token]
    if len(token) > 1 and token.isalnum():
        return _FOLDED_JOINER.join(parts)
    return b"".join(parts)


@dataclass(frozen=True)
class Matcher:
    """Finds a query's tokens as whole words of accented text (positions in the text)."""

    pattern: re.Pattern
    #: The pattern reads `_fold_bytes` of the text (every token ASCII), not the text itself.
    folded: bool

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each match, left to right."""
        if self.folded:
            # A space before the text: every match starts after the non-word byte it consumes.
            for match in self.pattern.finditer(b" " + _fold_bytes(text[:MAX_SCAN_CHARS])):
                yield match.start(1) - 1, match.end(1) - 1
            return
        for match in self.pattern.finditer(text, 0, MAX_SCAN_CHARS):
            yield match.span()


@lru_cache(maxsize=512)
def matcher(tokens: tuple[str, ...]) -> Matcher | None:
    """What finds any of these folded tokens as a whole word of accented text."""
    tokens = tuple(token for token in tokens if token)
    if not tokens:
        return None
    if all(token.isascii() for token in tokens):
        folded = sorted({_folded_token_pattern(token) for token in tokens}, key=len, reverse=True)
        # The word boundary before a token is a byte the pattern consumes, not a lookbehind: a
        # pattern that starts with a class lets the regex engine skip to the next non-word
        # byte, so the tokens are tried at word starts only.
        return Matcher(
            re.compile(rb"[^a-z0-9\x80](" + b"|".join(folded) + rb")(?![a-z0-9\x80])"), folded=True
        )
    alternatives = sorted({_token_pattern(token) for token in tokens}, key=len, reverse=True)
    return Matcher(
        re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])", re.IGNORECASE), folded=False
    )


class _Match(NamedTuple):  # a tuple: made by the hundred per result
    start: int
    end: int
    token: str


@lru_cache(maxsize=8192)
def _fold_word(word: str) -> str:
    return vntext.fold(word)


def _matches(finder: Matcher | None, text: str) -> list[_Match]:
    if finder is None or not text:
        return []
    found = []
    for start, end in finder.spans(text):
        found.append(_Match(start, end, _fold_word(text[start:end])))
        if len(found) >= MAX_MATCHES:
            break
    return found


def _marked(text: str, matches: list[_Match], start: int, end: int) -> str:
    """Escaped text[start:end] with the matches in <mark>; words only spaces apart share one mark."""
    out: list[str] = []
    position = start
    inside = [match for match in matches if match.start >= start and match.end <= end]
    index = 0
    while index < len(inside):
        first = inside[index]
        last = first
        while index + 1 < len(inside) and not text[last.end : inside[index + 1].start].strip():
            index += 1
            last = inside[index]
        out.append(escape(text[position : first.start]))
        out.append(f"<mark>{escape(text[first.start : last.end])}</mark>")
        position = last.end
        index += 1
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, tokens: tuple[str, ...]) -> SafeString:
    """All of *text*, escaped, with the query's words marked (titles)."""
    text = text or ""
    return mark_safe(_marked(text, _matches(matcher(tokens), text), 0, len(text)))  # noqa: S308 (escaped above)


def _best_window(matches: list[_Match], width: int) -> tuple[int, int] | None:
    """(first, last) match indexes of the window of *width* characters with the most distinct words."""
    best: tuple[tuple[int, int], tuple[int, int]] | None = None
    counts: dict[str, int] = {}
    left = 0
    for right, match in enumerate(matches):
        counts[match.token] = counts.get(match.token, 0) + 1
        while match.end - matches[left].start > width:
            gone = matches[left].token
            counts[gone] -= 1
            if not counts[gone]:
                del counts[gone]
            left += 1
        score = (len(counts), right - left + 1)
        if best is None or score > best[0]:
            best = (score, (left, right))
    return best[1] if best else None


def _cut_start(text: str, at: int) -> int:
    if at <= 0:
        return 0
    space = text.rfind(" ", max(0, at - 20), at)
    return space + 1 if space != -1 else at


def _cut_end(text: str, at: int) -> int:
    if at >= len(text):
        return len(text)
    space = text.rfind(" ", max(0, at - 30), at)
    return space if space > 0 else at


def snippet(lead: str, body: str, tokens: tuple[str, ...], width: int = SNIPPET_CHARS) -> SafeString:
    """About *width* characters of the lead or the body around the best cluster of matched words."""
    pattern = matcher(tokens)
    best: tuple[tuple[int, int], str, list[_Match], tuple[int, int]] | None = None
    for text in (lead or "", body or ""):
        matches = _matches(pattern, text)
        window = _best_window(matches, width - CONTEXT_BEFORE)
        if window is None:
            continue
        first, last = window
        score = (len({match.token for match in matches[first : last + 1]}), last - first + 1)
        if best is None or score > best[0]:
            best = (score, text, matches, window)
    if best is None:
        text = lead or body or ""
        end = _cut_end(text, width)
        return mark_safe(escape(text[:end]) + ("…" if end < len(text) else ""))  # noqa: S308
    _, text, matches, (first, _last) = best
    start = _cut_start(text, matches[first].start - CONTEXT_BEFORE)
    end = _cut_end(text, start + width)
    end = max(end, min(len(text), matches[first].end))
    html = _marked(text, matches, start, end)
    return mark_safe(("…" if start > 0 else "") + html + ("…" if end < len(text) else ""))  # noqa: S308
