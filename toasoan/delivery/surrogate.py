"""Surrogate keys: tags on each cacheable response naming what it shows.

A CDN or proxy that purges by tag (Fastly and Varnish `Surrogate-Key`, Cloudflare `Cache-Tag`)
can drop every page that shows an article or a section at once. Our own purges go by URL
(services.purge); these headers name the same things, so either way reaches the same pages.
"""

from __future__ import annotations

SITE = "site"
HOME = "home"
FEEDS = "feeds"
SITEMAPS = "sitemaps"


def article_key(pk: int) -> str:
    return f"article-{pk}"


def section_key(pk: int) -> str:
    return f"section-{pk}"


def tag_key(slug: str) -> str:
    return f"tag-{slug}"


def keys_for(path: str, page=None, context: dict | None = None) -> list[str]:
    """Keys for a response at `path`; `page` and `context` come from a Wagtail page's render."""
    from toasoan.articles.models import ArticlePage
    from toasoan.sections.models import HomePage, SectionPage

    keys = [SITE]
    if path == "/rss/" or path.endswith("/rss/"):
        keys.append(FEEDS)
    if path.startswith("/sitemap"):
        keys.append(SITEMAPS)
    context = context or {}
    if isinstance(page, ArticlePage):
        keys.append(article_key(page.pk))
        keys.extend(section_key(crumb.pk) for crumb in context.get("breadcrumbs") or ())
    elif isinstance(page, SectionPage):
        keys.append(section_key(page.pk))
    elif isinstance(page, HomePage):
        tag = context.get("tag")
        keys.append(tag_key(tag.slug) if tag is not None else HOME)
    return list(dict.fromkeys(keys))
