"""Phone numbers of units and people: validated and stored as comments store readers' (+84…),
office fixed lines accepted too; shown the Vietnamese way and dialled through `tel:`."""

from __future__ import annotations

from toasoan.comments.services.phone import InvalidPhone, display_phone, normalize_phone

__all__ = ["InvalidPhone", "display", "normalize_office_phone", "stored", "tel_uri"]


def normalize_office_phone(raw: str) -> str | None:
    """`024 3825 3536` → `+842438253536`, `0912 345 678` → `+84912345678`; None when empty."""
    return normalize_phone(raw, landline=True)


def stored(raw: str) -> str:
    """What is kept: the +84 form, or the text as typed when it is no number we know (code that
    saved it without the admin's check loses nothing)."""
    try:
        return normalize_office_phone(raw) or ""
    except InvalidPhone:
        return (raw or "").strip()


def display(value: str) -> str:
    return display_phone(value) if value.startswith("+84") else value


def tel_uri(value: str) -> str:
    return f"tel:{value}" if value.startswith("+84") else ""
