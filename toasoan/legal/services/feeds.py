"""RSS of the registry's newest documents, at `<registry>/rss/`: one query for the items."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.html import escape

from toasoan.discovery.feeds import PortalFeed
from toasoan.sections import portal
from toasoan.sections.addresses import absolute_url

from ..models import LegalIndexPage
from . import drafts, listing, pages


class LegalFeed(PortalFeed):
    def get_object(self, request, *args, index: LegalIndexPage | None = None, **kwargs):
        if index is None:
            raise ObjectDoesNotExist("LegalFeed needs the registry it is served for")
        return index

    def title(self, obj) -> str:
        return f"{obj.title} – {portal.name(self.request)}"

    def description(self, obj) -> str:
        return obj.intro or f"Văn bản mới của {portal.name(self.request)}"

    def link(self, obj) -> str:
        return absolute_url(self.request, obj.get_url(self.request))

    def feed_url(self, obj) -> str:
        return absolute_url(self.request, self.request.path)

    def items(self, obj):
        return list(listing.documents(obj).order_by("-first_published_at", "-pk")[: self.limit])

    def item_title(self, item) -> str:
        return f"{item.number}: {item.title}"

    def item_description(self, item) -> str:
        label = pages.status_label(item.status)
        text = f"{item.get_document_type_display()} {item.number} của {item.issuer.name}, ban hành ngày "
        text += f"{item.issued_date:%d/%m/%Y}. {label}."
        return escape(text)

    def item_link(self, item) -> str:
        return pages.document_url(self.request, item)

    def item_pubdate(self, item):
        return timezone.localtime(item.first_published_at) if item.first_published_at else None

    def item_categories(self, item) -> list[str]:
        return [str(item.get_document_type_display()), *([item.topic.name] if item.topic_id else [])]


class DraftFeed(LegalFeed):
    """`<registry>/du-thao/rss/`: the newest published drafts, each with its window and state."""

    def title(self, obj) -> str:
        return f"Dự thảo lấy ý kiến – {obj.title} – {portal.name(self.request)}"

    def description(self, obj) -> str:
        return f"Dự thảo văn bản lấy ý kiến nhân dân của {portal.name(self.request)}"

    def link(self, obj) -> str:
        return absolute_url(self.request, obj.get_url(self.request) + obj.reverse_subpage("drafts"))

    def items(self, obj):
        found = drafts.drafts(obj).order_by("-first_published_at", "-pk")[: self.limit]
        return [drafts.decorate(draft) for draft in found]

    def item_title(self, item) -> str:
        return f"Dự thảo: {item.title}"

    def item_description(self, item) -> str:
        return escape(f"{item.drafting_agency.name}. {item.period}. {item.state_label}.")

    def item_link(self, item) -> str:
        return absolute_url(self.request, item.get_url(self.request))

    def item_categories(self, item) -> list[str]:
        return ["Dự thảo lấy ý kiến", *([item.topic.name] if item.topic_id else [])]
