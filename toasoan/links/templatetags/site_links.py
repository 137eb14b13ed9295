"""`{% footer_links %}` in every page's footer; `{% link_groups as groups %}` on the links page."""

from __future__ import annotations

from django import template
from wagtail.models import Site

from ..services import listing

register = template.Library()


@register.inclusion_tag("links/footer_links.html", takes_context=True)
def footer_links(context) -> dict:
    return listing.footer(context.get("request"))


@register.simple_tag(takes_context=True)
def link_groups(context):
    return listing.link_groups(context.get("request"))


@register.simple_tag(takes_context=True)
def site_host(context) -> str:
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return (site.hostname if site is not None else "").lower()
