"""Code charts of the 8-bit Vietnamese encodings that predate Unicode, as decoding tables.

Written from the published charts: TCVN 5712:1993 table VN3 (the "ABC" fonts,
.VnTime and friends), the VNI-Windows fonts (VNI-Times…), and VISCII (RFC 1456).
Windows-1258 is Python's ``cp1258`` codec and needs no table here.

Each table maps a byte to the text it stands for; ``legacy.py`` applies them, and the
tests round-trip every Vietnamese letter through them.
"""

from __future__ import annotations

import unicodedata

#: Vowel series, each followed by its five toned forms in the order the tables below use:
#: sắc (acute), huyền (grave), hỏi (hook above), ngã (tilde), nặng (dot below).
TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


def toned(vowel: str) -> tuple[str, ...]:
    """``("a", "á", "à", "ả", "ã", "ạ")``: the vowel and its five toned forms, NFC."""
    return (vowel, *(unicodedata.normalize("NFC", vowel + tone) for tone in TONES))


#: Every Vietnamese letter that is not plain ASCII, lower case then upper case (134 of them).
VIETNAMESE_LETTERS: tuple[str, ...] = tuple(
    letter
    for case in (str.lower, str.upper)
    for letter in (
        *(case(form) for vowel in VOWELS for form in toned(vowel) if not form.isascii()),
        case("đ"),
    )
)

# --- TCVN3 (TCVN 5712:1993, VN3) ----------------------------------------------------------------
# One byte per letter.  VN3 has no upper-case toned vowels: documents set capitals in a
# separate "H" font (.VnTimeH) using the lower-case codes, so they decode as lower case.
# Bytes per vowel series: plain, sắc, huyền, hỏi, ngã, nặng.
_TCVN3_SERIES = {
    "a": (None, 0xB8, 0xB5, 0xB6, 0xB7, 0xB9),
    "ă": (0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6),
    "â": (0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB),
    "e": (None, 0xD0, 0xCC, 0xCE, 0xCF, 0xD1),
    "ê": (0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6),
    "i": (None, 0xDD, 0xD7, 0xD8, 0xDC, 0xDE),
    "o": (None, 0xE3, 0xDF, 0xE1, 0xE2, 0xE4),
    "ô": (0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9),
    "ơ": (0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE),
    "u": (None, 0xF3, 0xEF, 0xF1, 0xF2, 0xF4),
    "ư": (0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9),
    "y": (None, 0xFD, 0xFA, 0xFB, 0xFC, 0xFE),
}
_TCVN3_OTHERS = {
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
    0xAE: "đ",
    # The five tone marks on their own, for composing by hand (rare in real documents).
    0xB0: "\u0300",
    0xB1: "\u0309",
    0xB2: "\u0303",
    0xB3: "\u0301",
    0xB4: "\u0323",
}


def _tcvn3() -> dict[int, str]:
    table = dict(_TCVN3_OTHERS)
    for vowel, codes in _TCVN3_SERIES.items():
        for code, letter in zip(codes, toned(vowel), strict=True):
            if code is not None:
                table[code] = letter
    return table


TCVN3: dict[int, str] = _tcvn3()

# --- VNI-Windows -------------------------------------------------------------------------------
# A base letter followed by a mark byte; ơ, ư, đ and the toned i and ỵ are single bytes.
# Marks come in a lower-case and an upper-case byte (upper = lower - 0x20), matching the
# base letter's case; both are accepted after either case.
VNI_TONE_MARKS = {  # byte (lower-case form) -> tone
    0xF9: "\u0301",  # ù  sắc
    0xF8: "\u0300",  # ø  huyền
    0xFB: "\u0309",  # û  hỏi
    0xF5: "\u0303",  # õ  ngã
    0xEF: "\u0323",  # ï  nặng
}
VNI_CIRCUMFLEX_MARKS = {  # after a, e, o: the circumflex, alone or with a tone
    0xE2: "",  # â
    0xE1: "\u0301",  # á
    0xE0: "\u0300",  # à
    0xE5: "\u0309",  # å
    0xE3: "\u0303",  # ã
    0xE4: "\u0323",  # ä
}
VNI_BREVE_MARKS = {  # after a: the breve, alone or with a tone
    0xEA: "",  # ê
    0xE9: "\u0301",  # é
    0xE8: "\u0300",  # è
    0xFA: "\u0309",  # ú
    0xFC: "\u0303",  # ü
    0xEB: "\u0323",  # ë
}
VNI_LETTERS = {  # single bytes that are letters by themselves (lower-case form)
    0xF4: "ơ",  # ô
    0xF6: "ư",  # ö
    0xF1: "đ",  # ñ
    0xED: "í",  # í
    0xEC: "ì",  # ì
    0xE6: "ỉ",  # æ
    0xF3: "ĩ",  # ó
    0xF2: "ị",  # ò
    0xEE: "ỵ",  # î
}
#: Base letters a mark byte may follow.
VNI_TONE_BASES = frozenset("aeiouyAEIOUY") | {"ơ", "ư", "Ơ", "Ư"}
VNI_CIRCUMFLEX_BASES = frozenset("aeoAEO")
VNI_BREVE_BASES = frozenset("aA")
VNI_UPPER_OFFSET = 0x20

# --- VISCII (RFC 1456) -------------------------------------------------------------------------
# Every Vietnamese letter in one byte: six C0 control codes and all of 0x80-0xFF.
VISCII_C0 = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
# 0x80-0xFF in byte order, sixteen to a line.
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"  # 0x80
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"  # 0x90
    "Õắằặấầẩậẽẹếềểễệố"  # 0xA0
    "ồổỗỠƠộờởịỰỨỪỬơớƯ"  # 0xB0
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"  # 0xC0
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư"  # 0xD0
    "àáâãảăữẫèéêẻìíĩỉ"  # 0xE0
    "đựòóôõỏọụùúũủýợỮ"  # 0xF0
)
VISCII: dict[int, str] = {**VISCII_C0, **{0x80 + i: char for i, char in enumerate(_VISCII_HIGH)}}
