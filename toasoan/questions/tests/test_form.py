"""The question form: Vietnamese errors per field, the text kept, contact rule, phone, attachment,
captcha, rate limit — and never a 500."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from toasoan.questions.models import Question

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_missing_fields_get_vietnamese_messages_and_the_text_is_kept(client, ask_url, valid_data):
    data = valid_data(name="", email="", phone="", title="", consent="", content="Nội dung vẫn còn đây")
    response = client.post(ask_url, data)
    html = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Câu hỏi chưa được gửi. Vui lòng sửa các lỗi bên dưới.",
        "Vui lòng nhập họ tên.",
        "Vui lòng nhập thư điện tử hoặc số điện thoại (ít nhất một) để nhận trả lời.",
        "Vui lòng nhập tiêu đề câu hỏi.",
        "Vui lòng đánh dấu đồng ý để gửi câu hỏi.",
    ):
        assert message in html, message
    assert "Nội dung vẫn còn đây" in html and Question.objects.count() == 0
    assert 'name="captcha_key"' in html  # a new code for the next try


def test_email_or_phone_is_enough_and_the_phone_is_normalised(client, ask_url, valid_data):
    assert client.post(ask_url, valid_data(email="", phone="+84 912.345.678")).status_code == 303
    assert client.post(ask_url, valid_data(phone="", title="Câu hỏi thứ hai")).status_code == 303
    stored = list(Question.objects.order_by("pk").values_list("email", "phone"))
    assert stored == [("", "+84912345678"), ("hongnhung.rieng@example.vn", "")]


def test_bad_email_and_phone_are_explained(client, ask_url, valid_data):
    html = client.post(ask_url, valid_data(email="khong-phai-thu", phone="12345")).content.decode()
    assert "Địa chỉ thư điện tử không hợp lệ" in html and "Số điện thoại không hợp lệ" in html
    assert 'value="khong-phai-thu"' in html and 'value="12345"' in html


def test_a_wrong_code_is_refused_with_the_text_kept(client, ask_url, valid_data):
    response = client.post(ask_url, valid_data(captcha="00000", content="Giữ nguyên nội dung"))
    html = response.content.decode()
    assert response.status_code == 400 and "Mã xác nhận không đúng" in html and "Giữ nguyên nội dung" in html


@override_settings(COMMENTS_CAPTCHA_TEST_MODE=True)
def test_the_captcha_test_mode_accepts_passed(client, ask_url, valid_data):
    assert client.post(ask_url, valid_data(captcha="PASSED", captcha_key="")).status_code == 303


def test_the_refresh_button_keeps_everything(client, ask_url, valid_data):
    response = client.post(ask_url, valid_data(lay_ma_moi="1", content="Chưa gửi, chỉ lấy mã mới"))
    html = response.content.decode()
    assert response.status_code == 200 and "Đã lấy mã xác nhận mới" in html
    assert "Chưa gửi, chỉ lấy mã mới" in html and Question.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("don.pdf", PDF, "pdf"),
        ("anh.png", PNG, "png"),
        ("ho-so.docx", _docx(), "docx"),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"0" * 40, "jpeg"),
    ],
)
def test_attachments_are_sniffed_and_stored_privately(
    client, ask_url, valid_data, settings, name, content, kind
):
    upload = SimpleUploadedFile(name, content)
    assert client.post(ask_url, valid_data(attachment=upload)).status_code == 303
    question = Question.objects.get()
    assert question.attachment_kind == kind and question.attachment_name == name
    stored = Path(settings.QUESTIONS_PRIVATE_ROOT) / question.attachment.name
    assert stored.read_bytes() == content
    assert name not in question.attachment.name  # a random name on disk
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        question.attachment.url  # noqa: B018 (no public URL at all)


def test_a_file_that_is_not_what_it_claims_is_refused(client, ask_url, valid_data, settings):
    html_file = SimpleUploadedFile("don.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(ask_url, valid_data(attachment=html_file, content="Vẫn giữ"))
    assert response.status_code == 400
    assert "Không nhận ra loại của tệp đính kèm" in response.content.decode()
    assert "Vẫn giữ" in response.content.decode()
    settings.QUESTIONS_ATTACHMENT_MAX_BYTES = 10
    response = client.post(ask_url, valid_data(attachment=SimpleUploadedFile("anh.png", PNG)))
    assert response.status_code == 400 and "Tệp đính kèm quá lớn" in response.content.decode()
    assert Question.objects.count() == 0


@override_settings(QUESTIONS_RATE_LIMIT_PER_HOUR=1)
def test_the_rate_limit_is_shared_with_comments_store_under_its_own_scope(client, ask_url, valid_data, clock):
    from toasoan.comments.services import ratelimit

    assert client.post(ask_url, valid_data()).status_code == 303
    response = client.post(ask_url, valid_data(title="Câu hỏi thứ hai", content="Giữ lại"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Bạn đã gửi nhiều câu hỏi trong một giờ" in response.content.decode()
    assert "Giữ lại" in response.content.decode()
    # Its own records: the reader may still comment.
    from toasoan.comments.services import client as client_service

    assert ratelimit.hit(client_service.hash_ip("127.0.0.1")).allowed
    clock.advance(hours=1, minutes=1)
    assert client.post(ask_url, valid_data(title="Câu hỏi thứ ba")).status_code == 303


def test_the_honeypot_and_a_forged_timestamp_are_refused_without_a_500(client, ask_url, valid_data):
    assert client.post(ask_url, valid_data(ghi_chu_them="http://spam.example")).status_code == 400
    assert client.post(ask_url, valid_data(timestamp="gia-mao")).status_code == 400
    assert client.post(ask_url, valid_data(topic="999999")).status_code == 400
    assert client.put(ask_url).status_code == 405
    assert Question.objects.count() == 0


def test_the_consent_links_to_the_privacy_page(client, index, ask_url, make_section):
    policy = make_section("Chính sách bảo vệ dữ liệu cá nhân")
    index.privacy_page = policy
    index.save_revision().publish()
    html = client.get(ask_url).content.decode()
    assert f'href="{policy.url}"' in html and "Chính sách bảo vệ dữ liệu cá nhân" in html


def test_the_stored_text_is_clean(client, ask_url, valid_data):
    nfd = "Nguye\u0302\u0303n Va\u0306n A\u202e"
    assert client.post(ask_url, valid_data(name=nfd, title="  Hỏi\n  về  thuế ")).status_code == 303
    question = Question.objects.get()
    assert question.name == "Nguyễn Văn A" and question.title == "Hỏi về thuế"
