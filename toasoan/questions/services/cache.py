"""What readers see of questions changed: the page's list and the question's own URL go stale.

Sent as `toasoan.cache.events.CONTENT` once the transaction commits (delivery turns it into purges):
the index page by id (its own paths: the list) and the question's path from the site's root.
"""

from __future__ import annotations

import logging

from django.db import transaction

from toasoan.cache import events

logger = logging.getLogger(__name__)


def question_path(question) -> str | None:
    """The question's path on its site ("/hoi-dap/12/"), or None when its page has no URL."""
    parts = question.index.get_url_parts()
    if parts is None:
        return None
    _site_id, _root, page_path = parts
    return page_path.rstrip("/") + "/" + question.index.reverse_subpage("question", args=[question.pk])


def _send(index_id: int, path: str | None) -> None:
    events.send(events.CONTENT, page_ids=[index_id], paths=[path] if path else [])
    logger.debug("questions: page %s declared stale", index_id)


def public_changed(question) -> None:
    """After the commit: the list and the question's page show the change on the next request."""
    index_id, path = question.index_id, question_path(question)
    transaction.on_commit(lambda: _send(index_id, path))


def stale_questions(page, tag_slugs=None) -> list:
    """A change to the "Hỏi đáp" page itself (its title, its place) shows on each published
    question's page too (`sections.registry.declare_stale`)."""
    from toasoan.sections.registry import Stale

    from ..models import Question, QuestionIndexPage, QuestionStatus

    if page.specific_class is not QuestionIndexPage:
        return []
    ids = Question.objects.filter(index_id=page.pk, status=QuestionStatus.ANSWERED, is_published=True)
    return [
        Stale("/" + page.specific_deferred.reverse_subpage("question", args=[pk]), page)
        for pk in ids.values_list("pk", flat=True)
    ]
