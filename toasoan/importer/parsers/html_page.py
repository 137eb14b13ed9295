"""Saved or fetched HTML article pages: bytes → text → ``html_extract`` → an import record.

The page's bytes are decoded by, in order, a byte-order mark, the HTTP header's charset,
the page's own ``<meta charset>``, UTF-8, and Windows-1258; text set in a legacy font
encoding (TCVN3 ".VnTime", "VNI-Times") or double-decoded UTF-8 is then recognised on the
page as a whole and undone field by field (``vntext.legacy``).

A page is keyed in the ledger by its address: ``link rel=canonical``/``og:url``, else the
address it was fetched from, else its file name; so the same article saved to disk and
later fetched is one record, not two.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from toasoan.vntext import legacy

from ..records import (
    ArticleRecord,
    Block,
    InvalidRecord,
    MediaRef,
    NotArticle,
    Origin,
    RecordError,
    build_record,
    heading,
    paragraph,
    photo_note,
    read_file,
)
from .html_extract import ARTICLE, FORUM, Extraction, extract

SOURCE = "web"
#: Suffixes read as HTML by --format auto.
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".php", ".jsp"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|title)", re.I | re.S)
#: Sample of the page's text used to recognise a legacy encoding for the whole page.
LEGACY_SAMPLE_LENGTH = 3000
_CHARSET_ALIASES = {"utf8": "utf-8", "win-1258": "cp1258", "x-user-defined": "cp1252", "unicode": "utf-8"}
NOT_ARTICLE_REASONS = {FORUM: "chủ đề diễn đàn, không phải bài báo"}


def looks_like_html(head: bytes) -> bool:
    return bool(_HTML_START.match(head[:2048]))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(data: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """(text, charset used): BOM, HTTP header, ``<meta charset>``, UTF-8, then Windows-1258."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    for declared in (_codec(header_charset), _codec(meta_charset(data))):
        if declared is None:
            continue
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            if declared == "utf-8":  # a page that says UTF-8 and is not: read on below
                continue
            return data.decode(declared, errors="replace"), declared
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace"), "cp1258"


def _legacy_reading(extraction: Extraction) -> str | None:
    """The legacy encoding the page's text is in, judged on a sample of it; None for Unicode text."""
    sample = " ".join([extraction.title, extraction.lead, extraction.body_text()])[:LEGACY_SAMPLE_LENGTH]
    return _reading_of(sample)


def _reading_of(sample: str) -> str | None:
    if not legacy.needs_decoding(sample):
        return None
    name = legacy.detect(sample)
    if name == "utf-8":
        return None
    decoded = legacy.decode_reading(sample, name)
    if (
        decoded is None
        or legacy.vietnamese_score(decoded) < legacy.vietnamese_score(sample) + legacy.REPAIR_MARGIN
    ):
        return None
    return name


def _decoder(name: str | None):
    def decode(text: str) -> str:
        if name is None or not text:
            return text
        decoded = legacy.decode_reading(text, name)
        return decoded if decoded is not None else text

    return decode


def undo_legacy_text(html: str) -> str:
    """The page with its text read right when it is set in a legacy font encoding or is mojibake.

    Decided on a sample of the visible text; the markup (ASCII) reads the same in every one
    of these encodings, so the whole document is converted before it is parsed. A page that
    mixes Unicode with legacy text is left for the field-by-field pass (``_legacy_reading``).
    """
    body = LexborHTMLParser(html).body
    sample = " ".join((body.text(separator=" ") if body is not None else "").split())[:LEGACY_SAMPLE_LENGTH]
    name = _reading_of(sample)
    if name is None:
        return html
    converted = legacy.decode_reading(html, name)
    return converted if converted is not None else html


def canonical_url(html: str, fallback: str | None) -> str | None:
    match = re.search(r"""<link[^>]+rel=["']?canonical["']?[^>]*>""", html[:200_000], re.I)
    if match and (href := re.search(r"""href=["']([^"']+)["']""", match.group(), re.I)):
        return urljoin(fallback or "", href.group(1).strip())
    match = re.search(r"""<meta[^>]+property=["']og:url["'][^>]*>""", html[:200_000], re.I)
    if match and (content := re.search(r"""content=["']([^"']+)["']""", match.group(), re.I)):
        url = content.group(1).strip()
        if url.startswith(("http://", "https://")):
            return url
    return fallback


def record_from_html(
    data: bytes,
    *,
    origin: Origin,
    url: str | None = None,
    header_charset: str | None = None,
    file_key: str | None = None,
) -> ArticleRecord | NotArticle | RecordError:
    """The article of one page, or why there is none."""
    text, _charset = decode_html(data, header_charset)
    text = undo_legacy_text(text)
    page_url = canonical_url(text, url)
    try:
        extraction = extract(text, page_url)
    except (ValueError, RecursionError) as exc:
        return RecordError(origin, f"không đọc được HTML: {exc}")
    if extraction.page_type != ARTICLE:
        reason = NOT_ARTICLE_REASONS.get(extraction.page_type, "trang chủ hoặc trang danh sách, không có bài")
        return NotArticle(origin, reason, title=extraction.title or None, page_type=extraction.page_type)
    fix = _decoder(_legacy_reading(extraction))
    key = page_url or (f"file:{file_key}" if file_key else None)
    if not key:
        return RecordError(origin, "không có địa chỉ hay tên tệp để làm mã bản ghi", title=extraction.title)
    body, media = _body(extraction, fix, base=page_url)
    try:
        return build_record(
            origin=origin,
            source=SOURCE,
            key=key,
            title=fix(extraction.title),
            lead=fix(extraction.lead),
            body=body,
            published_at=extraction.published_at,
            byline=_byline(extraction, fix),
            section_label=fix(extraction.section[0]) if extraction.section else "",
            raw=data,
            source_url=page_url or "",
            media=media,
        )
    except InvalidRecord as exc:
        return RecordError(origin, str(exc), title=extraction.title or None)


def _byline(extraction: Extraction, fix) -> str:
    """The name, with the role or unit the page printed after it ("Lê Minh (CTV)")."""
    name = fix(extraction.byline)
    if name and extraction.byline_role:
        return f"{name} ({fix(extraction.byline_role)})"
    return name


def _body(extraction: Extraction, fix, *, base: str | None) -> tuple[list[Block], tuple[MediaRef, ...]]:
    blocks: list[Block] = []
    media: list[MediaRef] = []
    for block in extraction.blocks:
        if block.image is not None:
            image = block.image
            src = urljoin(base, image.src) if base else image.src
            caption, alt = fix(image.caption), fix(image.alt)
            media.append(MediaRef(src=src, alt=alt, caption=caption))
            if caption or alt:
                blocks.append(photo_note(caption or alt, fix(extraction.photo_credit)))
        elif block.kind == "heading":
            blocks.append(heading(fix(block.text)))
        elif block.text:
            blocks.append(paragraph(fix(block.text)))
    if extraction.credit:
        blocks.append(paragraph(f"Theo {fix(extraction.credit)}"))  # the source credit, as the page showed it
    return blocks, tuple(media)


def read_html_page(path: Path, name: str | None = None) -> ArticleRecord | NotArticle | RecordError:
    origin = Origin(name or str(path))
    data = read_file(path, origin)
    if isinstance(data, RecordError):
        return data
    return record_from_html(data, origin=origin, file_key=path.name)
