"""The "Hỏi đáp" admin: the queue and its filters, the overdue badge, actions over HTTP, the
attachment for staff only, permissions."""

from __future__ import annotations

import json

from django.core import mail
from django.core.files.base import ContentFile

from toasoan.questions.models import Question, QuestionStatus

QUEUE = "/admin/hoi-dap/"


def test_only_the_handlers_group_sees_the_queue(client, otp_login, editor, handler, make_question):
    make_question()
    otp_login(client, editor)
    assert client.get(QUEUE).status_code in (302, 403)
    assert json.dumps("Hỏi đáp")[1:-1] not in client.get("/admin/").content.decode()
    client.logout()
    otp_login(client, handler)
    response = client.get(QUEUE)
    assert response.status_code == 200 and "Hỏi đáp" in response.content.decode()
    assert 'data-question="' in response.content.decode()
    # The sidebar is drawn from JSON (labels \u-escaped): the menu counts new questions.
    assert json.dumps("Hỏi đáp (1)")[1:-1] in client.get("/admin/").content.decode()


def test_filters_by_status_topic_unit_overdue_and_text(
    client, otp_login, handler, make_question, topics, unit, clock
):
    late = make_question(title="Hỏi về học bạ", topic=topics["Giáo dục"])
    clock.advance(days=20)
    fresh = make_question(
        title="Hỏi về sổ đỏ", topic=topics["Đất đai"], unit=unit, status=QuestionStatus.IN_PROGRESS
    )
    otp_login(client, handler)

    def shown(**params) -> set[int]:
        html = client.get(QUEUE, params).content.decode()
        return {question.pk for question in (late, fresh) if f'data-question="{question.pk}"' in html}

    assert shown() == {late.pk, fresh.pk}
    assert shown(status="dang_xu_ly") == {fresh.pk}
    assert shown(topic=topics["Giáo dục"].pk) == {late.pk}
    assert shown(unit=unit.pk) == {fresh.pk}
    assert shown(overdue="on") == {late.pk}
    assert shown(q="so do") == {fresh.pk}
    html = client.get(QUEUE).content.decode()
    assert html.count("Quá hạn") >= 1
    assert client.get(QUEUE, {"status": "khong-co", "topic": "x"}).status_code == 200  # bad filters: no 500


def test_answer_and_publish_through_the_admin(client, otp_login, handler, make_question, index):
    question = make_question()
    otp_login(client, handler)
    detail = client.get(f"{QUEUE}{question.pk}/")
    html = detail.content.decode()
    assert detail.status_code == 200 and question.email in html and "0987 111 222" in html
    response = client.post(
        f"{QUEUE}{question.pk}/xu-ly/",
        {
            "action": "answer",
            "answer": "Nộp hồ sơ tại bộ phận một cửa.",
            "answerer_name": "Ngô Thu Hà",
            "answerer_title": "Chuyên viên",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (
        question.status == QuestionStatus.ANSWERED
        and question.is_published
        and question.answered_by == handler
    )
    assert len(mail.outbox) == 1
    client.logout()
    assert "Nộp hồ sơ tại bộ phận một cửa." in client.get(index.url + f"{question.pk}/").content.decode()


def test_actions_with_bad_input_explain_and_do_nothing(client, otp_login, handler, make_question):
    question = make_question()
    otp_login(client, handler)
    response = client.post(f"{QUEUE}{question.pk}/xu-ly/", {"action": "answer", "answer": ""})
    assert response.status_code == 400 and "Vui lòng nhập nội dung trả lời." in response.content.decode()
    response = client.post(f"{QUEUE}{question.pk}/xu-ly/", {"action": "refuse", "reason": ""})
    assert response.status_code == 400 and "Vui lòng nhập lý do từ chối." in response.content.decode()
    response = client.post(f"{QUEUE}{question.pk}/xu-ly/", {"action": "publish"}, follow=True)
    assert "Chỉ công bố được câu hỏi đã trả lời." in response.content.decode()
    assert client.post(f"{QUEUE}{question.pk}/xu-ly/", {"action": "xoa-het"}).status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.NEW and not question.is_published


def test_assign_in_progress_refuse_and_faq_over_http(client, otp_login, handler, make_question, unit):
    question = make_question()
    otp_login(client, handler)
    client.post(f"{QUEUE}{question.pk}/xu-ly/", {"action": "in_progress"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.IN_PROGRESS
    client.post(f"{QUEUE}{question.pk}/xu-ly/", {"action": "assign", "unit": unit.pk})
    question.refresh_from_db()
    assert question.unit_id == unit.pk
    client.post(f"{QUEUE}{question.pk}/xu-ly/", {"action": "answer", "answer": "Trả lời."})
    client.post(f"{QUEUE}{question.pk}/xu-ly/", {"action": "faq"})
    question.refresh_from_db()
    assert question.is_faq
    other = make_question(title="Câu hỏi ngoài thẩm quyền")
    client.post(f"{QUEUE}{other.pk}/xu-ly/", {"action": "refuse", "reason": "Không thuộc thẩm quyền."})
    other.refresh_from_db()
    assert other.status == QuestionStatus.REFUSED and "Không thuộc thẩm quyền." in mail.outbox[-1].body


def test_the_attachment_is_for_staff_only(client, otp_login, handler, editor, make_question):
    question = make_question(attachment_kind="pdf", attachment_name="don.pdf")
    question.attachment.save("tep.pdf", ContentFile(b"%PDF-1.4 noi dung"), save=True)
    url = f"{QUEUE}{question.pk}/tep/"
    assert client.get(url).status_code == 302  # to the login
    otp_login(client, editor)
    assert client.get(url).status_code in (302, 403)
    client.logout()
    otp_login(client, handler)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 noi dung"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert client.get(f"{QUEUE}{make_question().pk}/tep/").status_code == 404
    assert not Question.objects.filter(attachment__startswith="/").exists()


def test_the_admin_screens_are_vietnamese(client, otp_login, handler, make_question, home, django_user_model):
    from django.urls import reverse

    from toasoan.editorial.tests.english_on_screen import find_english, html_units

    question = make_question(email="hongnhung@tanan.vn")  # "example" would read as an English word
    otp_login(client, handler)
    screens = {"queue": QUEUE, "overdue": QUEUE + "?overdue=on", "detail": f"{QUEUE}{question.pk}/"}
    found = []
    for screen, url in screens.items():
        response = client.get(url)
        assert response.status_code == 200, screen
        found += [f.line() for f in find_english(screen, html_units(response.content.decode()))]
    client.logout()
    otp_login(client, django_user_model.objects.create_superuser("quantri", password="mat-khau-quan-tri"))
    url = reverse("wagtailadmin_pages:add", args=("questions", "questionindexpage", home.pk))
    response = client.get(url)
    assert response.status_code == 200
    found += [f.line() for f in find_english("page editor", html_units(response.content.decode()))]
    assert found == []
