"""Cleaning what readers and moderators type: vntext.normalize, then the field's shape.

Directional controls (vntext.strip_bidi) go first: in a name they would reorder the time printed
next to it, and removed before normalize() they cannot keep a letter and its tone mark apart.
"""

from __future__ import annotations

import re

from toasoan import vntext

_BLANK_LINES = re.compile(r"\n{3,}")


def _clean(value: str) -> str:
    return vntext.normalize(vntext.strip_bidi(value or ""))


def one_line(value: str) -> str:
    """Names and titles: normalized, every run of whitespace (line breaks too) one space."""
    return " ".join(_clean(value).split())


def multiline(value: str) -> str:
    """Plain text with its line breaks: normalized, lines right-trimmed, at most one blank line."""
    text = _clean(value).replace("\t", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
