"""``{% load site_urls %}``: absolute URLs at the site's one address (sections.addresses).

Wagtail's `page.full_url` and `{% routablefullpageurl %}` read the address from its own cache of
site root paths, which another process (`manage.py set_site_address`) does not refresh; renditions'
`full_url` reads BASE_URL. Every absolute URL a page writes (canonical, `og:url`, `og:image`,
JSON-LD, the print page's source line) goes through here instead, as the feeds do.
"""

from __future__ import annotations

from django import template
from wagtail.models import Page

from .. import addresses

register = template.Library()


@register.simple_tag(takes_context=True)
def site_url(context, target, route: str = "", *args) -> str:
    """`target` (a page, or a path on the site) as a full URL; `route` names a page's sub-route.

    `{% site_url page %}`, `{% site_url page "tag" tag.slug %}`, `{% site_url og_image.url %}`.
    """
    request = context.get("request")
    if isinstance(target, Page):
        path = target.get_url(request) or ""
        if not path:
            return ""
        if route:
            path = path.rstrip("/") + "/" + target.reverse_subpage(route, args=args)
    else:
        path = str(target or "")
        if not path:
            return ""
    return addresses.absolute_url(request, path)
