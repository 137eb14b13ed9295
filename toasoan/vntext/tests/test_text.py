"""normalize, fold and slugify: our own vectors and properties."""

from __future__ import annotations

import re
import string
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toasoan.vntext import fold, normalize, slugify, without_marks

HA_NOI_NFD = unicodedata.normalize("NFD", "Hà Nội")

# --- strategies -------------------------------------------------------------------

_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # ngang, huyền, hỏi, ngã, sắc, nặng
_LOWER_LETTERS = sorted(
    {unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS for tone in _TONES}
    | set("bcdđghklmnpqrstvx")
)
VIETNAMESE_LETTERS = _LOWER_LETTERS + [letter.upper() for letter in _LOWER_LETTERS]
# What pasted and scraped text carries besides letters.
AWKWARD = [
    *" \n\t-/:,.“”–…07東",
    "\r\n",
    "\r",
    "\u00a0",  # NBSP
    "\u202f",  # narrow NBSP
    "\u200b",  # zero-width space
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",  # BOM
    "\u00ad",  # soft hyphen
    "\u00d0",  # Ð, the eth lookalike
    "\u00f0",
    "\u0300",  # bare combining marks, as in NFD text
    "\u0302",
    "\u0306",
    "\u031b",
    "\u0323",
    "\x00",
    "\x1b",
    "\x85",
]
vietnamese_words = st.text(alphabet=st.sampled_from([*VIETNAMESE_LETTERS, " "]), max_size=60)
# Lists joined, not st.text: some pieces ("\r\n") are longer than one character.
vietnamese_text = st.lists(st.sampled_from(VIETNAMESE_LETTERS + AWKWARD), max_size=60).map("".join)
# Vietnamese-biased, yet able to reach every code point.
any_text = st.one_of(vietnamese_text, st.text(max_size=40))

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REMOVED_BY_NORMALIZE = "\u00ad\u200c\u200d\u2060\ufeff\u00a0\u202f\u200b\u00d0\u00f0\r"


# --- normalize ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ÐẠI HỘI", "ĐẠI HỘI"),
        ("ðồng", "đồng"),
        ("Hà\u00a0Nội", "Hà Nội"),
        ("Hà\u202fNội", "Hà Nội"),
        ("Hà\u200bNội", "Hà Nội"),
        ("ngh\u00adị quyết", "nghị quyết"),
        ("\ufeffTin mới", "Tin mới"),
        ("Việt\u200dNam\u200c", "ViệtNam"),
        ("Hà\u2060Nội", "HàNội"),
        (HA_NOI_NFD, "Hà Nội"),
        ("e\u200d\u0302\u0323", "ệ"),  # an invisible joiner between letter and marks
        ("dòng 1\r\ndòng 2\rdòng 3\n", "dòng 1\ndòng 2\ndòng 3\n"),
        ("cột\tcột", "cột\tcột"),
        ("a\x00b\x07c\x1bd\x7fe\x85f\x9fg", "abcdefg"),
        ("Khánh Hoà", "Khánh Hoà"),  # tone placement is style, not bytes: kept
        ("Khánh Hòa", "Khánh Hòa"),
        ("Uỷ ban", "Uỷ ban"),
        ("", ""),
    ],
    ids=[
        "eth-capital",
        "eth-small",
        "nbsp",
        "narrow-nbsp",
        "zwsp",
        "soft-hyphen",
        "bom",
        "zwj-zwnj",
        "word-joiner",
        "nfd-to-nfc",
        "joiner-inside-letter",
        "line-breaks",
        "tab-kept",
        "control-chars",
        "hoa-old-style-kept",
        "hoa-new-style-kept",
        "uy-kept",
        "empty",
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_nfd_gives_nfc_bytes() -> None:
    assert HA_NOI_NFD != "Hà Nội"
    assert normalize(HA_NOI_NFD).encode() == "Hà Nội".encode()


@given(any_text)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(any_text)
def test_normalize_output_is_clean_nfc(text: str) -> None:
    out = normalize(text)
    assert unicodedata.is_normalized("NFC", out)
    assert not set(out) & set(REMOVED_BY_NORMALIZE)
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in out)


@given(vietnamese_words)
def test_normalize_keeps_vietnamese_words(text: str) -> None:
    assert normalize(text) == text


# --- fold ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hội nghị Trung ương", "hoi nghi trung uong"),
        ("Ă Â Ê Ô Ơ Ư Đ", "a a e o o u d"),
        ("ă â ê ô ơ ư đ", "a a e o o u d"),
        ("Thuỷ / Thủy", "thuy thuy"),
        ("  nhiều   khoảng\n\ntrắng\t ", "nhieu khoang trang"),
        ("(Chinhphu.vn) - Sáng 16/9", "chinhphu vn sang 16 9"),
        ("“Tây Nguyên” — ‘đại ngàn’…", "tay nguyen dai ngan"),
        ("snake_case#tag@x", "snake case tag x"),
        ("ĐẮK NÔNG", "dak nong"),
        ("ＦＵＬＬ ＷＩＤＴＨ １２", "full width 12"),
        ("Straße Øresund", "strasse oresund"),
        ("東京 Tokyo; 서울!", "東京 tokyo 서울"),
        ("Ð", "d"),
        ("!!! ... ---", ""),
        ("", ""),
    ],
    ids=[
        "nfd-input",
        "vowel-marks-upper",
        "vowel-marks-lower",
        "tone-styles-agree",
        "whitespace",
        "punctuation-splits",
        "typographic-quotes-dashes",
        "underscore-and-symbols",
        "all-caps",
        "fullwidth",
        "other-latin",
        "other-scripts-kept",
        "eth-alone",
        "punctuation-only",
        "empty",
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@given(any_text)
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(any_text)
def test_fold_has_no_uppercase_punctuation_or_extra_space(text: str) -> None:
    out = fold(text)
    assert not any(c.isupper() for c in out)
    assert not set(out) & set(string.punctuation)
    assert out == " ".join(out.split())


@given(vietnamese_text)
def test_fold_of_vietnamese_is_ascii(text: str) -> None:
    assert fold(text.replace("東", "")).isascii()


@given(vietnamese_text)
def test_fold_ignores_case_and_normalization(text: str) -> None:
    assert (
        fold(text.upper()) == fold(text) == fold(unicodedata.normalize("NFD", text)) == fold(normalize(text))
    )


# --- slugify ------------------------------------------------------------------------

LONG_TITLE = (
    "Hội nghị Ban Chấp hành Trung ương Đảng lần thứ mười ba khóa XIII bàn về công tác "
    "cán bộ và phát triển kinh tế - xã hội năm 2021 và những năm tiếp theo của nhiệm kỳ"
)


@pytest.mark.parametrize(
    ("text", "max_length", "expected"),
    [
        ("Ba Đình phát động đợt thi đua", 100, "ba-dinh-phat-dong-dot-thi-dua"),
        ("Phòng chống COVID-19: 16/09/2020", 100, "phong-chong-covid-19-16-09-2020"),
        ("  --Tin   mới--  ", 100, "tin-moi"),
        ("東京 Tokyo", 100, "tokyo"),
        ("Tokyo東京Osaka", 100, "tokyo-osaka"),
        ("東京", 100, ""),
        ("!!!", 100, ""),
        ("", 100, ""),
        ("2021", 100, "2021"),
        (LONG_TITLE, 50, "hoi-nghi-ban-chap-hanh-trung-uong-dang-lan-thu"),
        ("Nghiêng", 3, "ngh"),
        ("ab cd", 4, "ab"),
        ("ab cd", 5, "ab-cd"),
    ],
    ids=[
        "ba-dinh",
        "covid-date",
        "edge-punctuation",
        "non-latin-dropped",
        "non-latin-splits",
        "only-non-latin",
        "only-punctuation",
        "empty",
        "digits",
        "long-title-cut-at-word",
        "first-word-too-long",
        "cut-before-separator",
        "exact-fit",
    ],
)
def test_slugify(text: str, max_length: int, expected: str) -> None:
    assert slugify(text, max_length=max_length) == expected


def test_slugify_long_title_default_length() -> None:
    slug = slugify(LONG_TITLE)
    assert len(slug) <= 100
    assert slug.startswith("hoi-nghi-ban-chap-hanh-trung-uong-dang-lan-thu-muoi-ba-khoa-xiii-")
    assert f"{slug}-" in slugify(LONG_TITLE, max_length=1000) + "-"  # whole words only


@pytest.mark.parametrize("max_length", [0, -5], ids=["zero", "negative"])
def test_slugify_rejects_impossible_length(max_length: int) -> None:
    with pytest.raises(ValueError, match="max_length"):
        slugify("Hà Nội", max_length=max_length)


@given(any_text, st.integers(min_value=1, max_value=120))
def test_slugify_shape(text: str, max_length: int) -> None:
    slug = slugify(text, max_length=max_length)
    assert slug == "" or SLUG_RE.match(slug)
    assert len(slug) <= max_length
    # Empty only when there is nothing ASCII-foldable to keep.
    assert (slug == "") == (not any(c.isascii() and c.isalnum() for c in fold(text)))


# --- packaging ----------------------------------------------------------------------


def test_import_needs_no_django() -> None:
    """The text and date functions work in scripts and workers with no Django settings."""
    code = "import sys, toasoan.vntext as v; v.fold('Hà Nội'); sys.exit('django' in sys.modules)"
    repo_root = Path(__file__).resolve().parents[3]
    result = subprocess.run(  # noqa: S603 (fixed argv, this interpreter)
        [sys.executable, "-c", code], cwd=repo_root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr or "importing toasoan.vntext imported django"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quyết định số 25/QĐ-UBND", "Quyet dinh so 25/QD-UBND"),
        ("ĐƯỜNG Hoà Bình", "DUONG Hoa Binh"),
        ("Thu\u0309y lợi", "Thuy loi"),  # NFD: the mark apart from its letter
        ("Tokyo 東京", "Tokyo ??"),  # no ASCII form: a visible stand-in, never dropped silently
    ],
)
def test_without_marks_keeps_case_and_punctuation(text, expected):
    assert without_marks(text) == expected
