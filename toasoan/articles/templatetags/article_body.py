"""`{% article_body page %}`: the article's StreamField body, rendered once per published revision.

The same HTML as `{% include_block page.body %}` (the parent context is passed on), kept as a
fragment (cache.fragments) under the article and its live revision until the content
changes. The save-as-file variant (`standalone`: images inside the file, no embeds) and
previews are rendered every time.
"""

from __future__ import annotations

import base64
import logging
import mimetypes

from django import template
from django.utils.safestring import mark_safe

from toasoan.cache import fragments
from toasoan.sections import addresses

register = template.Library()
logger = logging.getLogger(__name__)

#: What a saved file may carry inline; anything else is linked at the site's address.
INLINE_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"})


@register.simple_tag(takes_context=True)
def article_body(context, page):
    def render() -> str:
        return str(page.body.render_as_block(context=context.flatten()))

    request = context.get("request")
    if context.get("standalone") or not page.pk:
        return mark_safe(render())  # noqa: S308 - the block templates' own escaped output
    html = fragments.cached("body", (page.pk, page.live_revision_id or 0), render, request=request)
    return mark_safe(html)  # noqa: S308 - the block templates' own escaped output


@register.simple_tag(takes_context=True)
def inline_image_src(context, rendition) -> str:
    """The rendition as a `data:` URI, so a saved article shows its pictures offline.

    The rendition is the one the page shows (width 960 at most), never the original upload. A
    file the storage cannot read, or of a type browsers may not show inline, is linked at the
    site's address instead.
    """
    url = rendition.url
    content_type = mimetypes.guess_type(rendition.file.name)[0]
    if content_type in INLINE_IMAGE_TYPES:
        try:
            with rendition.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            logger.warning("saved article: rendition %s could not be read", rendition.pk)
        else:
            return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"
    return addresses.absolute_url(context.get("request"), url)
