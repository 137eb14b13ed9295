"""Dates and times as Vietnamese portals write them: day first, 24-hour clock, Asia/Ho_Chi_Minh.

Day first is the default everywhere; ``month_first=True`` is for the one caller that knows a
page prints US order (a forum package's English "Published on 03-15-2012 09:30 PM").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .text import fold, normalize

__all__ = ["VIETNAM_TZ", "format_date", "format_datetime", "parse_datetime"]

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Real timestamps are short; the cap keeps parsing cost bounded whatever a page contains.
MAX_INPUT_LENGTH = 200

# Punctuation that portals put around and between the parts: "(16:20 16/09/2020)",
# "Thứ sáu, 28/12/2012, 14:46", "28/12/2012 - 14:46", "15:20 PM | 21/12/2012",
# "Cập nhật: 16/09/2020" (a time's own colon is read with the time, never skipped).
_IGNORED_PUNCTUATION = frozenset("(),|-–—[]:")
_DATE_SEPARATORS = frozenset("/-.")
# Weekdays, folded: "Thứ sáu" / "Thứ 6" / "T6", "Chủ nhật" / "CN".
_WEEKDAY_NAMES = frozenset({"hai", "ba", "tu", "nam", "sau", "bay"})
_WEEKDAY_NUMBERS = frozenset("234567")
# Words that only introduce a part ("Cập nhật lúc 16:20 ngày 16/09/2020").  Any other
# word is refused: a wrong date is worse than none.
_FILLER_WORDS = frozenset({"ngay", "luc", "vao", "dang", "cn"})
# Two-word labels: the first word is only accepted with its second ("Chủ nhật", "Cập nhật").
_WORD_PAIRS = {"chu": "nhat", "cap": "nhat", "xuat": "ban"}
# Day periods after a 12-hour time ("04:00 chiều", Windows' "SA"/"CH").
_MORNING = frozenset({"am", "sa", "sang"})
_AFTERNOON = frozenset({"pm", "ch", "chieu", "toi"})
_NOON = frozenset({"trua"})
_NIGHT = frozenset({"dem"})
_PERIODS = _MORNING | _AFTERNOON | _NOON | _NIGHT
_OFFSET_WORDS = frozenset({"gmt", "utc"})


class _Token(NamedTuple):
    kind: str  # "num", "word" (folded) or "punct"
    text: str


def _tokenize(text: str) -> list[_Token]:
    """Split into digit runs, letter runs and single punctuation characters (one pass)."""
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
            continue
        start = i
        if char.isdecimal() and char.isascii():
            while i < len(text) and text[i].isdecimal() and text[i].isascii():
                i += 1
            tokens.append(_Token("num", text[start:i]))
        elif char.isalpha():
            while i < len(text) and text[i].isalpha():
                i += 1
            tokens.append(_Token("word", fold(text[start:i])))
        else:
            i += 1
            tokens.append(_Token("punct", char))
    return tokens


@dataclass
class _Parts:
    ymd: tuple[int, int, int] | None = None
    hour: int | None = None
    minute: int = 0
    second: int = 0
    period: str | None = None
    offset: tzinfo | None = None


class _Parser:
    """Reads the tokens left to right; every step consumes at least one token."""

    def __init__(self, original: str, *, month_first: bool = False) -> None:
        self.original = original
        self.month_first = month_first
        self.tokens = _tokenize(original)
        self.pos = 0
        self.parts = _Parts()

    def error(self, why: str) -> ValueError:
        return ValueError(f"Cannot read date/time {self.original!r}: {why}")

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def text_at(self, offset: int) -> str:
        return self.tokens[self.pos + offset].text

    def is_punct(self, offset: int, chars: frozenset[str] | str) -> bool:
        token = self.peek(offset)
        return token is not None and token.kind == "punct" and token.text in chars

    def is_num(self, offset: int, min_digits: int = 1, max_digits: int = 2) -> bool:
        token = self.peek(offset)
        return token is not None and token.kind == "num" and min_digits <= len(token.text) <= max_digits

    def is_word(self, offset: int, words: frozenset[str] | set[str]) -> bool:
        token = self.peek(offset)
        return token is not None and token.kind == "word" and token.text in words

    def parse(self) -> _Parts:
        while (token := self.peek()) is not None:
            if token.kind == "num":
                self.read_number()
            elif token.kind == "word":
                self.pos += 1
                self.read_word(token.text)
            elif token.text in _IGNORED_PUNCTUATION:
                self.pos += 1
            else:
                raise self.error(f"unexpected {token.text!r}")
        if self.parts.ymd is None:
            raise self.error("no date (day/month/year) found")
        return self.parts

    def read_number(self) -> None:
        if self.is_punct(1, _DATE_SEPARATORS) and self.is_num(2) and self.is_punct(3, _DATE_SEPARATORS):
            self.read_date()
        elif self.is_num(0) and self.is_punct(1, ":") and self.is_num(2, 2, 2):
            self.read_time()
        elif self.is_num(0) and self.is_word(1, {"h"}) and self.is_num(2, 2, 2):
            self.read_time()  # "16h20", common in Vietnamese print
        else:
            raise self.error(f"unexpected number {self.text_at(0)!r}")

    def read_date(self) -> None:
        if self.parts.ymd is not None:
            raise self.error("more than one date")
        if self.text_at(1) != self.text_at(3) or not self.is_num(4, 1, 4):
            raise self.error("a date is day, month and year with one separator")
        first, month, last = self.text_at(0), self.text_at(2), self.text_at(4)
        if self.month_first and len(first) <= 2:  # the caller knows the page prints US order
            first, month = month, first
        if len(first) <= 2 and len(last) == 4:  # day first, always: 05/09/2020 is 5 September
            self.parts.ymd = (int(last), int(month), int(first))
        elif len(first) <= 2 and len(last) == 2:  # "30/11/12" (forums): the POSIX %y pivot
            year = int(last)
            self.parts.ymd = (year + (2000 if year < 69 else 1900), int(month), int(first))
        elif len(first) == 4 and len(last) <= 2:  # "2020/09/16": a leading year is unambiguous
            self.parts.ymd = (int(first), int(month), int(last))
        else:
            raise self.error("the year must have two or four digits")
        self.pos += 5

    def read_time(self) -> None:
        if self.parts.hour is not None:
            raise self.error("more than one time")
        self.parts.hour, self.parts.minute = int(self.text_at(0)), int(self.text_at(2))
        self.pos += 3
        if self.is_punct(0, ":") and self.is_num(1, 2, 2):
            self.parts.second = int(self.text_at(1))
            self.pos += 2
        if self.is_word(0, _PERIODS):
            self.parts.period = self.text_at(0)
            self.pos += 1

    def read_word(self, word: str) -> None:
        if word in _OFFSET_WORDS:
            self.read_offset()
        elif word == "thu":  # "Thứ sáu", "Thứ 6"
            if not (
                self.is_word(0, _WEEKDAY_NAMES)
                or (self.is_num(0, 1, 1) and self.text_at(0) in _WEEKDAY_NUMBERS)
            ):
                raise self.error("'Thứ' without a weekday after it")
            self.pos += 1
        elif word in _WORD_PAIRS:
            if not self.is_word(0, {_WORD_PAIRS[word]}):
                raise self.error(f"unexpected word {word!r} without {_WORD_PAIRS[word]!r} after it")
            self.pos += 1
        elif word == "t" and self.is_num(0, 1, 1) and self.text_at(0) in _WEEKDAY_NUMBERS:
            self.pos += 1  # "T6"
        elif word not in _FILLER_WORDS:
            raise self.error(f"unexpected word {word!r}")

    def read_offset(self) -> None:
        if self.parts.offset is not None:
            raise self.error("more than one UTC offset")
        if not self.is_punct(0, "+-"):
            self.parts.offset = UTC  # "GMT" alone
            return
        sign = -1 if self.text_at(0) == "-" else 1
        self.pos += 1
        if self.is_num(0, 4, 4):  # "GMT+0700"
            hours, minutes = int(self.text_at(0)[:2]), int(self.text_at(0)[2:])
            self.pos += 1
        elif self.is_num(0, 1, 2):  # "GMT+7", "GMT+07:00"
            hours, minutes = int(self.text_at(0)), 0
            self.pos += 1
            if self.is_punct(0, ":") and self.is_num(1, 2, 2):
                minutes = int(self.text_at(1))
                self.pos += 2
        else:
            raise self.error("a UTC offset needs hours after its sign")
        if hours > 14 or minutes > 59:
            raise self.error(f"UTC offset {hours:02d}:{minutes:02d} is out of range")
        self.parts.offset = timezone(sign * timedelta(hours=hours, minutes=minutes))


def _apply_period(hour: int, period: str | None) -> int:
    """Return the 24-hour hour for a 12-hour time followed by a day period."""
    if period is None:
        return hour
    # Portals print "15:20 PM" and "16:20 chiều": redundant, not wrong.  "16:20 sáng" is wrong.
    if hour > 12 and period not in _AFTERNOON:
        raise ValueError(f"hour {hour} does not go with {period!r}")
    if period in _MORNING:
        return 0 if hour == 12 else hour
    if period in _AFTERNOON:
        return hour + 12 if hour < 12 else hour
    if period in _NOON:  # "12:30 trưa" stays, "1:00 trưa" is 13:00
        return hour + 12 if 1 <= hour <= 5 else hour
    # Night: "11 giờ đêm" is 23:00, "12 giờ đêm" midnight, "2 giờ đêm" 02:00.
    if hour == 12:
        return 0
    return hour + 12 if 6 <= hour < 12 else hour


def _build(parser: _Parser) -> datetime:
    parts = parser.parse()
    if parts.ymd is None:  # parse() refuses this already; the check narrows the type
        raise parser.error("no date found")
    year, month, day = parts.ymd
    try:
        hour = _apply_period(parts.hour or 0, parts.period)
        value = datetime(year, month, day, hour, parts.minute, parts.second)
        if parts.offset is None:
            return value.replace(tzinfo=VIETNAM_TZ)
        return value.replace(tzinfo=parts.offset).astimezone(VIETNAM_TZ)
    except (ValueError, OverflowError) as exc:
        raise parser.error(str(exc)) from None


def _parse_iso(text: str) -> datetime | None:
    """Return the ISO 8601 value in Vietnamese time, or None when *text* is not ISO."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=VIETNAM_TZ)
    try:
        return value.astimezone(VIETNAM_TZ)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"Cannot read date/time {text!r}: {exc}") from None


def parse_datetime(text: str, *, month_first: bool = False) -> datetime:
    """Read a portal timestamp (``16:20 16/09/2020``, ``Thứ sáu, 28/12/2012, 14:46 GMT+7``, ISO 8601…).

    Returns an aware datetime in Asia/Ho_Chi_Minh; times without an offset are local.
    Raises ValueError for anything that is not one date with an optional time.
    ``month_first=True`` reads ``03-15-2012`` as 15 March (US order); it is never guessed from
    the text, since 05/03/2012 reads both ways. Year-first and ISO dates are not affected.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_datetime() needs a str, not {type(text).__name__}")
    # Checked before any other work, so a whole page passed by mistake costs nothing.
    if len(text) > MAX_INPUT_LENGTH:
        raise ValueError(f"Cannot read date/time: {len(text)} characters is longer than {MAX_INPUT_LENGTH}")
    text = " ".join(normalize(text).split())
    if not text:
        raise ValueError("Cannot read date/time: the text is empty")
    # ISO 8601 starts with a four-digit year and a dash; when fromisoformat refuses it
    # ("2020-09-16 16:20 (GMT+7)"), the portal parser below still reads it year first.
    if text[:4].isdecimal() and text[:4].isascii() and text[4:5] == "-" and (value := _parse_iso(text)):
        return value
    return _build(_Parser(text, month_first=month_first))


def _local(value: datetime) -> datetime:
    # Naive values are taken as Vietnamese wall-clock time, like everything the portals show.
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=VIETNAM_TZ)
    return value.astimezone(VIETNAM_TZ)


def format_datetime(value: datetime) -> str:
    """Return ``"16:20 16/09/2020"``: the portal style, in Vietnamese time."""
    local = _local(value)
    return f"{local.hour:02d}:{local.minute:02d} {format_date(local)}"


def format_date(value: date) -> str:
    """Return ``"16/09/2020"``; a datetime is first converted to Vietnamese time."""
    if isinstance(value, datetime):
        value = _local(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


#: Month names for the English pages: a day-first number would be read month-first there.
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date_english(value: date) -> str:
    """Return ``"16 September 2020"``; a datetime is first converted to Vietnamese time."""
    if isinstance(value, datetime):
        value = _local(value)
    return f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year:04d}"


def format_datetime_english(value: datetime) -> str:
    """Return ``"16:20, 16 September 2020"``, in Vietnamese time."""
    local = _local(value)
    return f"{local.hour:02d}:{local.minute:02d}, {format_date_english(local)}"
