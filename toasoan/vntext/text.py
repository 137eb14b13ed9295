"""Vietnamese text: cleaning, search keys and URL slugs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "normalize", "slugify", "strip_bidi"]


def _normalize_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {
        # Legacy fonts and OCR put the Icelandic eth where Vietnamese Đ was meant;
        # Vietnamese has no eth, so the swap is always safe.
        0x00D0: "\u0110",
        0x00F0: "\u0111",
        # Invisible characters that split words in search and slugs: soft hyphen, ZWNJ,
        # ZWJ, word joiner, BOM.
        0x00AD: None,
        0x200C: None,
        0x200D: None,
        0x2060: None,
        0xFEFF: None,
        # Spaces that look like one must behave like one (CMS editors paste NBSP;
        # some portals glue syllables with ZWSP).
        0x00A0: " ",
        0x202F: " ",
        0x200B: " ",
    }
    # Control characters come from copy-paste and broken encodings; only \n and \t
    # carry meaning (\r is turned into \n before this table is applied).
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        if chr(code) not in "\n\t":
            table[code] = None
    return table


_NORMALIZE_TABLE = _normalize_table()
# translate() walks a non-ASCII string in Python objects; searching for the few
# characters it changes runs in C, and most text has none of them.
_NEEDS_TABLE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_NORMALIZE_TABLE)) + "]")


def normalize(text: str) -> str:
    """Return *text* as clean NFC: lookalikes, invisible and control characters fixed.

    Tone placement is left as written (``hoà`` stays ``hoà``); line breaks are kept.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Clean before composing: a ZWJ or soft hyphen between a letter and its combining
    # mark would block NFC, and removing it afterwards would leave the text half-composed.
    if _NEEDS_TABLE.search(text):
        text = text.translate(_NORMALIZE_TABLE)
    return unicodedata.normalize("NFC", text)


#: Directional formatting characters (embeddings, overrides, isolates) and the implicit marks.
#: In a name or title they reorder whatever the page shows after it: an unclosed
#: right-to-left override (U+202E) prints the time next to the name backwards.
BIDI_CONTROLS = frozenset(
    [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\u200e", "\u200f", "\u061c"]
)
_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))
_HAS_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")


def strip_bidi(text: str) -> str:
    """Return *text* without directional controls (U+202A–U+202E, U+2066–U+2069, LRM, RLM, ALM).

    For what readers type: right-to-left letters keep their own direction without them, and
    templates isolate readers' text (``<bdi>``, ``dir="auto"``) besides.
    """
    if _HAS_BIDI.search(text):
        return text.translate(_BIDI_TABLE)
    return text


# Latin letters without a Unicode decomposition, so stripping combining marks
# cannot reach their ASCII base.
_LATIN_FOLDS = {
    "đ": "d",
    "ð": "d",  # only reachable through NFKD (ᶞ); normalize() already turned ð into đ
    "ø": "o",
    "ł": "l",
    "ŀ": "l",
    "ħ": "h",
    "ŧ": "t",
    "ı": "i",
    "ȷ": "j",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ĸ": "k",
    "ŋ": "n",
    "ƀ": "b",
    "ƈ": "c",
    "ɗ": "d",
    "ƒ": "f",
    "ɠ": "g",
    "ɨ": "i",
    "ƙ": "k",
    "ƚ": "l",
    "ɲ": "n",
    "ƞ": "n",
    "ɵ": "o",
    "ƥ": "p",
    "ʠ": "q",
    "ɍ": "r",
    "ʂ": "s",
    "ƭ": "t",
    "ʉ": "u",
    "ʋ": "v",
    "ƴ": "y",
    "ƶ": "z",
}

# Character kinds for fold().
_WORD = 0  # letter or digit: kept
_MARK = 1  # combining mark: kept only on a non-Latin base
_SPACE = 2  # everything else: a word boundary


@lru_cache(maxsize=4096)
def _kind(char: str) -> tuple[int, str, bool]:
    """Return (kind, replacement, is_latin) for one decomposed, casefolded character."""
    if unicodedata.category(char).startswith("M"):
        return _MARK, char, False
    if not char.isalnum():
        return _SPACE, " ", False
    if char in _LATIN_FOLDS:
        return _WORD, _LATIN_FOLDS[char], True
    is_latin = char.isascii() or unicodedata.name(char, "").startswith("LATIN ")
    return _WORD, char, is_latin


def _casefold_decomposed(text: str) -> str:
    # NFKD first: compatibility forms can hide capitals (℡ → TEL, fullwidth Ａ).
    # casefold merges more than lower() (ß → ss, ς → σ) but folds Cherokee to its
    # capitals, which lower() undoes; decompose again for what casefold composed.
    text = unicodedata.normalize("NFKD", text).casefold().lower()
    return unicodedata.normalize("NFKD", text)


# ASCII punctuation and controls become word breaks; letters and digits stay.
_ASCII_BREAKS = {code: " " for code in range(128) if not chr(code).isalnum()}


def fold(text: str) -> str:
    """Return the search key of *text*: lowercase, unaccented syllables joined by single spaces.

    ``đ`` becomes ``d``, tone and vowel marks go, punctuation splits words.  Scripts other
    than Latin keep their letters and marks (``東京`` stays ``東京``).
    """
    decomposed = _casefold_decomposed(normalize(text))
    # Per distinct character, not per character: a news article has a few dozen.
    replacements: dict[str, str] = {}
    for char in set(decomposed):
        if char.isascii():
            continue
        kind, replacement, is_latin = _kind(char)
        if kind == _WORD and not (is_latin and replacement.isascii()):
            key = _fold_mixed_scripts(decomposed)
            break
        if kind != _MARK:
            replacements[char] = replacement
    else:
        # Only Latin letters: after the replacements every non-ASCII character left is a
        # mark, and the ASCII codec's "ignore" drops them all at C speed.
        for char, replacement in replacements.items():
            decomposed = decomposed.replace(char, replacement)
        key = decomposed.encode("ascii", "ignore").decode("ascii").translate(_ASCII_BREAKS)
    return " ".join(key.split())


def _fold_mixed_scripts(decomposed: str) -> str:
    out: list[str] = []
    base_is_latin = True  # a mark with no base before it belongs to no word: drop it
    for char in decomposed:
        kind, replacement, is_latin = _kind(char)
        if kind == _MARK:
            if not base_is_latin:
                out.append(char)
            continue
        base_is_latin = kind == _SPACE or is_latin
        out.append(replacement)
    # Recompose what was kept of other scripts (Hangul syllables, Greek accents…).
    return unicodedata.normalize("NFC", "".join(out))


def without_marks(text: str) -> str:
    """*text* in ASCII as written, case and punctuation kept, marks dropped (`Quyết định` →
    `Quyet dinh`): for places with no Vietnamese glyphs (a PDF's built-in fonts). Not a search
    key: that is `fold`."""
    decomposed = unicodedata.normalize("NFD", normalize(text).replace("đ", "d").replace("Đ", "D"))
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return kept.encode("ascii", "replace").decode()


def slugify(text: str, max_length: int = 100) -> str:
    """Return an ASCII slug (``ba-dinh-phat-dong``) of at most *max_length* characters.

    Words are never cut unless the first word alone is too long; the result is empty
    only when *text* has no Latin letter or digit.
    """
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, not {max_length}")
    # Other scripts have no ASCII form; they end the word they are part of.
    ascii_key = "".join(c if c.isascii() else " " for c in fold(text))
    words = ascii_key.split()
    if not words:
        return ""
    slug = words[0][:max_length]
    for word in words[1:]:
        if len(slug) + 1 + len(word) > max_length:
            break
        slug = f"{slug}-{word}"
    return slug
