"""Vietnamese phone numbers: what readers type, stored as +84 and nine digits."""

from __future__ import annotations

import re
import unicodedata

#: Separators readers put between groups of digits: spaces, dots, dashes, brackets.
_SEPARATORS = re.compile(r"[\s.\-()/]+")
#: Mobile numbers: 0 + a carrier prefix 3/5/7/8/9 + eight digits (ten digits in all).
_NATIONAL_MOBILE = re.compile(r"[35789]\d{8}")


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str) -> str | None:
    """`0912 345 678`, `0912345678`, `+84 912 345 678`, `84912345678` → `+84912345678`.

    Returns None for an empty value; raises InvalidPhone for anything else that is not a
    ten-digit Vietnamese mobile number.
    """
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        return None
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+84"):
        national = digits[3:]
    elif digits.startswith("0084"):
        national = digits[4:]
    elif digits.startswith("84") and len(digits) == 11:
        national = digits[2:]
    elif digits.startswith("0") and len(digits) == 10:
        national = digits[1:]
    else:
        raise InvalidPhone(raw)
    if national.startswith("0"):  # "+84 0912…": the trunk zero written after the country code
        national = national[1:]
    if not (national.isascii() and _NATIONAL_MOBILE.fullmatch(national)):
        raise InvalidPhone(raw)
    return f"+84{national}"


def display_phone(stored: str | None) -> str:
    """`+84912345678` → `0912 345 678` (for moderators only)."""
    if not stored:
        return ""
    national = "0" + stored.removeprefix("+84")
    return f"{national[:4]} {national[4:7]} {national[7:]}"
