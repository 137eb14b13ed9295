"""RSS 2.0 feeds: the whole site at `/rss/` and each section at `/<section>/rss/`.

Declarative, in the style of `django.contrib.syndication`: a feed is a subclass
with small hooks. Items come from `articles.services.listing` only, so a feed
costs the same few queries whatever the number of articles.
"""

from __future__ import annotations

import copy

from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape

from toasoan.articles.services import listing
from toasoan.sections import portal

from . import absolute_page_url, absolute_url, in_current_site

DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


class ArticleRssFeed(Rss201rev2Feed):
    """RSS 2.0 that declares Dublin Core once on `<rss>`, for each item's `<dc:creator>` byline.

    (RSS's own `<author>` must be an e-mail address, which bylines are not.)
    """

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NAMESPACE}

    def add_item_elements(self, handler, item):
        byline = item.get("author_name")
        super().add_item_elements(handler, {**item, "author_name": None})
        if byline:
            handler.addQuickElement("dc:creator", byline)


class PortalFeed(Feed):
    """A Vietnamese feed of the newest `limit` items whose hooks know the request."""

    language = "vi"
    limit = 50
    item_guid_is_permalink = True

    request: HttpRequest

    def __call__(self, request, *args, **kwargs):
        # One feed instance serves every request (it sits in the URLconf): work on a copy
        # that knows its request, so item hooks can build absolute URLs.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)


class ArticleFeed(PortalFeed):
    """The newest `limit` articles; subclasses say which ones (`articles`) and describe the channel."""

    feed_type = ArticleRssFeed

    # Channel

    def title(self, obj) -> str:
        return portal.name(self.request)

    def description(self, obj) -> str:
        return portal.description(self.request)

    def link(self, obj) -> str:
        return absolute_url(self.request, "/")

    def feed_url(self, obj) -> str:
        # Django's default is the request's own host: the feed's <atom:link rel="self">.
        return absolute_url(self.request, self.request.path)

    # Items

    def articles(self, obj):
        return in_current_site(self.request, listing.articles(images=False))

    def items(self, obj):
        return list(self.articles(obj).prefetch_related("authors")[: self.limit])

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        # RSS readers render a description as HTML: the lead is text, so it is escaped once for
        # HTML here (and once more for XML by the feed writer), never passed on as markup.
        return escape(f"{item.lead_prefix}{item.lead}")

    def item_link(self, item) -> str:
        return absolute_page_url(self.request, item)

    def item_pubdate(self, item):
        if item.published_at is None:  # an import whose date is unknown: no date rather than now
            return None
        return timezone.localtime(item.published_at)  # RFC 822 dates then read +0700

    def item_author_name(self, item) -> str | None:
        return item.byline_text or None

    def item_categories(self, item) -> list[str]:
        return [item.section_title] if item.section_title else []


class SiteFeed(ArticleFeed):
    """The newest articles of the whole site, at `/rss/`."""


class SectionFeed(ArticleFeed):
    """The newest articles of one section and its subsections, served by `SectionPage`'s `rss/` route."""

    def get_object(self, request, *args, section=None, **kwargs):
        if section is None:
            raise ObjectDoesNotExist("SectionFeed needs the section it is served for")
        return section

    def title(self, obj) -> str:
        return f"{obj.title} – {portal.name(self.request)}"

    def description(self, obj) -> str:
        return obj.description or portal.description(self.request)

    def link(self, obj) -> str:
        return absolute_page_url(self.request, obj)

    def articles(self, obj):
        return listing.in_section(obj, images=False)
