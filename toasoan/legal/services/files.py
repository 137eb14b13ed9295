"""What an attached file is, read from its bytes; its size; its text for search.

The name an uploader gives a file says nothing reliable (`bao-cao.pdf` may be an HTML page or a
program), so the type comes from the content: PDF's `%PDF-`, the OLE2 container of DOC and XLS,
a ZIP and what it holds (DOCX, XLSX, ODT, or a plain archive). A file whose name claims another
type, or whose content is none of these, is refused.

No models here: the models' validation imports this module.
"""

from __future__ import annotations

import logging
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

#: Kind → the extensions a file of that kind may be named with.
EXTENSIONS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "doc": frozenset({"doc"}),
    "xls": frozenset({"xls"}),
    "docx": frozenset({"docx"}),
    "xlsx": frozenset({"xlsx"}),
    "odt": frozenset({"odt"}),
    "zip": frozenset({"zip"}),
}
LABELS: dict[str, str] = {
    "pdf": "PDF",
    "doc": "Word (DOC)",
    "xls": "Excel (XLS)",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "odt": "OpenDocument (ODT)",
    "zip": "ZIP",
}
ACCEPTED = "PDF, DOC, DOCX, XLS, XLSX, ODT, ZIP"
#: The text kept per file: enough for search, never a whole book in a row.
MAX_TEXT_CHARS = 200_000
#: A DOCX whose text part unpacks to more than this is not read (a ZIP bomb).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


class RefusedFile(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Found:
    kind: str
    size: int


def human_size(size: int) -> str:
    """`1,2 MB`, `35 KB`: Vietnamese decimal comma."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    if size >= 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size} byte"


def _ole2_kind(data: bytes) -> str | None:
    # The directory names its streams in UTF-16: Word keeps "WordDocument", Excel "Workbook" (or
    # "Book" before Excel 97).
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    return None


def _zip_kind(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # Read at most the declared length of a tiny entry: never unpack anything large.
                info = archive.getinfo("mimetype")
                if info.file_size <= 200 and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                return None  # another Office file (PPTX…): not one we take
            return "zip"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None


def sniff(stream: IO[bytes], size: int) -> str | None:
    """The kind of the file's content, or None when it is none we take."""
    stream.seek(0)
    head = stream.read(8)
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head == OLE2_MAGIC:
        stream.seek(0)
        return _ole2_kind(stream.read(size))
    if head.startswith(ZIP_MAGIC):
        stream.seek(0)
        return _zip_kind(stream)
    return None


def inspect(file, max_bytes: int, title: str = "") -> Found:
    """Kind and size of a stored file (a Django `File`); `RefusedFile` with the reason in Vietnamese,
    naming the file by `title` (what the editor sees in the chooser) or else its stored name."""
    stored_name = PurePosixPath(file.name or "").name
    name = title or stored_name
    try:
        size = file.size
    except OSError as error:
        raise RefusedFile(f"Không đọc được tệp “{name}”.") from error
    if size > max_bytes:
        raise RefusedFile(f"Tệp “{name}” quá lớn ({human_size(size)}); tối đa {human_size(max_bytes)}.")
    try:
        file.open("rb")
        try:
            kind = sniff(file, size)
        finally:
            file.close()
    except OSError as error:
        raise RefusedFile(f"Không đọc được tệp “{name}”.") from error
    if kind is None:
        raise RefusedFile(f"Không nhận ra loại của tệp “{name}” từ nội dung của nó. Chỉ nhận tệp {ACCEPTED}.")
    extension = PurePosixPath(stored_name).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS[kind]:
        raise RefusedFile(
            f"Tên tệp “{name}” không khớp với nội dung: nội dung là tệp {LABELS[kind]}. "
            "Hãy đặt lại đúng phần mở rộng rồi tải lên lại."
        )
    return Found(kind, size)


def _pdf_text(stream: IO[bytes]) -> str:
    from pypdf import PdfReader

    reader = PdfReader(stream)
    parts: list[str] = []
    length = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
        if length >= MAX_TEXT_CHARS:
            break
    return "\n".join(parts)


def _docx_text(stream: IO[bytes]) -> str:
    with zipfile.ZipFile(stream) as archive:
        if archive.getinfo("word/document.xml").file_size > MAX_UNPACKED_BYTES:
            raise ValueError("word/document.xml unpacks too large")
    stream.seek(0)
    from docx import Document

    document = Document(stream)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


READERS = {"pdf": _pdf_text, "docx": _docx_text}


def extract_text(file, kind: str) -> str:
    """The text of a PDF or DOCX, for search; empty for other kinds and whenever reading fails
    (logged): a damaged file never stops a document being saved."""
    reader = READERS.get(kind)
    if reader is None:
        return ""
    try:
        file.open("rb")
        try:
            # Damaged files make the libraries warn about every oddity: the outcome is logged below.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                text = reader(file)
        finally:
            file.close()
    except Exception:
        logger.warning("Không đọc được chữ của tệp %s (%s)", getattr(file, "name", "?"), kind, exc_info=True)
        return ""
    return " ".join(text.split())[:MAX_TEXT_CHARS]
