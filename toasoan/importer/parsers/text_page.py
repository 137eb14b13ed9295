"""A portal article captured as plain text ("select all, copy"), like ``shared/fixtures/pages/*.txt``.

The page reads top to bottom as: the headline, often ending in its timestamp
``(16:20 16/09/2020)``; the lead, often opening with an agency tag ``HNP - ``; body
paragraphs, one per line, with photo captions as short lines without final
punctuation; the byline alone on a short last line; then the page's own furniture
(related-article lists, the comment form), which is not part of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from toasoan import vntext

from ..records import (
    ArticleRecord,
    Block,
    InvalidRecord,
    Origin,
    RecordError,
    build_record,
    clean_line,
    paragraph,
    photo_note,
    read_file,
)

SOURCE = "text"

#: Headings that start the page furniture: the article ends at the first one (compared folded,
#: so tone-mark style, case and a trailing ":" do not matter).
FURNITURE_HEADINGS = (
    "Các bài mới đăng",
    "Các bài đã đăng",
    "Bài viết Xem",
    "Viết bình luận",
    "Gửi bình luận",
    "Tin liên quan",
    "Tin cùng chuyên mục",
    "Tin khác",
)
#: Comment-form labels: a short line opening with one of these and a colon is furniture too.
FURNITURE_FORM_LABELS = (
    "Họ tên",
    "Họ và tên",
    "Email",
    "Số điện thoại",
    "Tiêu đề",
    "Nội dung",
    "Mã xác nhận",
)
FORM_LABEL_MAX_LENGTH = 80

CAPTION_MAX_LENGTH = 200
BYLINE_MAX_LENGTH = 50
BYLINE_MAX_WORDS = 6
DATELINE_MAX_LENGTH = 60
#: A line ending in one of these is a sentence, so a paragraph rather than a caption or byline.
TERMINAL_PUNCTUATION = ".!?…:;"
#: Closing quotes and brackets looked through when finding a line's last real character.
CLOSING_MARKS = "\"'”’»)]"
LIST_BULLETS = ("-", "+", "*", "•", "–", "—")

_FOLDED_HEADINGS = frozenset(vntext.fold(heading) for heading in FURNITURE_HEADINGS)
_FORM_LABEL = re.compile(
    r"^(?:" + "|".join(re.escape(label) for label in FURNITURE_FORM_LABELS) + r")\s*(?:\(\*\))?\s*:",
    re.IGNORECASE,
)
#: "HNP - Chiều 16/9…": an upper-case agency code, a dash, the lead.
_AGENCY_TAG = re.compile(r"^(?P<code>[A-ZĐ][A-ZĐ0-9.]{1,19})\s+[-–—]\s+(?P<rest>\S.*)$")
#: A parenthesised group with digits at the end of the headline: "(16:20 16/09/2020)".
_TRAILING_TIMESTAMP = re.compile(r"\s*\((?P<when>[^()]*\d[^()]*)\)\s*$")
_LOOKS_LIKE_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}")
#: A "?" between letters twice over, or U+FFFD: text whose encoding was lost ("L?y l?i m� b?o m?t").
_MOJIBAKE = re.compile(r"\ufffd|\w\?\w.*\w\?\w")


@dataclass(frozen=True)
class Headline:
    title: str
    published_at: datetime | None


def is_furniture(line: str) -> bool:
    if vntext.fold(line) in _FOLDED_HEADINGS:
        return True
    return len(line) <= FORM_LABEL_MAX_LENGTH and bool(_FORM_LABEL.match(line))


def is_mojibake(line: str) -> bool:
    return bool(_MOJIBAKE.search(line))


def _last_character(line: str) -> str:
    stripped = line.rstrip(CLOSING_MARKS)
    return stripped[-1:] if stripped else ""


def is_caption(line: str) -> bool:
    """A photo caption: short, no final punctuation, not a list item."""
    return (
        len(line) < CAPTION_MAX_LENGTH
        and _last_character(line) not in TERMINAL_PUNCTUATION
        and not line.startswith(LIST_BULLETS)
    )


def is_byline(line: str) -> bool:
    """A signature such as "Bình An": a few words, no digits, no final punctuation."""
    return (
        len(line) <= BYLINE_MAX_LENGTH
        and len(line.split()) <= BYLINE_MAX_WORDS
        and not any(char.isdigit() for char in line)
        and _last_character(line) not in TERMINAL_PUNCTUATION
        and line[:1].isupper()
    )


def article_lines(text: str) -> list[str]:
    """The article's non-empty lines, normalized, up to (not including) the page furniture."""
    lines: list[str] = []
    for raw in vntext.normalize(text).split("\n"):
        line = clean_line(raw)
        if not line:
            continue
        if lines and is_furniture(line):
            break
        if not is_mojibake(line):
            lines.append(line)
    return lines


def split_headline(line: str) -> Headline:
    """The headline without its trailing timestamp, and that timestamp read as a datetime."""
    match = _TRAILING_TIMESTAMP.search(line)
    if match:
        try:
            return Headline(line[: match.start()].rstrip(), vntext.parse_datetime(match["when"]))
        except ValueError as exc:
            if _LOOKS_LIKE_DATE.search(match["when"]):
                raise InvalidRecord(f"thời gian đăng không hợp lệ: {match['when']!r}") from exc
    return Headline(line, None)


def read_dateline(line: str) -> datetime | None:
    """A line that is only a timestamp ("Thứ sáu, 28/12/2012, 14:46"), read; None for any other line."""
    if len(line) > DATELINE_MAX_LENGTH or not _LOOKS_LIKE_DATE.search(line):
        return None
    try:
        return vntext.parse_datetime(line)
    except ValueError:
        return None


def split_agency(lead: str) -> tuple[str, str]:
    """``("HNP", "Chiều 16/9…")`` from ``"HNP - Chiều 16/9…"``; ``("", lead)`` without a tag."""
    match = _AGENCY_TAG.match(lead)
    if match is None:
        return "", lead
    return match["code"].rstrip("."), match["rest"]


def body_blocks(lines: list[str]) -> list[Block]:
    return [photo_note(line) if is_caption(line) else paragraph(line) for line in lines]


def parse_text_page(text: str, *, origin: Origin, key_prefix: str) -> ArticleRecord:
    """Read one captured page. Raises InvalidRecord when it holds no article."""
    lines = article_lines(text)
    if not lines:
        raise InvalidRecord("tệp không có nội dung")
    headline = split_headline(lines[0])
    rest = lines[1:]
    published_at = headline.published_at
    if published_at is None and rest and (dateline := read_dateline(rest[0])):
        published_at, rest = dateline, rest[1:]
    if not rest:
        raise InvalidRecord("chỉ có tiêu đề, không có nội dung bài")
    byline = ""
    if len(rest) > 1 and is_byline(rest[-1]):
        byline, rest = rest[-1], rest[:-1]
    agency_code, lead = split_agency(rest[0])
    return build_record(
        origin=origin,
        source=SOURCE,
        key=f"{key_prefix}:{vntext.slugify(headline.title)}",
        title=headline.title,
        lead=lead,
        body=body_blocks(rest[1:]),
        published_at=published_at,
        agency_code=agency_code,
        byline=byline,
    )


def read_text_page(path: Path, name: str | None = None) -> ArticleRecord | RecordError:
    """The record of the page in *path*, or the reason there is none."""
    origin = Origin(name or str(path))
    data = read_file(path, origin)
    if isinstance(data, RecordError):
        return data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = text_line_of(exc)
        return RecordError(Origin(origin.file, line), "không phải UTF-8")
    try:
        return parse_text_page(text, origin=origin, key_prefix=path.resolve().name)
    except InvalidRecord as exc:
        return RecordError(origin, str(exc))


def text_line_of(exc: UnicodeDecodeError) -> int:
    """The 1-based line of the first byte that is not UTF-8."""
    return exc.object[: exc.start].count(b"\n") + 1
