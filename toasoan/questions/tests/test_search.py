"""Answered questions in the site search: found without diacritics, of the reader's portal only,
public fields only, gone on the next request once their page is unpublished or restricted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from toasoan.questions.models import QuestionStatus

pytestmark = pytest.mark.django_db

SEARCH = "/tim-kiem/"


@pytest.fixture
def answered(make_question, clock):
    def make(title: str, **fields):
        fields.setdefault("status", QuestionStatus.ANSWERED)
        fields.setdefault("answer", "Ủy ban nhân dân xã tiếp nhận hồ sơ vào các ngày làm việc.")
        fields.setdefault("is_published", True)
        fields.setdefault("published_at", clock.now())
        return make_question(title=title, **fields)

    return make


def extra_section(html: str) -> str:
    start = html.find('aria-labelledby="tim-kiem-hoi-dap"')
    if start < 0:
        return ""
    return html[start : html.index("</section>", start)]


def test_an_answered_question_is_found_without_diacritics(client, answered, index):
    question = answered("Thủ tục đăng ký kết hôn với người nước ngoài")

    html = client.get(SEARCH, {"q": "dang ky ket hon"}).content.decode()

    section = extra_section(html)
    assert '<h2 id="tim-kiem-hoi-dap" class="search-extra__title">Hỏi đáp</h2>' in html
    assert f'<a href="{index.url}{question.pk}/">Thủ tục đăng ký kết hôn với người nước ngoài</a>' in section
    assert "Trả lời ngày 03/03/2026" in section
    # Words of the answer count too; a word found nowhere finds nothing.
    assert question.title in extra_section(client.get(SEARCH, {"q": "tiep nhan ho so"}).content.decode())
    assert extra_section(client.get(SEARCH, {"q": "ket hon xyzzy"}).content.decode()) == ""


def test_only_published_answers_and_never_the_askers_details(client, answered, make_question):
    answered("Hỏi về cấp đổi căn cước", phone="+84912345678", name="Trần Văn Kín")
    answered("Hỏi về cấp đổi căn cước chưa công bố", is_published=False)
    make_question(title="Hỏi về cấp đổi căn cước chưa trả lời")

    section = extra_section(client.get(SEARCH, {"q": "can cuoc"}).content.decode())

    assert "Hỏi về cấp đổi căn cước</a>" in section
    assert "chưa công bố" not in section and "chưa trả lời" not in section
    assert "0912" not in section and "345678" not in section and "Kín" not in section


def test_an_unpublished_or_restricted_page_leaves_search_on_the_next_request(client, answered, index):
    answered("Hỏi về lịch tiếp công dân")
    assert extra_section(client.get(SEARCH, {"q": "tiep cong dan"}).content.decode())

    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert extra_section(client.get(SEARCH, {"q": "tiep cong dan"}).content.decode()) == ""

    PageViewRestriction.objects.filter(page=index).delete()
    assert extra_section(client.get(SEARCH, {"q": "tiep cong dan"}).content.decode())

    index.unpublish()
    assert extra_section(client.get(SEARCH, {"q": "tiep cong dan"}).content.decode()) == ""


@pytest.mark.parametrize("count", [pytest.param(2, id="2-questions"), pytest.param(9, id="9-questions")])
def test_questions_cost_one_query_whatever_their_number(client, answered, count):
    for number in range(count):
        answered(f"Hỏi về học bạ số {number}", is_faq=number == 0)
    client.get(SEARCH, {"q": "hoc ba"})

    with CaptureQueriesContext(connection) as captured:
        html = client.get(SEARCH, {"q": "hoc ba"}).content.decode()

    asked = [query["sql"] for query in captured.captured_queries if "questions_question" in query["sql"]]
    assert len(asked) == 1
    section = extra_section(html)
    assert section.count("<li>") == min(count, 5)
    # The FAQ first, as on the page's own list.
    assert section.index("Câu hỏi thường gặp:") < section.index("Câu hỏi:")
