"""Which pages take comments, and when: the page decides.

A page takes readers' comments when its class has `comments_open(at)`; the comments app names no
page type (articles, legal drafts and whatever comes next each say it themselves), so a feature
adding a commentable page never needs this app to import it. A page may also say why it is
closed (`comments_closed_message(at)`), shown to a reader whose comment it refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import Page

from toasoan.articles.services.listing import public
from toasoan.cache import queries
from toasoan.sections.routing import specific_for_serving

from . import clock


@runtime_checkable
class CommentablePage(Protocol):
    pk: int
    title: str

    def comments_open(self, at: datetime) -> bool: ...


def commentable_page(page_id: int) -> CommentablePage:
    """The live, public page `page_id` if it is of a kind that takes comments; 404 otherwise.

    Closed or open, it is returned: the form view says why it refuses, keeping the reader's text.
    Every comment sent and every form drawn asks for it: its two queries (the page, then its own
    type's row, as a served page's) are compiled once per connection (toasoan.cache.queries).
    """
    found = queries.instances(
        "comments-page",
        lambda pk: public(Page.objects.live()).filter(pk=pk).order_by()[:1],
        (queries.Value("int"),),
        (page_id,),
    )
    if not found or not callable(getattr(found[0].specific_class, "comments_open", None)):
        raise Http404("no such page, or it takes no comments")
    page = specific_for_serving(found[0])
    if page is None:
        raise Http404("no such page, or it takes no comments")
    return page


def is_open(page: CommentablePage, at: datetime | None = None) -> bool:
    return bool(page.comments_open(clock.now() if at is None else at))


def closed_message(page: CommentablePage, at: datetime | None = None) -> str:
    """Why the page takes no comment now, in the page's own words when it has some."""
    explain = getattr(page, "comments_closed_message", None)
    message = explain(clock.now() if at is None else at) if callable(explain) else ""
    return message or _("Trang này hiện không nhận bình luận.")
