"""Readers of the input formats; each yields ``ArticleRecord`` or ``RecordError`` (see ``..records``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path

from ..records import ArticleRecord, Origin, RecordError
from .jsonl import GZIP_MAGIC, read_jsonl
from .text_page import read_text_page

__all__ = ["InputFormat", "detect_format", "read_inputs", "read_path"]


class InputFormat(StrEnum):
    AUTO = "auto"
    JSONL = "jsonl"
    TEXT = "text"


UNKNOWN_FORMAT = "không nhận ra định dạng (cần đuôi .jsonl, .jsonl.gz hoặc .txt, hoặc chọn --format)"
#: File name endings recognised by ``--format auto``.
SUFFIX_FORMATS = {".jsonl": InputFormat.JSONL, ".gz": InputFormat.JSONL, ".txt": InputFormat.TEXT}


def detect_format(path: Path) -> InputFormat | None:
    """The format of *path* from its name ending, else from gzip's magic bytes; None when unknown."""
    by_suffix = SUFFIX_FORMATS.get(path.suffix.lower())
    if by_suffix is not None:
        return by_suffix
    with path.open("rb") as handle:
        return InputFormat.JSONL if handle.read(2) == GZIP_MAGIC else None


def read_path(
    path: Path, input_format: InputFormat = InputFormat.AUTO
) -> Iterator[ArticleRecord | RecordError]:
    """Every record of one input file, or one error saying why the file cannot be read."""
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
        yield from read_jsonl(path, name)
    else:
        yield read_text_page(path, name)


def read_inputs(
    paths: Iterable[Path], input_format: InputFormat = InputFormat.AUTO
) -> Iterator[ArticleRecord | RecordError]:
    for path in paths:
        yield from read_path(path, input_format)
