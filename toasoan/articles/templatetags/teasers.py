"""`{% teaser article %}`: one article in a list, rendered once and reused by every list.

The same HTML as `{% include "components/article_item.html" with article=… %}`, kept as a
fragment (cache.fragments, a structure fragment) under everything the item shows: the
article's id, title, address, time, section, comment count, listing image and, when shown,
its lead, with the options. A publish changes the key of the article it publishes only: the
first reader of the home page after it renders one item, not forty. Previews render every
item, as fragments do.
"""

from __future__ import annotations

from django import template as template_module
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from toasoan.cache import fragments
from toasoan.cache.pagecache import _digest

from ..services.pages import site_id

register = template_module.Library()

TEMPLATE = "components/article_item.html"
#: The templates a teaser may be shown with (the home page's lead story has its own).
TEMPLATES = frozenset({TEMPLATE, "components/lead_story.html"})


def teaser_key(article, options: tuple, request=None) -> tuple:
    """What the item shows (and the site and language it is shown in): its fragment's key."""
    shown = (
        article.pk,
        article.title,
        article.url_path,
        article.published_at.isoformat() if article.published_at else "",
        getattr(article, "section_title", None),
        getattr(article, "section_url_path", None),
        getattr(article, "comment_count", None),
        article.listing_image_id,
        article.lead if options[3] or options[4] != TEMPLATE else "",
    )
    return (site_id(request), get_language(), _digest(repr((shown, options))))


@register.simple_tag(takes_context=True)
def teaser(
    context, article, level=3, show_image=False, show_section=None, show_lead=False, template=TEMPLATE
):
    """`article` as `components/article_item.html` (or `template`) shows it; `show_section`
    None means shown."""
    if template not in TEMPLATES:
        raise template_module.TemplateSyntaxError(f"teaser: unknown template {template!r}")
    show_section = show_section is None or bool(show_section)
    options = (int(level or 3), bool(show_image), show_section, bool(show_lead), template)
    request = context.get("request")

    def render() -> str | None:
        # A row of a list (listing.Teasers) stands for its article: the full one is read now.
        rows = getattr(article, "teasers", None)
        shown = rows.article(article.pk) if rows is not None else article
        if shown is None:  # unpublished since the list was read: nothing to show, nothing kept
            return None
        item = context.template.engine.get_template(template)
        values = dict(zip(("level", "show_image", "show_section", "show_lead"), options[:4], strict=True))
        with context.push(article=shown, **values):
            return item.render(context)

    html = fragments.cached("teaser", teaser_key(article, options, request), render, request=request)
    return mark_safe(html or "")  # noqa: S308 - the item template's own escaped output
