"""Vietnamese phone numbers: what readers type, stored as +84 and nine digits."""

from __future__ import annotations

import re
import unicodedata

#: Separators readers put between groups of digits: spaces, dots, dashes, brackets.
_SEPARATORS = re.compile(r"[\s.\-()/]+")
#: Mobile numbers: 0 + a carrier prefix 3/5/7/8/9 + eight digits (ten digits in all).
_NATIONAL_MOBILE = re.compile(r"[35789]\d{8}")
#: Fixed lines: 0 + a 2xx area code (2 or 3 digits) + the subscriber number (eleven digits in all).
_NATIONAL_LANDLINE = re.compile(r"2\d{9}")
#: Hà Nội and Hồ Chí Minh City: the two area codes of two digits (the others have three).
_TWO_DIGIT_AREAS = frozenset({"024", "028"})


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str, *, landline: bool = False) -> str | None:
    """`0912 345 678`, `0912345678`, `+84 912 345 678`, `84912345678` → `+84912345678`.

    Returns None for an empty value; raises InvalidPhone for anything else that is not a
    ten-digit Vietnamese mobile number (or, with `landline`, an eleven-digit fixed line:
    `024 3825 3536` → `+842438253536`, for an office's number).
    """
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        return None
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+84"):
        national = digits[3:]
    elif digits.startswith("0084"):
        national = digits[4:]
    elif digits.startswith("84") and len(digits) in ((11, 12) if landline else (11,)):
        national = digits[2:]
    elif digits.startswith("0") and len(digits) in ((10, 11) if landline else (10,)):
        national = digits[1:]
    else:
        raise InvalidPhone(raw)
    if national.startswith("0"):  # "+84 0912…": the trunk zero written after the country code
        national = national[1:]
    valid = _NATIONAL_MOBILE.fullmatch(national) or (landline and _NATIONAL_LANDLINE.fullmatch(national))
    if not (national.isascii() and valid):
        raise InvalidPhone(raw)
    return f"+84{national}"


def display_phone(stored: str | None) -> str:
    """`+84912345678` → `0912 345 678`; fixed lines by their area code's length:
    `+842438253536` → `024 3825 3536`, `+842033825100` → `0203 3825 100`."""
    if not stored:
        return ""
    national = "0" + stored.removeprefix("+84")
    if len(national) == 11:
        if national[:3] in _TWO_DIGIT_AREAS:
            return f"{national[:3]} {national[3:7]} {national[7:]}"
        return f"{national[:4]} {national[4:8]} {national[8:]}"
    return f"{national[:4]} {national[4:7]} {national[7:]}"
