"""The demo's "Hỏi đáp": clean Vietnamese, at least ten answered and two open questions, shown."""

from __future__ import annotations

import unicodedata

from toasoan.demo import questions
from toasoan.questions.models import Question, QuestionIndexPage, QuestionStatus
from toasoan.questions.services import deadlines

from .test_demo import BAD_CHARACTERS, OTHER_TONE_STYLE


def test_the_demo_texts_are_clean_vietnamese():
    texts = [questions.INTRO, *questions.TOPICS]
    texts += [
        text for spec in questions.QUESTIONS for text in (spec.name, spec.title, spec.content, spec.answer)
    ]
    for text in texts:
        assert unicodedata.is_normalized("NFC", text), text
        assert not any(char in text for char in BAD_CHARACTERS), text
        assert not OTHER_TONE_STYLE.search(text), text
    assert len({spec.title for spec in questions.QUESTIONS}) == len(questions.QUESTIONS)


def test_the_questions_are_built_once_and_shown(client, home):
    made = questions.ensure_questions(home, None)
    assert made == len(questions.QUESTIONS) and questions.ensure_questions(home, None) == 0
    index = QuestionIndexPage.objects.child_of(home).get()
    answered = Question.objects.filter(index=index, status=QuestionStatus.ANSWERED, is_published=True)
    still_open = Question.objects.filter(index=index, status=QuestionStatus.NEW)
    assert answered.count() >= 10 and still_open.count() == 2
    assert answered.filter(is_faq=True).count() >= 3
    assert not any(deadlines.is_overdue(q.status, q.due_on) for q in still_open)  # the report passes
    assert {q.topic.name for q in answered} == {"Hộ tịch", "Đất đai", "Giáo dục", "Y tế"}
    html = client.get(index.url).content.decode()
    assert f"{answered.count()} câu hỏi đã được trả lời" in html
    assert client.get(index.url + f"{answered.first().pk}/").status_code == 200
    assert "@example.vn" not in html
