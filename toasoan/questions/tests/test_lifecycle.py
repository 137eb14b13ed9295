"""The question's lifecycle: submit → assign → answer → publish, the asker told, contact data never
public, refusal, deadlines, permissions, the next request seeing each change."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry, Site

from conftest import sitemap_paths
from toasoan.cache import events
from toasoan.questions.models import Question, QuestionStatus
from toasoan.questions.services import deadlines, workflow

from .conftest import ASKER

SECRETS = (
    ASKER["email"],
    "0987 111 222",
    "0987111222",
    "+84987111222",
    "987111222",
    ASKER["address"],
    "Bí Mật",
)


def _no_contact_data(html: str) -> None:
    for secret in SECRETS:
        assert secret not in html, secret


def test_submit_assign_answer_publish_notifies_and_shows_the_answer(
    client, index, unit, handler, valid_data, ask_url, clock, django_capture_on_commit_callbacks
):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "hoiphong.example.vn", 443
    site.save()  # the configured address (manage.py set_site_address); readers' Host is another
    # The form: a new code each time, never cached.
    form = client.get(ask_url)
    assert form.status_code == 200 and "no-store" in form["Cache-Control"]
    assert "Đặt câu hỏi" in form.content.decode() and 'name="captcha_key"' in form.content.decode()

    response = client.post(ask_url, valid_data(), HTTP_HOST="testserver")
    assert response.status_code == 303 and response["Location"].endswith("/hoi-dap/da-gui/")
    question = Question.objects.get()
    assert question.status == QuestionStatus.NEW and not question.is_public
    assert question.phone == "+84987111222" and question.email == ASKER["email"]
    assert question.topic.name == "Hộ tịch"
    assert question.due_on.isoformat() == "2026-03-17"  # ten working days after Tuesday 3 March
    assert question.title not in client.get(index.url).content.decode()  # nothing public before the answer

    assert workflow.assign(question, handler, unit) is True
    question.refresh_from_db()
    assert question.unit_id == unit.pk and question.status == QuestionStatus.IN_PROGRESS

    with django_capture_on_commit_callbacks(execute=True):
        workflow.answer(
            question, handler, "Anh chị nộp hồ sơ tại UBND huyện.", "Trần Văn Bình", "Trưởng phòng"
        )
        workflow.publish(question, handler)
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.is_public and question.answered_at

    listing = client.get(index.url).content.decode()
    assert "Đăng ký kết hôn với người nước ngoài" in listing and "L. T. H. N." in listing
    page = client.get(index.url + f"{question.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Anh chị nộp hồ sơ tại UBND huyện." in html and "Phòng Tư pháp" in html
    assert "Trần Văn Bình, Trưởng phòng" in html and "L. T. H. N." in html
    assert ASKER["name"] not in html  # initials only: the asker did not choose the full name
    _no_contact_data(html)
    _no_contact_data(listing)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ASKER["email"]]
    assert message.subject.startswith("Câu hỏi của bạn đã được trả lời")
    assert f"https://hoiphong.example.vn/hoi-dap/{question.pk}/" in message.body, message.body
    assert "testserver" not in message.body and "Anh chị nộp hồ sơ" in message.body
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(question.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["questions.assign", "questions.answer", "questions.publish"]
    assert ModelLogEntry.objects.filter(object_id=str(question.pk)).first().label == f"Câu hỏi #{question.pk}"


def test_the_asker_may_choose_to_show_the_full_name(client, index, valid_data, ask_url, handler):
    client.post(ask_url, valid_data(show_full_name="on"))
    question = Question.objects.get()
    workflow.answer(question, handler, "Trả lời.")
    workflow.publish(question, handler)
    assert ASKER["name"] in client.get(index.url + f"{question.pk}/").content.decode()


def test_contact_data_is_in_no_public_output(client, index, make_question, handler, unit):
    question = make_question(title="Cấp đổi sổ đỏ bị mất", unit=unit)
    workflow.answer(question, handler, "Nộp đơn tại Văn phòng đăng ký đất đai.")
    workflow.publish(question, handler)
    pages = [
        index.url,
        index.url + f"{question.pk}/",
        index.url + "?q=so+do",
        index.url + "?linh_vuc=" + str(question.topic_id),
        "/tim-kiem/?q=so+do",
        "/rss/",
        *sitemap_paths(client),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 301, 302, 404), url
        _no_contact_data(response.content.decode())
    assert "Cấp đổi sổ đỏ bị mất" in client.get(index.url + "?q=so+do").content.decode()
    # Contact data is not even searchable.
    assert "0 câu hỏi" in client.get(index.url + "?q=987111222").content.decode()


def test_search_ignores_diacritics_and_the_topic_filters(client, index, make_question, handler, topics):
    marriage = make_question(title="Đăng ký kết hôn", topic=topics["Hộ tịch"])
    land = make_question(title="Tách thửa đất", content="Hỏi về tách thửa.", topic=topics["Đất đai"])
    for question in (marriage, land):
        workflow.answer(question, handler, "Đã trả lời.")
        workflow.publish(question, handler)
    found = client.get(index.url, {"q": "DANG KY KET HON"}).content.decode()
    assert "Đăng ký kết hôn" in found and "Tách thửa đất" not in found
    filtered = client.get(index.url, {"linh_vuc": topics["Đất đai"].pk}).content.decode()
    assert "Tách thửa đất" in filtered and "Đăng ký kết hôn" not in filtered
    bad = client.get(index.url, {"linh_vuc": "khong-phai-so"})
    assert bad.status_code == 200 and "không hợp lệ" in bad.content.decode()


def test_faq_comes_first(client, index, make_question, handler, clock):
    older = make_question(title="Câu hỏi thường gặp cũ")
    clock.advance(days=1)
    newer = make_question(title="Câu hỏi mới hơn")
    for question in (older, newer):
        workflow.answer(question, handler, "Trả lời.")
        workflow.publish(question, handler)
    workflow.mark_faq(older, handler)
    html = client.get(index.url).content.decode()
    assert html.index("Câu hỏi thường gặp cũ") < html.index("Câu hỏi mới hơn")
    with pytest.raises(workflow.WorkflowError):
        workflow.mark_faq(make_question(title="Chưa trả lời"), handler)


def test_refusal_tells_the_asker_the_reason_and_publishes_nothing(client, index, make_question, handler):
    question = make_question()
    with pytest.raises(workflow.WorkflowError):
        workflow.refuse(question, handler, "  ")
    assert workflow.refuse(question, handler, "Câu hỏi không thuộc thẩm quyền của huyện.") is True
    question.refresh_from_db()
    assert question.status == QuestionStatus.REFUSED
    assert len(mail.outbox) == 1 and "không thuộc thẩm quyền" in mail.outbox[0].body
    assert "/hoi-dap/dat-cau-hoi/" in mail.outbox[0].body
    with pytest.raises(workflow.WorkflowError):
        workflow.publish(question, handler)
    assert client.get(index.url + f"{question.pk}/").status_code == 404


def test_unanswered_questions_are_never_public(client, index, make_question, handler):
    question = make_question()
    assert client.get(index.url + f"{question.pk}/").status_code == 404
    workflow.answer(question, handler, "Trả lời chưa công bố.")
    assert client.get(index.url + f"{question.pk}/").status_code == 404
    assert "Trả lời chưa công bố" not in client.get(index.url).content.decode()


def test_a_phone_only_asker_gets_no_email_and_is_fine(make_question, handler):
    question = make_question(email="")
    workflow.answer(question, handler, "Trả lời.")
    workflow.publish(question, handler)
    assert mail.outbox == []


def test_due_date_counts_working_days_and_overdue(make_question, clock):
    from datetime import date

    assert deadlines.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday → Monday
    question = make_question()
    assert not deadlines.is_overdue(question.status, question.due_on)
    clock.advance(days=15)
    assert deadlines.is_overdue(question.status, question.due_on)
    assert not deadlines.is_overdue(QuestionStatus.ANSWERED, question.due_on)


def test_only_permitted_staff_act(make_question, editor):
    question = make_question()
    with pytest.raises(workflow.QuestionPermissionError):
        workflow.answer(question, editor, "Trả lời.")
    with pytest.raises(workflow.QuestionPermissionError):
        workflow.publish(question, None)
    question.refresh_from_db()
    assert question.answer == "" and question.status == QuestionStatus.NEW


def test_publishing_declares_the_list_and_the_question_stale_after_the_commit(
    make_question, handler, index, django_capture_on_commit_callbacks
):
    sent = []

    def receiver(sender, kind, **details):
        sent.append((kind, {key: value for key, value in details.items() if key != "signal"}))

    events.content_changed.connect(receiver)
    try:
        question = make_question()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            workflow.answer(question, handler, "Trả lời.")  # not public yet: nothing readers see
        assert callbacks == []
        with django_capture_on_commit_callbacks(execute=True):
            workflow.publish(question, handler)
            assert sent == []  # never before the commit
    finally:
        events.content_changed.disconnect(receiver)
    assert sent == [("content", {"page_ids": [index.pk], "paths": [f"/hoi-dap/{question.pk}/"]})]


def test_the_next_request_sees_a_published_answer_with_the_page_cache_on(
    client, settings, index, make_question, handler, django_capture_on_commit_callbacks
):
    from toasoan.cache.pagecache import page_cache
    from toasoan.delivery.services import purge as purges

    settings.PAGE_CACHE_ENABLED = True
    page_cache.forget_local()
    question = make_question(title="Làm lại căn cước ở đâu")
    purges.run_pending()
    first = client.get(index.url)
    again = client.get(index.url)
    assert again.get("X-Toasoan-Cache") == "hit" and "Làm lại căn cước" not in again.content.decode()
    assert first.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        workflow.answer(question, handler, "Tại công an xã.")
        workflow.publish(question, handler)
    assert "Làm lại căn cước ở đâu" in client.get(index.url).content.decode()
    assert client.get(index.url + f"{question.pk}/").status_code == 200
    page_cache.forget_local()


def test_a_post_is_never_cached(client, settings, ask_url, valid_data):
    settings.PAGE_CACHE_ENABLED = True
    response = client.post(ask_url, valid_data(consent=""))
    assert response.status_code == 400 and "no-store" in response["Cache-Control"]
    assert re.search(r"Vui lòng đánh dấu đồng ý", response.content.decode())


def test_a_change_to_the_page_itself_makes_its_published_questions_stale(index, make_question, handler):
    from toasoan.sections.registry import stale_elsewhere

    published = make_question()
    workflow.answer(published, handler, "Trả lời.")
    workflow.publish(published, handler)
    make_question(title="Chưa trả lời")
    mine = [
        stale.path for stale in stale_elsewhere(index) if stale.page is not None and stale.page.pk == index.pk
    ]
    assert mine == [f"/{published.pk}/"]
