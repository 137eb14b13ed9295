"""Readers of the input formats; each yields ``ArticleRecord`` or ``RecordError`` (see ``..records``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path

from ..records import ArticleRecord, NotArticle, Origin, RecordError
from .html_page import HTML_SUFFIXES, looks_like_html, read_html_page
from .jsonl import GZIP_MAGIC, JsonLine, read_jsonl
from .text_page import read_text_page

__all__ = ["InputFormat", "Item", "JsonLine", "LazyItem", "detect_format", "read_inputs", "read_path"]


class InputFormat(StrEnum):
    AUTO = "auto"
    JSONL = "jsonl"
    TEXT = "text"
    HTML = "html"


UNKNOWN_FORMAT = "không nhận ra định dạng (cần đuôi .jsonl, .jsonl.gz, .txt hoặc .html, hoặc chọn --format)"
#: File name endings recognised by ``--format auto``.
SUFFIX_FORMATS = {
    ".jsonl": InputFormat.JSONL,
    ".gz": InputFormat.JSONL,
    ".txt": InputFormat.TEXT,
    **dict.fromkeys(HTML_SUFFIXES, InputFormat.HTML),
}

Item = ArticleRecord | NotArticle | RecordError
#: What ``lazy`` readers yield: an item, or a JSON line the import parses (perhaps in a worker).
LazyItem = Item | JsonLine


def detect_format(path: Path) -> InputFormat | None:
    """The format of *path* from its name ending, else from its first bytes (gzip, HTML); None if unknown."""
    by_suffix = SUFFIX_FORMATS.get(path.suffix.lower())
    if by_suffix is not None:
        return by_suffix
    with path.open("rb") as handle:
        head = handle.read(2048)
    if head[:2] == GZIP_MAGIC:
        return InputFormat.JSONL
    return InputFormat.HTML if looks_like_html(head) else None


def read_path(
    path: Path, input_format: InputFormat = InputFormat.AUTO, *, lazy: bool = False
) -> Iterator[LazyItem]:
    """Every record of one input file, or one error saying why the file cannot be read.

    ``lazy``: JSON lines come unparsed (``JsonLine``), for ``import_records`` to parse.
    """
    name = str(path)
    if not path.exists():
        yield RecordError(Origin(name), "không tìm thấy tệp")
        return
    if path.is_dir():
        yield RecordError(Origin(name), "là thư mục, không phải tệp")
        return
    if input_format is InputFormat.AUTO:
        try:
            detected = detect_format(path)
        except OSError as exc:
            yield RecordError(Origin(name), f"không đọc được tệp: {exc.strerror or exc}")
            return
        if detected is None:
            yield RecordError(Origin(name), UNKNOWN_FORMAT)
            return
        input_format = detected
    if input_format is InputFormat.JSONL:
        yield from read_jsonl(path, name, lazy=lazy)
    elif input_format is InputFormat.HTML:
        yield read_html_page(path, name)
    else:
        yield read_text_page(path, name)


def read_inputs(
    paths: Iterable[Path], input_format: InputFormat = InputFormat.AUTO, *, lazy: bool = False
) -> Iterator[LazyItem]:
    for path in paths:
        yield from read_path(path, input_format, lazy=lazy)
