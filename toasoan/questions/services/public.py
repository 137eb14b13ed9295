"""What readers may see: answered and published questions, public fields only, FAQ first.

One query per list: the topic and the unit are joined, nothing else is loaded (never the asker's
e-mail, phone, address, IP hash or attachment). Search folds diacritics on both sides (the stored
`search_key`), so "dang ky ket hon" finds "đăng ký kết hôn".
"""

from __future__ import annotations

from django.db.models import QuerySet

from toasoan import vntext

from ..models import Question, QuestionIndexPage, QuestionStatus

PAGE_SIZE = 20
PAGE_PARAM = "trang"
MAX_WORDS = 10


def published(index: QuestionIndexPage) -> QuerySet[Question]:
    return (
        Question.objects.filter(index=index, status=QuestionStatus.ANSWERED, is_published=True)
        .select_related("topic", "unit")
        .only(*Question.PUBLIC_FIELDS, "topic__name", "unit__title", "unit__live")
    )


def listing(index: QuestionIndexPage, *, topic_id: int | None = None, text: str = "") -> QuerySet[Question]:
    questions = published(index)
    if topic_id:
        questions = questions.filter(topic_id=topic_id)
    for word in vntext.fold(text).split()[:MAX_WORDS]:
        questions = questions.filter(search_key__contains=word)
    return questions.order_by("-is_faq", "-published_at", "-pk")


def one(index: QuestionIndexPage, question_id: int) -> Question | None:
    return published(index).filter(pk=question_id).first()
