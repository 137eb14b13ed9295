"""Template helpers for the Wagtail admin templates the editorial app overrides."""

from __future__ import annotations

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext

register = template.Library()


@register.filter
def column_label(column) -> str:
    """A listing column's label in the admin's language.

    A label Wagtail declares is already a translation; a column declared without one gets its
    field name, in English and as a plain string ("port" → "Port"), which is looked up here.
    """
    label = column.label
    return label if isinstance(label, Promise) else gettext(label)
