"""What every parser hands to the import service: a validated article record or the reason it has none."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils.html import escape

from toasoan import vntext
from toasoan.vntext.legacy import find_damage, repair

#: ``Page.title`` is a CharField(max_length=255).
TITLE_MAX_LENGTH = 255
#: ``ArticlePage.byline`` is a CharField(max_length=200).
BYLINE_MAX_LENGTH = 200
#: ``ImportedRecord.source`` / ``key`` are CharField(max_length=255).
LEDGER_FIELD_MAX_LENGTH = 255

WARNING_NO_DATE = "không có thời gian đăng"
WARNING_BYLINE_TOO_LONG = "bỏ tên tác giả dài quá 200 ký tự"
WARNING_DAMAGED = "chữ bị mất (nhập vì có --accept-damaged)"


class InvalidRecord(ValueError):
    """A record that cannot become an article; the message is shown to the person importing."""


@dataclass(frozen=True)
class Origin:
    """Where a record came from, for error lines: ``articles.jsonl:12``."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass(frozen=True)
class Block:
    """One body block in StreamField raw form (``paragraph`` HTML or a ``photo_note`` dict)."""

    type: str
    value: Any

    def as_raw(self) -> dict[str, Any]:
        return {"type": self.type, "value": self.value}


def paragraph(text: str) -> Block:
    """A rich-text paragraph from plain text: escaped and wrapped in ``<p>``."""
    return Block("paragraph", f"<p>{escape(text)}</p>")


def photo_note(caption: str, credit: str = "") -> Block:
    return Block("photo_note", {"caption": caption[:500], "credit": credit[:200]})


def heading(text: str) -> Block:
    """A subheading inside the body (rich text allows h3 in a paragraph block)."""
    return Block("paragraph", f"<h3>{escape(text)}</h3>")


@dataclass(frozen=True)
class MediaRef:
    """A picture of the original page, kept as a reference (nothing is downloaded)."""

    src: str
    alt: str = ""
    caption: str = ""

    def as_json(self) -> dict[str, str]:
        return {"src": self.src, "alt": self.alt, "caption": self.caption}


@dataclass(frozen=True)
class ArticleRecord:
    """A normalized, validated article ready to be written; ``published_at`` None means "no date given"."""

    origin: Origin
    source: str
    key: str
    title: str
    lead: str = ""
    body: tuple[Block, ...] = ()
    published_at: datetime | None = None
    agency_code: str = ""
    byline: str = ""
    section_label: str = ""
    warnings: tuple[str, ...] = ()
    content_hash: str = field(default="", compare=False)
    #: Hash of the input the record was read from (a JSON line, a file, a fetched page).
    raw_hash: str = field(default="", compare=False)
    #: Where the page lived, when known (canonical or fetched URL).
    source_url: str = ""
    media: tuple[MediaRef, ...] = ()
    #: Words whose letters were lost before the text reached us ("L?y l?i"), with context.
    damage: tuple[str, ...] = ()

    def raw_body(self) -> list[dict[str, Any]]:
        return [block.as_raw() for block in self.body]


@dataclass(frozen=True)
class NotArticle:
    """An input that is readable but holds no article (a home page, a forum thread)."""

    origin: Origin
    reason: str
    title: str | None = None
    page_type: str = "homepage"


@dataclass(frozen=True)
class RecordError:
    """A record (or a whole file) that could not be read; the import goes on with the next one."""

    origin: Origin
    message: str
    title: str | None = None

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


def read_file(path: Path, origin: Origin) -> bytes | RecordError:
    """A source file's bytes, or the reason (in Vietnamese) they can't be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return RecordError(origin, "không tìm thấy tệp")
    except IsADirectoryError:
        return RecordError(origin, "là thư mục, không phải tệp")
    except PermissionError:
        return RecordError(origin, "không có quyền đọc tệp")
    except OSError as exc:
        return RecordError(origin, f"không đọc được tệp: {exc}")


def clean_text(value: object) -> str:
    """Legacy encodings undone, normalized, surrounding whitespace removed; non-strings are empty.

    ``repair`` runs first: normalize would drop characters that mis-decoded legacy text
    needs (TCVN3 ``ư`` is the soft hyphen of Windows-1252).
    """
    if not isinstance(value, str):
        return ""
    return vntext.normalize(repair(value)).strip()


def clean_line(value: object) -> str:
    """``clean_text`` that also collapses runs of whitespace (titles, bylines, captions)."""
    return " ".join(clean_text(value).split())


def parse_published(value: object) -> datetime | None:
    """The publication time, or None when the input has none. Raises InvalidRecord for a bad one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InvalidRecord(f"thời gian đăng không hợp lệ: {value!r}")
    try:
        return vntext.parse_datetime(value)
    except ValueError as exc:
        raise InvalidRecord(f"thời gian đăng không hợp lệ: {value!r}") from exc


def ledger_field(value: str) -> str:
    """Fit a source/key into the ledger's 255 characters, keeping long values distinct by a hash suffix."""
    if len(value) <= LEDGER_FIELD_MAX_LENGTH:
        return value
    digest = hashlib.sha256(value.encode()).hexdigest()[:16]
    return f"{value[: LEDGER_FIELD_MAX_LENGTH - 17]}#{digest}"


def raw_hash(data: bytes | str) -> str:
    """Hash of an input exactly as read."""
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def damage_in(*texts: str, limit: int = 5) -> tuple[str, ...]:
    """Context of every damaged word in *texts* ("… Phó Ch? t?ch UBND …"), at most *limit*."""
    found: list[str] = []
    for text in texts:
        if not text or ("?" not in text and "\ufffd" not in text):
            continue
        for start, end in find_damage(text):
            left = text.rfind(" ", 0, max(0, start - 25)) + 1
            right = text.find(" ", min(len(text), end + 25))
            found.append(text[left : right if right != -1 else len(text)].strip())
            if len(found) >= limit:
                return tuple(found)
    return tuple(found)


def content_hash(record: ArticleRecord) -> str:
    """Hash of what the importer would write; the section is not part of it (pages are never moved)."""
    payload = {
        "title": record.title,
        "lead": record.lead,
        "body": record.raw_body(),
        "published_at": record.published_at.isoformat() if record.published_at else None,
        "agency": record.agency_code,
        "byline": record.byline,
    }
    if record.media:
        payload["media"] = [media.as_json() for media in record.media]
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def build_record(
    *,
    origin: Origin,
    source: str,
    key: str,
    title: object,
    lead: object = "",
    body: list[Block] | tuple[Block, ...] = (),
    published: object = None,
    published_at: datetime | None = None,
    agency_code: str = "",
    byline: object = "",
    section_label: object = "",
    warnings: tuple[str, ...] = (),
    raw: bytes | str | None = None,
    source_url: str = "",
    media: tuple[MediaRef, ...] = (),
) -> ArticleRecord:
    """Normalize and validate one article. Raises InvalidRecord with a message for the person importing.

    Either ``published`` (raw text, parsed here) or an already parsed ``published_at`` is given.
    """
    clean_title = clean_line(title)
    if not clean_title:
        raise InvalidRecord("thiếu tiêu đề")
    if len(clean_title) > TITLE_MAX_LENGTH:
        raise InvalidRecord(f"tiêu đề dài {len(clean_title)} ký tự, quá {TITLE_MAX_LENGTH}")
    if not key:
        raise InvalidRecord("thiếu mã bản ghi (id)")
    when = published_at if published_at is not None else parse_published(published)
    notes = list(warnings)
    if when is None:
        notes.append(WARNING_NO_DATE)
    clean_byline = clean_line(byline)
    if len(clean_byline) > BYLINE_MAX_LENGTH:
        clean_byline = ""
        notes.append(WARNING_BYLINE_TOO_LONG)
    record = ArticleRecord(
        origin=origin,
        source=ledger_field(source),
        key=ledger_field(key),
        title=clean_title,
        lead=clean_text(lead),
        body=tuple(body),
        published_at=when,
        agency_code=agency_code,
        byline=clean_byline,
        section_label=clean_line(section_label),
        warnings=tuple(notes),
        raw_hash=raw_hash(raw) if raw is not None else "",
        source_url=source_url,
        media=media,
    )
    damage = damage_in(record.title, record.lead, record.byline, *_block_texts(record.body))
    return replace(record, content_hash=content_hash(record), damage=damage)


def _block_texts(blocks: tuple[Block, ...]) -> list[str]:
    texts = []
    for block in blocks:
        value = block.value
        texts.append(value if isinstance(value, str) else " ".join(str(part) for part in value.values()))
    return texts
