"""The admin's queue: questions filtered by status, topic, unit, overdue and text."""

from __future__ import annotations

from django.db.models import QuerySet

from toasoan import vntext
from toasoan.sections.portal import under

from ..models import OPEN_STATUSES, Question, QuestionStatus
from . import deadlines

STATUS_ALL = "all"


def filter_questions(
    *,
    status: str = STATUS_ALL,
    topic_id: int | None = None,
    unit_id: int | None = None,
    overdue: bool = False,
    text: str = "",
    within: tuple[str, ...] | None = None,
) -> QuerySet[Question]:
    """`within`: the tree paths of the handler's portals (None: every portal)."""
    questions = (
        Question.objects.filter(under(within, "index__path"))
        .select_related("index", "topic", "unit")
        .defer("search_key")
    )
    if status and status != STATUS_ALL:
        questions = questions.filter(status=status)
    if topic_id:
        questions = questions.filter(topic_id=topic_id)
    if unit_id:
        questions = questions.filter(unit_id=unit_id)
    if overdue:
        questions = questions.filter(status__in=OPEN_STATUSES, due_on__lt=deadlines.today())
    for word in vntext.fold(text).split()[:10]:
        questions = questions.filter(search_key__contains=word)
    # Open questions by target date (the most urgent first); the others newest first.
    if status in OPEN_STATUSES or overdue:
        return questions.order_by("due_on", "created_at", "pk")
    return questions.order_by("-created_at", "-pk")


def open_count(within: tuple[str, ...] | None = None) -> int:
    return Question.objects.filter(under(within, "index__path"), status=QuestionStatus.NEW).count()
