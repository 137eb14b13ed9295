"""``{% load comments_tags %}``: what the article page shows of its comments."""

from __future__ import annotations

from django import template

from ..services import public

register = template.Library()


@register.simple_tag
def approved_comments(article) -> list:
    """``{% approved_comments page as comments %}``: approved, oldest first, one query."""
    if article is None or getattr(article, "pk", None) is None:
        return []
    return public.approved_comments(article)


@register.simple_tag
def comment_count(article) -> int:
    """``{% comment_count article %}``: uses the listing's annotation when there is one."""
    return public.comment_count(article)
