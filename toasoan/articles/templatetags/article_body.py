"""`{% article_body page %}`: the article's StreamField body, rendered once per published revision.

The same HTML as `{% include_block page.body %}` (the parent context is passed on), kept as a
fragment (cache.fragments) under the article and its live revision until the content
changes. The save-as-file variant (`standalone`: absolute image URLs, no embeds) and previews
are rendered every time.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from toasoan.cache import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def article_body(context, page):
    def render() -> str:
        return str(page.body.render_as_block(context=context.flatten()))

    request = context.get("request")
    if context.get("standalone") or not page.pk:
        return mark_safe(render())  # noqa: S308 - the block templates' own escaped output
    html = fragments.cached("body", (page.pk, page.live_revision_id or 0), render, request=request)
    return mark_safe(html)  # noqa: S308 - the block templates' own escaped output
