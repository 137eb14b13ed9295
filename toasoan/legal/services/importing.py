"""Import an existing registry: rows of a CSV file or JSON lines, their files from a folder.

One row is one document, in a transaction of its own: a bad row is reported (in Vietnamese, with
its line) and the others go on. The ledger (`ImportedDocument`) keys each row by the registry and
the row's `ma` (else its canonical number) and keeps the hash of what was read, files included:
a second run of the same input changes nothing, a changed row becomes a new revision of its page,
published the Wagtail way (so caches are purged as for an editor's publish).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

from toasoan import vntext
from toasoan.importer.records import clean_line

from ..models import (
    DocumentType,
    ImportedDocument,
    Issuer,
    LegalAttachment,
    LegalDocumentPage,
    LegalIndexPage,
    Topic,
)
from . import files

#: Column names (folded, `_` for spaces) → field; Vietnamese headings are accepted as written.
COLUMNS = {
    "ma": "key",
    "id": "key",
    "so_ky_hieu": "number",
    "trich_yeu": "title",
    "loai": "type",
    "loai_van_ban": "type",
    "co_quan": "issuer",
    "co_quan_ban_hanh": "issuer",
    "nguoi_ky": "signer",
    "ngay_ban_hanh": "issued",
    "ngay_hieu_luc": "effective",
    "ngay_co_hieu_luc": "effective",
    "ngay_het_hieu_luc": "expires",
    "linh_vuc": "topic",
    "tep": "files",
    "nhan_tep": "labels",
}
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class ImportSetupError(Exception):
    """The import cannot start (no such registry, unreadable input); the message is Vietnamese."""


class InvalidRow(Exception):
    pass


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"Đã tạo: {self.created}, cập nhật: {self.updated}, không đổi: {self.unchanged}, "
            f"lỗi: {self.failed}."
        )


@dataclass
class AttachedFile:
    """A file of a row, read whole: its label on the document's page, its name, bytes and hash."""

    label: str
    name: str
    data: bytes
    digest: str


@dataclass
class DocumentRow:
    """One row as the registry's import reads it: its key, its fields (as ``parse`` makes them:
    dates as ISO text, the issuer and topic by name), its files and the hash of all of them."""

    key: str
    fields: dict
    files: list[AttachedFile]
    digest: str


def find_registry(reference: str) -> LegalIndexPage:
    """The registry by its page id or its address (`/van-ban/`)."""
    reference = reference.strip()
    if reference.isdigit():
        found = LegalIndexPage.objects.filter(pk=int(reference)).first()
    else:
        wanted = "/" + reference.strip("/") + "/"
        found = next((page for page in LegalIndexPage.objects.all() if page.url == wanted), None)
    if found is None:
        raise ImportSetupError(f"Không tìm thấy danh mục văn bản “{reference}” (mã trang hoặc địa chỉ).")
    return found


def _column(name: str) -> str:
    return re.sub(r"[\s-]+", "_", vntext.fold(vntext.normalize(name)).strip())


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, object] | str]]:
    """(line, values by field) for each row, or (line, why it was not read)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ImportSetupError(f"Không đọc được tệp “{path}”: {error.strerror or error}.") from error
    except UnicodeDecodeError as error:
        raise ImportSetupError(f"Tệp “{path.name}” không phải văn bản UTF-8 (dòng có byte lỗi).") from error
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _csv_rows(text)
    elif suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_rows(text)
    else:
        raise ImportSetupError(f"Không nhận ra định dạng của “{path.name}”: cần đuôi .csv hoặc .jsonl.")


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, object] | str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return
    names = [COLUMNS.get(_column(name), "") for name in header]
    if "number" not in names or "title" not in names:
        raise ImportSetupError("Dòng 1: thiếu cột “so_ky_hieu” hoặc “trich_yeu”.")
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield start, f"dòng CSV hỏng ({error})"
            start = reader.line_num + 1
            continue
        if any(cell.strip() for cell in cells):
            yield start, {name: cell for name, cell in zip(names, cells, strict=False) if name}
        start = reader.line_num + 1


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict[str, object] | str]]:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            yield line, "không phải JSON hợp lệ"
            continue
        if not isinstance(value, dict):
            yield line, "mỗi dòng phải là một đối tượng JSON"
            continue
        yield line, {COLUMNS[_column(k)]: v for k, v in value.items() if _column(k) in COLUMNS}


def _text(values: dict[str, object], name: str) -> str:
    value = values.get(name)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return clean_line(value)


def parse_date(text: str, label: str, *, required: bool = False) -> date | None:
    if not text:
        if required:
            raise InvalidRow(f"thiếu {label}")
        return None
    match = _DATE.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (iso := _ISO_DATE.match(text)):
        parts = iso.groups()
    try:
        if parts is None:
            raise ValueError
        return date(*(int(part) for part in parts))
    except ValueError:
        raise InvalidRow(f"{label} “{text}” không hợp lệ (cần dạng 25/03/2024)") from None


def _document_type(text: str) -> str:
    if not text:
        return DocumentType.OTHER
    folded = vntext.fold(text)
    for choice in DocumentType:
        if folded in (choice.value, vntext.fold(str(choice.label))):
            return choice.value
    raise InvalidRow(f"loại văn bản “{text}” không có trong danh mục")


def fill_document(page: LegalDocumentPage, fields: dict, attached: list[AttachedFile]) -> None:
    """Set *page*'s fields and attachments from a row's *fields* and files; nothing is saved but
    the new files' documents.

    The issuer is found by its code, else its name (created when neither matches), the topic by
    its name; a file already attached with the same bytes keeps its document (and its extracted
    text). The caller saves the page the Wagtail way (``add_child``, ``save_revision``).
    """
    page.title = fields["title"]
    page.number = fields["number"]
    page.document_type = fields["document_type"]
    page.issuer = _issuer(fields["issuer"])
    page.signer = fields["signer"]
    page.issued_date = date.fromisoformat(fields["issued_date"])
    page.effective_date = date.fromisoformat(fields["effective_date"]) if fields["effective_date"] else None
    page.expiry_date = date.fromisoformat(fields["expiry_date"]) if fields["expiry_date"] else None
    page.topic = Topic.objects.get_or_create(name=fields["topic"])[0] if fields["topic"] else None
    kept = {}
    for attachment in page.attachments.all() if page.pk else []:
        try:
            with attachment.document.file.open("rb") as handle:
                kept.setdefault(hashlib.sha256(handle.read()).hexdigest(), attachment)
        except OSError:
            continue
    attachments = []
    for item in attached:
        attachment = kept.pop(item.digest, None)
        if attachment is None:
            document = get_document_model()(title=item.label, file=ContentFile(item.data, name=item.name))
            document.save()
            attachment = LegalAttachment(document=document)
        attachment.label = item.label
        attachments.append(attachment)
    page.attachments = attachments


def _issuer(name: str) -> Issuer:
    by_code = Issuer.objects.filter(code__iexact=name).order_by("pk").first()
    return by_code or Issuer.objects.filter(name__iexact=name).first() or Issuer.objects.create(name=name)


class _Importer:
    def __init__(self, registry: LegalIndexPage, files_dir: Path) -> None:
        self.registry = registry
        self.files_dir = files_dir.resolve()
        self.source = f"registry:{registry.pk}"
        self.seen: dict[str, int] = {}

    def parse(self, line: int, values: dict[str, object]) -> DocumentRow:
        number = _text(values, "number")
        title = _text(values, "title")
        if not number:
            raise InvalidRow("thiếu số ký hiệu")
        if not title:
            raise InvalidRow("thiếu trích yếu")
        issuer = _text(values, "issuer")
        if not issuer:
            raise InvalidRow("thiếu cơ quan ban hành")
        issued = parse_date(_text(values, "issued"), "ngày ban hành", required=True)
        effective = parse_date(_text(values, "effective"), "ngày có hiệu lực")
        expires = parse_date(_text(values, "expires"), "ngày hết hiệu lực")
        if expires and expires <= (effective or issued):
            raise InvalidRow("ngày hết hiệu lực phải sau ngày có hiệu lực")
        key = _text(values, "key") or vntext.canonical_number(number)
        if key in self.seen:
            raise InvalidRow(f"trùng mã “{key}” với dòng {self.seen[key]}")
        self.seen[key] = line
        row_fields = {
            "number": number[:80],
            "title": title[:255],
            "document_type": _document_type(_text(values, "type")),
            "issuer": issuer[:200],
            "signer": _text(values, "signer")[:120],
            "issued_date": issued.isoformat(),
            "effective_date": effective.isoformat() if effective else None,
            "expiry_date": expires.isoformat() if expires else None,
            "topic": _text(values, "topic")[:120],
        }
        attached = self.read_files(values)
        digest = hashlib.sha256(
            json.dumps([row_fields, [(f.label, f.name, f.digest) for f in attached]], sort_keys=True).encode()
        ).hexdigest()
        return DocumentRow(key[:255], row_fields, attached, digest)

    def read_files(self, values: dict[str, object]) -> list[AttachedFile]:
        raw = values.get("files") or []
        names = raw if isinstance(raw, list) else str(raw).split(";")
        names = [clean_line(name) for name in names if clean_line(name)]
        raw_labels = values.get("labels") or []
        labels = raw_labels if isinstance(raw_labels, list) else str(raw_labels).split(";")
        labels = [clean_line(label) for label in labels]
        found = []
        for index, name in enumerate(names):
            path = (self.files_dir / name).resolve()
            if not path.is_relative_to(self.files_dir):
                raise InvalidRow(f"tệp “{name}” nằm ngoài thư mục tệp")
            if not path.is_file():
                raise InvalidRow(f"không tìm thấy tệp “{name}” trong thư mục tệp")
            try:
                with path.open("rb") as handle:
                    files.inspect(File(handle, name=path.name), settings.LEGAL_ATTACHMENT_MAX_BYTES, name)
                data = path.read_bytes()
            except files.RefusedFile as refused:
                raise InvalidRow(refused.message) from None
            except OSError:
                raise InvalidRow(f"không đọc được tệp “{name}”") from None
            label = (labels[index] if index < len(labels) else "") or Path(name).stem
            found.append(AttachedFile(label[:200], path.name, data, hashlib.sha256(data).hexdigest()))
        return found

    def fill(self, page: LegalDocumentPage, row: DocumentRow) -> None:
        fill_document(page, row.fields, row.files)

    def apply(self, row: DocumentRow) -> str:
        entry = (
            ImportedDocument.objects.filter(source=self.source, key=row.key).select_related("page").first()
        )
        if entry is not None and entry.content_hash == row.digest:
            return "unchanged"
        with transaction.atomic():
            if entry is None:
                page = LegalDocumentPage(title=row.fields["title"], live=False)
                self.fill(page, row)
                self.registry.add_child(instance=page)
                page.save_revision().publish()
                ImportedDocument.objects.create(
                    source=self.source, key=row.key, content_hash=row.digest, page=page
                )
                return "created"
            page = LegalDocumentPage.objects.get(pk=entry.page_id)
            self.fill(page, row)
            page.save_revision().publish()
            entry.content_hash = row.digest
            entry.save(update_fields=["content_hash", "updated_at"])
            return "updated"


def import_registry(path: Path, files_dir: Path, registry: LegalIndexPage) -> Summary:
    if not files_dir.is_dir():
        raise ImportSetupError(f"Không tìm thấy thư mục tệp “{files_dir}”.")
    importer = _Importer(registry, files_dir)
    summary = Summary()
    for line, values in read_rows(path):
        try:
            if isinstance(values, str):
                raise InvalidRow(values)
            outcome = importer.apply(importer.parse(line, values))
        except InvalidRow as invalid:
            summary.failed += 1
            summary.errors.append(f"Dòng {line}: {invalid}.")
            continue
        except Exception as error:  # one bad row must not stop the import; it is reported instead
            summary.failed += 1
            summary.errors.append(f"Dòng {line}: không nhập được ({type(error).__name__}: {error}).")
            continue
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    return summary


__all__ = [
    "AttachedFile",
    "DocumentRow",
    "ImportSetupError",
    "InvalidRow",
    "Summary",
    "fill_document",
    "find_registry",
    "import_registry",
    "parse_date",
    "read_rows",
]
