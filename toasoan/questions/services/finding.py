"""Answered questions for the site search (toasoan.search.extra): every folded word typed found in
the question, its answer or its title, on a "Hỏi đáp" page of the reader's portal that readers may
see (live, public).

The portal's "Hỏi đáp" pages are few and kept as a fragment until the content changes (a publish,
an unpublish or a new restriction bumps it), so a search costs one query: the matching questions,
public fields only, FAQ first, newest next — the page's own order.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.models import Site

from toasoan import vntext
from toasoan.cache import fragments
from toasoan.search.extra import ExtraResult
from toasoan.sections.addresses import site_for

from ..models import Question, QuestionIndexPage, QuestionStatus
from .public import MAX_WORDS

LIMIT = 5


def visible_indexes(site: Site, request: HttpRequest | None) -> dict[int, str]:
    """The "Hỏi đáp" pages of `site` a reader may see, with their URLs."""
    pages = QuestionIndexPage.objects.live().public().descendant_of(site.root_page, inclusive=True)
    return {page.pk: page.get_url(request) for page in pages.defer_streamfields().order_by("path")}


def find(query: str, request: HttpRequest | None = None) -> list[ExtraResult]:
    words = vntext.fold(query).split()[:MAX_WORDS]
    if not words:
        return []
    site = site_for(request)
    if site is None:
        return []
    indexes = fragments.cached(
        "questions-search-pages", (site.pk,), lambda: visible_indexes(site, request), request=request
    )
    if not indexes:
        return []
    questions = Question.objects.filter(
        index_id__in=list(indexes), status=QuestionStatus.ANSWERED, is_published=True
    )
    for word in words:
        questions = questions.filter(search_key__contains=word)
    found = questions.only("id", "index_id", "title", "published_at", "is_faq").order_by(
        "-is_faq", "-published_at", "-pk"
    )[:LIMIT]
    route = QuestionIndexPage()
    return [
        ExtraResult(
            kind=_("Câu hỏi thường gặp") if question.is_faq else _("Câu hỏi"),
            title=question.title,
            url=indexes[question.index_id] + route.reverse_subpage("question", args=[question.pk]),
            detail=(
                _("Trả lời ngày %(date)s") % {"date": vntext.format_date(question.published_at)}
                if question.published_at
                else ""
            ),
        )
        for question in found
    ]
