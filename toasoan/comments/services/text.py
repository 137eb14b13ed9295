"""Cleaning what readers and moderators type: vntext.normalize, then the field's shape."""

from __future__ import annotations

import re

from toasoan import vntext

_BLANK_LINES = re.compile(r"\n{3,}")


def one_line(value: str) -> str:
    """Names and titles: normalized, every run of whitespace (line breaks too) one space."""
    return " ".join(vntext.normalize(value or "").split())


def multiline(value: str) -> str:
    """Plain text with its line breaks: normalized, lines right-trimmed, at most one blank line."""
    text = vntext.normalize(value or "").replace("\t", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
