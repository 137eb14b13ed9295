"""Addresses an editor may give a link: http and https only, well formed.

A `javascript:` or `data:` address in a footer would run script in every reader's browser; an
address with no host or with spaces is a typo that would send readers nowhere.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

SCHEMES = ("http", "https")
_well_formed = URLValidator(schemes=list(SCHEMES))

WRONG_SCHEME = _("Địa chỉ phải bắt đầu bằng http:// hoặc https:// (ví dụ https://dichvucong.gov.vn).")
MALFORMED = _("Địa chỉ “%(url)s” không hợp lệ: hãy kiểm tra lại tên miền và bỏ dấu cách.")


def problem(url: str) -> ValidationError | None:
    """Why `url` may not be a link, or None when it may."""
    text = url or ""
    scheme = text.split(":", 1)[0].strip().lower() if ":" in text else ""
    if scheme not in SCHEMES:
        return ValidationError(WRONG_SCHEME, code="scheme")
    try:
        _well_formed(text)
        parts = urlsplit(text)
    except (ValidationError, ValueError):
        return ValidationError(MALFORMED, code="invalid", params={"url": text[:200]})
    if parts.scheme not in SCHEMES or not parts.hostname:
        return ValidationError(MALFORMED, code="invalid", params={"url": text[:200]})
    return None


def validate_link_url(url: str) -> None:
    """Model field validator: the admin shows the Vietnamese message next to the field."""
    error = problem(url)
    if error is not None:
        raise error


def is_safe(url: str) -> bool:
    """Whether `url` may be written into a page (rows saved without validation are left out)."""
    return problem(url) is None


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
