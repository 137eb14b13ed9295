"""One listing query per list: the page's list and a question's page, whatever the number shown."""

from __future__ import annotations

from toasoan.questions.services import workflow


def _publish_many(make_question, handler, unit, count: int):
    questions = []
    for number in range(count):
        question = make_question(title=f"Câu hỏi số {number}", unit=unit)
        workflow.answer(question, handler, f"Trả lời số {number}.")
        workflow.publish(question, handler)
        questions.append(question)
    return questions


def test_the_list_costs_the_same_for_two_or_twelve_questions(
    client, index, make_question, handler, unit, django_assert_num_queries
):
    _publish_many(make_question, handler, unit, 2)
    client.get(index.url)  # warm the per-process caches (site root paths, fragments)
    with django_assert_num_queries(4) as two:
        client.get(index.url)
    _publish_many(make_question, handler, unit, 10)
    with django_assert_num_queries(4):
        html = client.get(index.url).content.decode()
    assert "12 câu hỏi" in html and html.count("questions-list__item") == 12
    listing = [query["sql"] for query in two.captured_queries if 'FROM "questions_question"' in query["sql"]]
    assert len(listing) == 2  # the count and the page of questions (topic and unit joined)
    assert not any("email" in sql or "address" in sql for sql in listing)  # public fields only


def test_a_question_page_is_one_query_for_the_question(
    client, index, make_question, handler, unit, django_assert_num_queries
):
    question = _publish_many(make_question, handler, unit, 1)[0]
    url = index.url + f"{question.pk}/"
    client.get(url)
    with django_assert_num_queries(2) as captured:
        assert client.get(url).status_code == 200
    own = [query["sql"] for query in captured.captured_queries if 'FROM "questions_question"' in query["sql"]]
    assert len(own) == 1 and "email" not in own[0] and "phone" not in own[0]
