"""parse_datetime, format_datetime and format_date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toasoan.vntext import format_date, format_datetime, parse_datetime

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


PORTAL_FORMATS = [
    ("16:20 16/09/2020", "2020-09-16 09:20", "time-date"),
    ("(16:20 16/09/2020)", "2020-09-16 09:20", "in-brackets"),
    ("16/09/2020 16:20", "2020-09-16 09:20", "date-time"),
    ("16/09/2020", "2020-09-15 17:00", "date-only-is-local-midnight"),
    ("16/9/2020", "2020-09-15 17:00", "one-digit-month"),
    ("6/9/2020", "2020-09-05 17:00", "one-digit-day"),
    ("16-09-2020", "2020-09-15 17:00", "dashes"),
    ("16.09.2020", "2020-09-15 17:00", "dots"),
    ("05/09/2020", "2020-09-04 17:00", "day-first-always"),
    ("Thứ sáu, 28/12/2012, 14:46 GMT+7", "2012-12-28 07:46", "vnexpress-gmt7"),
    ("Thứ Sáu, 28/12/2012 14:46 (GMT+07:00)", "2012-12-28 07:46", "gmt-0700-bracketed"),
    ("THỨ SÁU, 28/12/2012 14:46", "2012-12-28 07:46", "weekday-all-caps"),
    ("Thu sau, 28/12/2012 14:46", "2012-12-28 07:46", "weekday-without-diacritics"),
    ("Thứ 6, 28/12/2012 14:46", "2012-12-28 07:46", "weekday-number"),
    ("T6 28/12/2012 14:46", "2012-12-28 07:46", "weekday-short"),
    ("Chủ nhật, 30/12/2012 08:00", "2012-12-30 01:00", "chu-nhat"),
    ("CN, 30/12/2012 08:00", "2012-12-30 01:00", "cn"),
    ("Thứ hai 24/12/2012", "2012-12-23 17:00", "thu-hai"),
    ("Thứ Ba, 25/12/2012 - 10:03", "2012-12-25 03:03", "thu-ba-dash"),
    ("Thứ tư 26/12/2012", "2012-12-25 17:00", "thu-tu"),
    ("Thứ năm, 20/12/2012, 10:18 GMT+7", "2012-12-20 03:18", "thu-nam"),
    ("Thứ bảy 29/12/2012", "2012-12-28 17:00", "thu-bay"),
    ("28/12/2012 - 14:46", "2012-12-28 07:46", "date-dash-time"),
    ("16:20:05 16/09/2020", "2020-09-16 09:20:05", "seconds"),
    ("16/09/2020 16:20:05", "2020-09-16 09:20:05", "date-time-seconds"),
    ("16h20 16/09/2020", "2020-09-16 09:20", "16h20"),
    ("Cập nhật lúc 16:20 ngày 16/09/2020", "2020-09-16 09:20", "labels"),
    ("Cập nhật: 16/09/2020 16:20", "2020-09-16 09:20", "label-colon"),
    ("Cập nhật thứ sáu, ngày 30/11/12 04:00 chiều", "2012-11-30 09:00", "two-digit-year-chieu"),
    ("Thứ Hai, 24/12/2012, 03:04 AM (GMT+7)", "2012-12-23 20:04", "am"),
    ("15:20 PM | 21/12/2012", "2012-12-21 08:20", "redundant-pm-pipe"),
    ("12:30 SA 16/09/2020", "2020-09-15 17:30", "windows-sa-midnight"),
    ("04:15 CH 16/09/2020", "2020-09-16 09:15", "windows-ch"),
    ("11:00 đêm 16/09/2020", "2020-09-16 16:00", "dem"),
    ("16/09/2020 16:20 GMT", "2020-09-16 16:20", "gmt-alone-is-utc"),
    ("16/09/2020 16:20 UTC+0", "2020-09-16 16:20", "utc-plus-zero"),
    ("16/09/2020 16:20 GMT-05:30", "2020-09-16 21:50", "negative-offset"),
    ("16/09/2020 16:20 GMT+0900", "2020-09-16 07:20", "offset-four-digits"),
    ("2020/09/16 16:20", "2020-09-16 09:20", "year-first-slashes"),
    ("2020-09-16T16:20:00+07:00", "2020-09-16 09:20", "iso-offset"),
    ("2020-09-16T09:20:00Z", "2020-09-16 09:20", "iso-z"),
    ("2020-09-16T16:20:00", "2020-09-16 09:20", "iso-naive-is-local"),
    ("2020-09-16 16:20:00.123456+00:00", "2020-09-16 16:20:00.123456", "iso-space-fraction"),
    ("2020-09-16", "2020-09-15 17:00", "iso-date"),
    ("2020-09-16 16:20 (GMT+7)", "2020-09-16 09:20", "iso-like-with-portal-offset"),
    ("  16:20\u00a0 16/09/2020 \n", "2020-09-16 09:20", "nbsp-and-whitespace"),
]


@pytest.mark.parametrize(
    ("text", "expected_utc"),
    [(text, expected) for text, expected, _ in PORTAL_FORMATS],
    ids=[name for _, _, name in PORTAL_FORMATS],
)
def test_parse_datetime(text: str, expected_utc: str) -> None:
    value = parse_datetime(text)
    assert value == utc(expected_utc)
    assert value.tzinfo == VN


# US order, only when the caller says so (a forum package's "Published on 03-15-2012 09:30 PM").
US_ORDER = [
    ("03-15-2012 09:30 PM", "2012-03-15 14:30", "evening"),
    ("03-15-2012, 12:00 PM", "2012-03-15 05:00", "noon-is-12"),
    ("03-15-2012 12:00 AM", "2012-03-14 17:00", "midnight-is-0"),
    ("03-15-2012 12:30 AM", "2012-03-14 17:30", "half-past-midnight"),
    ("03-15-2012 11:59 PM", "2012-03-15 16:59", "last-minute"),
    ("03-05-2012", "2012-03-04 17:00", "ambiguous-is-month-first"),
    ("12/31/12 01:05 AM", "2012-12-30 18:05", "two-digit-year"),
    ("2012-03-05 09:30", "2012-03-05 02:30", "year-first-unchanged"),
]


@pytest.mark.parametrize(
    ("text", "expected_utc"),
    [(text, expected) for text, expected, _ in US_ORDER],
    ids=[name for _, _, name in US_ORDER],
)
def test_parse_datetime_month_first(text: str, expected_utc: str) -> None:
    value = parse_datetime(text, month_first=True)
    assert value == utc(expected_utc)
    assert value.tzinfo == VN


def test_day_first_stays_the_default() -> None:
    assert parse_datetime("03-05-2012") == utc("2012-05-02 17:00")  # 3 May, not 5 March
    with pytest.raises(ValueError, match="month"):
        parse_datetime("03-15-2012 09:30 PM")  # US order is never guessed
    with pytest.raises(ValueError, match="month"):
        parse_datetime("15-03-2012", month_first=True)  # nor is day first guessed back


INVALID = [
    ("32/13/2020", "month", "bad-day-and-month"),
    ("31/04/2020", "day", "april-31"),
    ("29/02/2021", "day", "not-a-leap-year"),
    ("25:00 16/09/2020", "hour", "hour-25"),
    ("16:61 16/09/2020", "minute", "minute-61"),
    ("", "empty", "empty"),
    ("   \n ", "empty", "blank"),
    ("garbage", "garbage", "garbage"),
    ("hôm qua", "unexpected word", "relative-day"),
    ("16:20", "no date", "time-only"),
    ("16/09", "unexpected number", "no-year"),
    ("16/09/202", "year", "three-digit-year"),
    ("16/09-2020", "separator", "mixed-separators"),
    ("16/09/2020 17/09/2020", "more than one date", "two-dates"),
    ("16:20 16:21 16/09/2020", "more than one time", "two-times"),
    ("16/09/2020 GMT+7 GMT+7", "more than one", "two-offsets"),
    ("16/09/2020 GMT+15", "out of range", "offset-too-big"),
    ("16/09/2020 GMT+", "hours after its sign", "offset-without-hours"),
    ("16:20 sáng 16/09/2020", "does not go with", "afternoon-hour-in-the-morning"),
    ("Thứ 16/09/2020", "Thứ", "thu-without-day"),
    ("Chủ 16/09/2020", "nhat", "chu-without-nhat"),
    ("16/09/2020 #1", "unexpected", "stray-symbol"),
    ("31/12/9999 23:00 GMT-7", "out of range", "overflow-after-conversion"),
    ("9999-12-31T23:00:00-07:00", "out of range", "iso-overflow-after-conversion"),
    ("2020-13-45", "month", "iso-like-invalid"),
    ("x" * 201, "longer than 200", "too-long"),
]


@pytest.mark.parametrize(
    ("text", "message"),
    [(text, message) for text, message, _ in INVALID],
    ids=[name for _, _, name in INVALID],
)
def test_parse_datetime_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_datetime(text)


def test_parse_datetime_error_names_the_input() -> None:
    with pytest.raises(ValueError, match=r"'32/13/2020'"):
        parse_datetime("32/13/2020")


@pytest.mark.parametrize(
    "text",
    [
        "(" * 100_000,
        "1/" * 50_000,
        "16:20 16/09/2020 " * 6_000,
        "Thứ sáu " * 12_500,
    ],
    ids=["brackets", "separators", "repeated-timestamp", "repeated-weekday"],
)
def test_parse_datetime_long_garbage_returns(text: str) -> None:
    """A whole page passed by mistake is refused at once, not scanned."""
    assert len(text) >= 100_000
    with pytest.raises(ValueError, match="longer than"):
        parse_datetime(text)


def test_parse_datetime_needs_str() -> None:
    with pytest.raises(TypeError):
        parse_datetime(b"16/09/2020")  # type: ignore[arg-type]


@given(st.text(max_size=60))
def test_parse_datetime_only_ever_raises_value_error(text: str) -> None:
    try:
        value = parse_datetime(text)
    except ValueError:
        return
    assert value.tzinfo == VN


@given(st.text(alphabet=st.sampled_from(list("0123456789/-.:() +GMTUChthứsáuSA")), max_size=40))
def test_parse_datetime_on_near_misses(text: str) -> None:
    try:
        value = parse_datetime(text)
    except ValueError:
        return
    assert value.tzinfo == VN


# --- formatting ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2020, 9, 16, 9, 20, tzinfo=UTC), "16:20 16/09/2020"),
        (datetime(2020, 9, 16, 16, 20, tzinfo=VN), "16:20 16/09/2020"),
        (datetime(2020, 9, 16, 16, 20), "16:20 16/09/2020"),
        (datetime(2020, 9, 16, 3, 20, tzinfo=timezone(timedelta(hours=-6))), "16:20 16/09/2020"),
        (datetime(2020, 12, 31, 17, 5, tzinfo=UTC), "00:05 01/01/2021"),
        (datetime(2020, 1, 2, 3, 4, 59), "03:04 02/01/2020"),
    ],
    ids=["aware-utc", "aware-local", "naive-is-local", "other-offset", "crosses-new-year", "zero-padded"],
)
def test_format_datetime(value: datetime, expected: str) -> None:
    assert format_datetime(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2020, 9, 16), "16/09/2020"),
        (date(2020, 1, 2), "02/01/2020"),
        (datetime(2020, 9, 16, 17, 30, tzinfo=UTC), "17/09/2020"),
        (datetime(2020, 9, 16, 23, 30), "16/09/2020"),
    ],
    ids=["date", "zero-padded", "aware-crosses-midnight", "naive-is-local"],
)
def test_format_date(value: date, expected: str) -> None:
    assert format_date(value) == expected


# From 1976 Vietnam keeps UTC+7 all year; earlier offsets had seconds (LMT) and the
# minute-precision format cannot carry them.
@given(st.datetimes(min_value=datetime(1976, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_format_then_parse_round_trips_to_the_minute(value: datetime) -> None:
    assert parse_datetime(format_datetime(value)) == value.replace(second=0, microsecond=0)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_format_date_then_parse_round_trips(value: date) -> None:
    assert parse_datetime(format_date(value)).date() == value
