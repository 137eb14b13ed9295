"""Số ký hiệu of Vietnamese legal and administrative documents (Decree 30/2020/NĐ-CP's layout).

A number reads `<số>[/<năm>]/<loại>-<cơ quan>[-<đơn vị>]`: `172/KH-UBND`, `12/2024/NĐ-CP`; a
Law has no type code (`15/2020/QH14`), an official letter (công văn) none either: its codes are the
issuer then the drafting unit (`123/UBND-VP`). People type them every way (`172 kh ubnd`,
`172-KH-UBND`, `172kh`), so besides the parts there is a *number key*: the folded tokens, letters
and digits apart, which a query matches when its tokens begin the number's.

Pure Python: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .text import fold

#: Type codes (Appendix III of Decree 30/2020 and the legal-act codes) in their usual spelling.
TYPE_CODES: dict[str, str] = {
    code.upper(): code
    for code in (
        "NQ", "NQLT", "QĐ", "CT", "QC", "QYĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC",
        "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "TT",
        "TTLT", "NĐ", "SL", "VBHN", "L", "PL", "LCT", "CV",
    )
}  # fmt: skip
#: Issuer codes written in mixed case (the Prime Minister: `TTg`); others are upper case.
MIXED_CASE: dict[str, str] = {code.upper(): code for code in ("TTg",)}

_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "Đ",  # Ð (Icelandic eth) typed for Đ
        "\u0189": "Đ",  # Ɖ (African D)
        "\u00f0": "đ",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u2044": "/", "\u2215": "/", "\uff0f": "/",
    }
)  # fmt: skip
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# "Số:", "Số", "So", "No.", "Luật số", "Nghị định số"…: a few words then số/no, or số/no alone.
_PREFIX = re.compile(r"^(?:[^\W\d_]+\s+){0,3}?(?:số|so|no)\s*[.:]?\s*(?=\d)", re.IGNORECASE)
_NUMBER = re.compile(
    r"^(?P<number>\d+(?:[a-zA-Z](?=\s*[/\-\s]))?)"
    r"(?:\s*[/\s]\s*(?P<year>(?:19|20)\d\d)(?=\s*[/\-\s]))?"
    r"\s*[/\-\s]?\s*"
    r"(?P<codes>[^\W\d_][\w]*(?:\s*[-\s]\s*[\w]+)*)\s*$"
)
_TOKENS = re.compile(r"[a-z]+|\d+")
# What follows a number in running text: "… ngày 15/3/2023", "… của UBND tỉnh".
_TRAILER = re.compile(r"\s+(?:ngày|ngay|của|cua|về|ve|v/v)\b.*$", re.IGNORECASE)


@dataclass(frozen=True)
class DocumentNumber:
    """A parsed số ký hiệu."""

    number: str
    year: int | None
    type_code: str | None
    issuers: tuple[str, ...]

    @property
    def canonical(self) -> str:
        """`12/2024/NĐ-CP`, `123/UBND-VP`, `15/2020/QH14`."""
        codes = "-".join(code for code in (self.type_code, *self.issuers) if code)
        parts = [self.number, *([str(self.year)] if self.year else []), *([codes] if codes else [])]
        return "/".join(parts)

    @property
    def key(self) -> str:
        return number_key(self.canonical)


def clean(text: str) -> str:
    """NFC, lookalike letters and dashes replaced, spaces made plain and single."""
    text = unicodedata.normalize("NFC", (text or "").translate(_LOOKALIKES))
    return _SPACES.sub(" ", text).strip()


def _spell(code: str, table: dict[str, str]) -> str:
    upper = code.upper()
    return table.get(upper, upper)


def parse_number(text: str) -> DocumentNumber | None:
    """The parts of a số ký hiệu, or None when `text` is not one (no leading number, no code)."""
    text = clean(text)
    text = _TRAILER.sub("", _PREFIX.sub("", text, count=1))
    match = _NUMBER.match(text)
    if match is None:
        return None
    codes = [code for code in re.split(r"\s*[-\s]\s*", match["codes"]) if code]
    if any("_" in code for code in codes):
        return None
    type_code: str | None = None
    if codes and codes[0].upper() in TYPE_CODES:
        type_code = TYPE_CODES[codes[0].upper()]
        codes = codes[1:]
    year = int(match["year"]) if match["year"] else None
    return DocumentNumber(
        number=match["number"].upper() if match["number"][-1].isalpha() else match["number"],
        year=year,
        type_code=type_code,
        issuers=tuple(_spell(code, MIXED_CASE) for code in codes),
    )


def canonical_number(text: str) -> str:
    """The canonical spelling of a number, or the cleaned text when it does not parse."""
    parsed = parse_number(text)
    return parsed.canonical if parsed else clean(text)


def tokens(text: str) -> list[str]:
    """Folded tokens, letters and digits apart: `172kh-UBND` → `172 kh ubnd`."""
    return _TOKENS.findall(fold(clean(text)))


def number_key(text: str) -> str:
    """What is stored to find a number typed any way: `|172 kh ubnd|`, and for a number with
    a year, the same without it too (`|12 2024 nd cp|12 nd cp|`), since the year is often left out.
    Empty when `text` has no token."""
    parsed = parse_number(text)
    variants = [" ".join(tokens(parsed.canonical if parsed else text))]
    if parsed is not None and parsed.year is not None:
        without_year = DocumentNumber(parsed.number, None, parsed.type_code, parsed.issuers)
        variants.append(" ".join(tokens(without_year.canonical)))
    variants = [variant for variant in variants if variant]
    return "|" + "|".join(variants) + "|" if variants else ""


def key_patterns(query: str) -> list[str]:
    """Substrings of a number key, any of which means `query` names (the start of) that number.

    The query's tokens must begin one of the key's variants. A last token of letters may be cut
    short (`172/k` finds `172/KH-UBND`); a last token of digits must be whole (`17` is not `172`).
    Empty when the query has no digit: a number query starts with its number.
    """
    found = tokens(_PREFIX.sub("", clean(query), count=1))
    if not found or not found[0].isdigit():
        return []
    joined = " ".join(found)
    if found[-1].isdigit():
        return [f"|{joined} ", f"|{joined}|"]
    return [f"|{joined}"]


def matches(query: str, key: str) -> bool:
    """Whether `query` names the number whose `number_key` is `key` (the patterns, in Python)."""
    return any(pattern in key for pattern in key_patterns(query))
