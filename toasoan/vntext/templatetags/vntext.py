"""``{% load vntext %}``: Vietnamese dates and search keys in templates."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import translation

from toasoan.vntext import dates, text

register = template.Library()

# The filters convert aware values to Vietnamese time themselves, so they take the
# value as stored rather than Django's localtime() of it.  Like Django's own date
# filters they render "" for anything that is not a date: a page must not break
# because one field is empty.


def _english() -> bool:
    """An English page (`/en/…`) is being rendered: its dates name the month."""
    return (translation.get_language() or "").startswith("en")


@register.filter
def vn_datetime(value: object) -> str:
    """``{{ page.first_published_at|vn_datetime }}`` → ``16:20 16/09/2020``
    (``16:20, 16 September 2020`` on an English page)."""
    if isinstance(value, datetime):
        return dates.format_datetime_english(value) if _english() else dates.format_datetime(value)
    if isinstance(value, date):
        return vn_date(value)  # a date has no time to show
    return ""


@register.filter
def vn_date(value: object) -> str:
    """``{{ page.first_published_at|vn_date }}`` → ``16/09/2020`` (``16 September 2020`` in English)."""
    if isinstance(value, date):
        return dates.format_date_english(value) if _english() else dates.format_date(value)
    return ""


@register.filter(name="fold")
def fold_filter(value: object) -> str:
    """``{{ query|fold }}``: the search key of a value; "" for None."""
    if value is None:
        return ""
    return text.fold(str(value))
