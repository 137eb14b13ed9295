"""NukeViet's stored values made ours: text (entities, legacy encodings), HTML, times, files.

NukeViet keeps titles HTML-escaped (``Sở GD&amp;ĐT``), bodies as editor HTML, times as Unix
seconds (0 for "none") and files under ``uploads/<module_upload>/``.  Text goes through the
importer's `clean_text`/`clean_line` (legacy encodings and mojibake repaired with `vntext`), HTML
through Wagtail's own rich-text whitelist, so what is stored is what an editor could have typed.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from toasoan import vntext
from toasoan.importer.records import clean_line, clean_text
from toasoan.vntext.dates import VIETNAM_TZ

_BREAKS = re.compile(r"<\s*br\s*/?\s*>|</\s*(?:p|div|li|tr|h[1-6])\s*>", re.I)
_TAGS = re.compile(r"<[^>]*>")
_DROPPED = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_BLANK_LINES = re.compile(r"\n{3,}")
_ROW_START = re.compile(r"<\s*tr\b[^>]*>", re.I)
_CELL_END = re.compile(r"</\s*t[dh]\s*>", re.I)
_ROW_END = re.compile(r"(?:\s*\|\s*)?</\s*tr\s*>", re.I)


def as_text(value: object) -> str:
    """A dump value as text: bytes that were not UTF-8 are read as a legacy encoding."""
    if isinstance(value, bytes):
        return vntext.decode_legacy(value)
    if value is None:
        return ""
    return str(value)


def line(value: object, limit: int | None = None) -> str:
    """One line of text: entities undone, encoding repaired, spaces collapsed."""
    text = clean_line(html.unescape(_TAGS.sub(" ", as_text(value))))
    return text[:limit] if limit else text


def plain(value: object) -> str:
    """Editor HTML as plain text, paragraphs kept as lines (questions and answers are text here)."""
    text = _DROPPED.sub("", as_text(value))
    text = _TAGS.sub("", _BREAKS.sub("\n", text))
    text = clean_text(html.unescape(text))
    lines = [" ".join(part.split()) for part in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _table_rows(text: str) -> str:
    """A table's rows as paragraphs, cells joined by " | ": rich text here has no tables, and
    the whitelist would glue the cells' words together."""
    text = _ROW_START.sub("<p>", text)
    text = _CELL_END.sub(" | ", text)
    return _ROW_END.sub("</p>", text)


def rich_text(value: object, features: Iterable[str]) -> str:
    """Editor HTML cleaned by Wagtail's whitelist for `features` (scripts, styles, unknown tags go)."""
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

    text = _table_rows(clean_text(_DROPPED.sub("", as_text(value))))
    if not text:
        return ""
    return EditorHTMLConverter(features=list(features)).to_database_format(text).strip()


def number(value: object) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def moment(value: object) -> datetime | None:
    """A Unix time (NukeViet's int columns) as an aware datetime; None for 0 or nonsense."""
    seconds = number(value)
    if seconds <= 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=VIETNAM_TZ)
    except (OverflowError, OSError, ValueError):
        return None


def day(value: object) -> date | None:
    """A Unix time as the Vietnamese calendar day it fell on."""
    found = moment(value)
    return found.date() if found else None


def ids(value: object) -> list[int]:
    """``"3,1, 7"`` → [3, 1, 7] (NukeViet's comma lists), nonsense dropped."""
    return [int(part) for part in re.findall(r"\d+", as_text(value))]


@dataclass(frozen=True)
class UploadedFile:
    name: str
    data: bytes
    digest: str


class MissingFile(Exception):
    """The file is not in the uploads folder (or outside it); the message is Vietnamese."""


def read_upload(uploads: Path | None, folder: str, name: str) -> UploadedFile:
    """`uploads/<folder>/<name>`, never outside `uploads/`."""
    if uploads is None:
        raise MissingFile(f"không có thư mục uploads/ để lấy tệp “{name}”")
    root = uploads.resolve()
    path = (root / folder / name).resolve()
    if not path.is_relative_to(root):
        raise MissingFile(f"tệp “{name}” nằm ngoài thư mục uploads/")
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise MissingFile(f"thiếu tệp uploads/{folder}/{name}") from None
    except OSError as error:
        raise MissingFile(f"không đọc được tệp uploads/{folder}/{name} ({error.strerror})") from None
    return UploadedFile(path.name, data, hashlib.sha256(data).hexdigest())
