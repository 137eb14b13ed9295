"""``{% load analytics_tags %}``: formatting for view counts (the counts come from the page's context)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def vn_number(value) -> str:
    """12345 -> "12.345" (Vietnamese groups thousands with dots)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
