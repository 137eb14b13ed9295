"""JSON lines (plain or gzip), one article per line, as in ``shared/corpus/articles.jsonl.gz``.

Fields: ``id``, ``title``, ``section`` (label or null), ``published`` (ISO 8601 or null),
``lead``, ``body`` (paragraphs separated by a blank line), ``source``, optional ``url``
and ``author``.  The file is streamed line by line: memory stays flat whatever its size.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..records import (
    ArticleRecord,
    InvalidRecord,
    Origin,
    RecordError,
    build_record,
    clean_line,
    paragraph,
)

GZIP_MAGIC = b"\x1f\x8b"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")


class BadFile(Exception):
    """A file that cannot be read at all; the message names the problem."""


def is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def open_lines(path: Path) -> IO[bytes]:
    """Open *path* for reading bytes, decompressing gzip (recognised by its magic bytes)."""
    if is_gzip(path):
        return gzip.open(path, "rb")
    if path.suffix.lower() == ".gz":
        raise BadFile("không phải tệp gzip")
    return path.open("rb")


def body_paragraphs(body: object, lead: str) -> list[str]:
    """Paragraph texts of a corpus body; a first paragraph that repeats the lead loses the repetition."""
    if isinstance(body, list):
        chunks = [item for item in body if isinstance(item, str)]
    elif isinstance(body, str):
        chunks = _PARAGRAPH_BREAK.split(body.replace("\r\n", "\n"))
    else:
        chunks = []
    paragraphs = [text for text in (clean_line(chunk) for chunk in chunks) if text]
    lead = clean_line(lead)
    if paragraphs and lead:
        if paragraphs[0] == lead:
            paragraphs.pop(0)
        elif paragraphs[0].startswith(lead + " "):
            paragraphs[0] = paragraphs[0][len(lead) :].lstrip()
    return paragraphs


def parse_line(raw: bytes, origin: Origin, default_source: str) -> ArticleRecord | RecordError:
    """One JSON line → a record, or the reason it is not one."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return RecordError(origin, f"không phải UTF-8 (byte {exc.start + 1})")
    except json.JSONDecodeError as exc:
        return RecordError(origin, f"JSON không hợp lệ: {exc.msg} (cột {exc.colno})")
    if not isinstance(data, dict):
        return RecordError(origin, "dòng không phải một đối tượng JSON")
    title = clean_line(data.get("title")) or None
    record_id = data.get("id")
    source = data.get("source")
    try:
        return build_record(
            origin=origin,
            source=source if isinstance(source, str) and source.strip() else default_source,
            key=str(record_id).strip() if isinstance(record_id, str | int) else "",
            title=data.get("title"),
            lead=data.get("lead"),
            body=[paragraph(text) for text in body_paragraphs(data.get("body"), data.get("lead") or "")],
            published=data.get("published"),
            byline=data.get("author"),
            section_label=data.get("section"),
        )
    except InvalidRecord as exc:
        return RecordError(origin, str(exc), title=title)


@dataclass(frozen=True)
class JsonLine:
    """One line of a JSON-lines file, not parsed yet: the import parses it, perhaps in a worker process."""

    raw: bytes
    origin: Origin
    default_source: str

    def parse(self) -> ArticleRecord | RecordError:
        return parse_line(self.raw, self.origin, self.default_source)


def read_jsonl(
    path: Path, name: str | None = None, *, lazy: bool = False
) -> Iterator[ArticleRecord | RecordError | JsonLine]:
    """Yield every line's record or error; a file that breaks off yields one last error and stops.

    ``lazy`` yields the lines as ``JsonLine`` (the import parses them), errors of the file
    itself still as ``RecordError``, in the same order.
    """
    name = name or str(path)
    line_number = 0
    try:
        with open_lines(path) as stream:
            for line_number, raw in enumerate(stream, start=1):
                if raw.strip():
                    line = JsonLine(raw, Origin(name, line_number), path.name)
                    yield line if lazy else line.parse()
    except BadFile as exc:
        yield RecordError(Origin(name), str(exc))
    except FileNotFoundError:
        yield RecordError(Origin(name), "không tìm thấy tệp")
    except IsADirectoryError:
        yield RecordError(Origin(name), "là thư mục, không phải tệp")
    except PermissionError:
        yield RecordError(Origin(name), "không có quyền đọc tệp")
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield RecordError(Origin(name, line_number + 1), f"tệp gzip bị hỏng hoặc bị cắt cụt ({exc})")
    except OSError as exc:
        where = Origin(name, line_number + 1 if line_number else None)
        yield RecordError(where, f"không đọc được tệp: {exc}")
