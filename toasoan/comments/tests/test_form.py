"""The reader's form: labels, limits, phone formats, consent, errors that keep the text, success."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from toasoan.comments.forms import CommentForm, sign_timestamp
from toasoan.comments.models import Comment, CommentStatus
from toasoan.comments.services import clock as clock_module
from toasoan.comments.services.phone import InvalidPhone, display_phone, normalize_phone

from .conftest import captcha_answer, csrf_in, key_in

SEED_LABELS = ["Họ tên", "Số điện thoại", "Tiêu đề", "Nội dung", "Mã xác nhận"]
#: The comment page at most: the page and its kind, the code limit (read and written in a savepoint;
#: in Redis where it runs, none), the code drawn (a savepoint around its lookup and insert).
FORM_PAGE_QUERIES = 10


class Labels(HTMLParser):
    """label[for] → its text; the ids of every input/textarea; headings; all ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.labels: dict[str, str] = {}
        self.controls: dict[str, dict] = {}
        self.ids: list[str] = []
        self.headings: list[int] = []
        self._label: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label":
            self._label = attrs.get("for", "")
            self.labels[self._label] = ""
        if tag in {"input", "textarea", "select"}:
            self.controls[attrs.get("id", "")] = {"tag": tag, **attrs}
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None

    def handle_data(self, data):
        if self._label is not None:
            self.labels[self._label] += data


def parse(html: str) -> Labels:
    parser = Labels()
    parser.feed(html)
    return parser


def test_seed_labels_each_tied_to_its_field(client, article):
    html = client.get(f"/binh-luan/form/{article.pk}/").content.decode()
    page = parse(html)
    by_text = {text.strip(): target for target, text in page.labels.items()}
    for label in SEED_LABELS:
        assert label in by_text, f"no <label> '{label}'"
        assert by_text[label] in page.controls, f"label '{label}' points at nothing"
    assert page.controls[by_text["Nội dung"]]["tag"] == "textarea"
    for required in ("Họ tên", "Tiêu đề", "Nội dung", "Mã xác nhận"):
        assert "required" in page.controls[by_text[required]]
    assert "required" not in page.controls[by_text["Số điện thoại"]]
    # Every visible control has a label; ids are unique.
    for control_id, control in page.controls.items():
        if control.get("type") != "hidden":
            assert control_id in page.labels, control
    assert len(page.ids) == len(set(page.ids))
    assert "Lấy lại mã bảo mật" in html
    assert "(*)" in html


def test_full_page_works_without_javascript(client, article, clock, write_url):
    """GET the page, read the code, wait, POST: no script involved, a 303 to the thank-you page."""
    response = client.get(write_url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    page = parse(html)
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    key = key_in(html)
    timestamp = re.search(r'name="timestamp" value="([^"]+)"', html).group(1)
    clock.advance(5)
    response = client.post(
        write_url,
        {
            "name": "Trần Thị Bình",
            "title": "Đề nghị",
            "content": "Nội dung góp ý",
            "captcha_key": key,
            "captcha": captcha_answer(key),
            "timestamp": timestamp,
        },
    )
    assert response.status_code == 303
    assert response["Location"] == f"/binh-luan/da-gui/{article.pk}/"
    sent = client.get(response["Location"]).content.decode()
    assert "đang chờ kiểm duyệt" in sent
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.page_id == article.pk


def test_fragment_submission_answers_with_the_moderation_message(client, article, valid_data, write_url):
    response = client.post(write_url, valid_data(), headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "đang chờ kiểm duyệt" in html and 'role="status"' in html
    assert "<html" not in html  # a fragment


@pytest.mark.parametrize(
    "raw",
    [
        "0912 345 678",
        "0912345678",
        "+84 912 345 678",
        "84912345678",
        "0912.345.678",
        "(+84) 912-345-678",
        "０９１２３４５６７８",
        "+84 0912 345 678",
    ],
)
def test_phone_formats_are_stored_normalized(raw):
    assert normalize_phone(raw) == "+84912345678"


@pytest.mark.parametrize(
    "raw",
    [
        "091234567",
        "09123456789",
        "1912345678",
        "+85 912 345 678",
        "0112345678",
        "abc",
        "0912 345 67x",
        "+84",
        "٠٩١٢٣٤٥٦٧٨",
    ],
)
def test_phone_formats_refused(raw):
    with pytest.raises(InvalidPhone):
        normalize_phone(raw)


def test_phone_empty_and_display():
    assert normalize_phone("  ") is None
    assert display_phone("+84912345678") == "0912 345 678"


def _bound(article, **data) -> CommentForm:
    base = {
        "name": "An",
        "title": "Tiêu đề",
        "content": "Nội dung",
        "captcha": "",
        "timestamp": sign_timestamp(article.pk, clock_module.timestamp() - 10),
    }
    base.update(data)
    return CommentForm(base, page_id=article.pk)


@pytest.mark.parametrize(
    ("field", "limit"), [("name", 100), ("title", 200), ("content", 5000)], ids=["name", "title", "content"]
)
def test_length_limits_count_normalized_characters(article, field, limit):
    at_limit = "ả" * limit
    nfd = "a\u0309" * limit  # the same text decomposed: twice the code points, same length once normalized
    over = "ả" * (limit + 1)
    for value, ok in ((at_limit, True), (nfd, True), (over, False)):
        form = _bound(article, **{field: value})
        form.is_valid()
        assert (field not in form.errors) is ok, (field, len(value), form.errors.get(field))
    form = _bound(article, **{field: over})
    form.is_valid()
    assert "tối đa" in form.errors[field][0]


@pytest.mark.parametrize("field", ["name", "title", "content"])
def test_required_fields_refuse_blank_and_invisible_text(article, field):
    form = _bound(article, **{field: " \u200b\u00ad\x00\t"})
    form.is_valid()
    assert field in form.errors
    assert form.errors[field][0].startswith("Vui lòng nhập")


def test_text_is_normalized_and_line_breaks_kept(article, valid_data, write_url, client):
    client.post(
        write_url,
        valid_data(
            name="  Ngô\u00a0 Thị  Hoa\n ",
            title="Hoa\u0300 bi\u0300nh",
            content="Dòng một\r\nDòng hai\r\n\r\n\r\n\r\nDòng ba  \x07",
        ),
    )
    comment = Comment.objects.get()
    assert comment.name == "Ngô Thị Hoa"
    assert comment.title == "Hoà bình"  # composed (NFC), tone placement as written
    assert comment.content == "Dòng một\nDòng hai\n\nDòng ba"


def test_phone_needs_consent_and_consent_is_recorded(client, article, valid_data, write_url):
    response = client.post(write_url, valid_data(phone="0912 345 678"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "đánh dấu đồng ý" in html
    assert 'value="0912 345 678"' in html  # the number the reader typed is still there
    assert not Comment.objects.exists()
    response = client.post(write_url, valid_data(phone="0912 345 678", phone_consent="on"))
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.phone == "+84912345678"
    assert comment.phone_consent_at is not None and comment.phone_consent_notice


def test_consent_box_is_unticked_and_explains_purpose_retention_and_deletion(client, article):
    html = client.get(f"/binh-luan/form/{article.pk}/").content.decode()
    box = re.search(r'<input type="checkbox" name="phone_consent"[^>]*>', html).group(0)
    assert "checked" not in box
    notice = re.search(r'id="thong-bao-so-dien-thoai">(.*?)</p>', html, re.S).group(1)
    assert "liên hệ lại" in notice  # purpose
    assert "90 ngày" in notice  # retention
    assert "xóa" in notice  # how to ask for deletion


def test_invalid_phone_message_in_vietnamese(client, article, valid_data, write_url):
    response = client.post(write_url, valid_data(phone="12345", phone_consent="on"))
    assert response.status_code == 400
    assert "Số điện thoại không hợp lệ" in response.content.decode()


def test_errors_sit_next_to_their_fields_and_keep_everything_typed(client, article, valid_data, write_url):
    data = valid_data(
        name="", title="Tiêu đề <giữ nguyên>", content="Dòng 1\nDòng 2 “ngoặc”", captcha="00000"
    )
    response = client.post(write_url, data)
    assert response.status_code == 400
    html = response.content.decode()
    # The error is inside the name's block, tied to the input by aria-describedby.
    block = re.search(
        r'<div class="comment-field comment-field--error">\s*<label[^>]*for="id_name".*?</div>', html, re.S
    )
    assert block and 'id="id_name_error"' in block.group(0)
    assert 'aria-describedby="id_name_error"' in block.group(0) and 'aria-invalid="true"' in block.group(0)
    assert "Vui lòng nhập họ tên." in block.group(0)
    assert 'value="Tiêu đề &lt;giữ nguyên&gt;"' in html
    assert "Dòng 1\nDòng 2 “ngoặc”</textarea>" in html
    # A summary at the top links to the field.
    assert '<a href="#id_name">Họ tên: Vui lòng nhập họ tên.</a>' in html
    # The code was not used up by a form with another error, but a fresh one is shown anyway.
    assert key_in(html) != data["captcha_key"]


def test_wrong_captcha_keeps_the_text_and_shows_a_new_code(client, article, valid_data, write_url):
    data = valid_data(
        captcha="99999" if valid_data()["captcha"] != "99999" else "11111",
        phone="0912345678",
        phone_consent="on",
    )
    response = client.post(write_url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mã xác nhận không đúng" in html
    assert 'value="Nguyễn Văn An"' in html and 'value="0912345678"' in html
    assert "Tôi đồng ý với chủ trương.\nMong quận công khai kết quả.</textarea>" in html
    assert re.search(r'name="phone_consent"[^>]*checked', html)
    assert key_in(html) != data["captcha_key"]
    assert 'name="captcha" value=' not in html  # the wrong answer is not echoed back
    assert not Comment.objects.exists()


def test_expired_captcha_keeps_the_text(client, article, valid_data, write_url, clock):
    data = valid_data()
    clock.advance(minutes=31)
    data["timestamp"] = sign_timestamp(article.pk, clock_module.timestamp() - 10)
    response = client.post(write_url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mã xác nhận đã hết hạn" in html
    assert 'value="Góp ý về đợt thi đua"' in html


def test_honeypot_refuses_with_a_message(client, article, valid_data, write_url):
    response = client.post(write_url, valid_data(ghi_chu_them="http://spam.example"))
    assert response.status_code == 400
    assert "Không gửi được bình luận" in response.content.decode()
    assert not Comment.objects.exists()


def test_honeypot_is_hidden_from_people(client, article):
    html = client.get(f"/binh-luan/form/{article.pk}/").content.decode()
    trap = re.search(r'<div class="comment-form__trap" aria-hidden="true">(.*?)</div>', html, re.S).group(1)
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap


@pytest.mark.parametrize(
    ("age", "message"),
    [(1, "Bạn gửi nhanh quá"), (2 * 3600 + 5, "quá 2 giờ")],
    ids=["under-3-seconds", "over-2-hours"],
)
def test_signed_timestamp_rejects_too_fast_and_too_old(
    client, article, valid_data, write_url, clock, age, message
):
    data = valid_data(timestamp=sign_timestamp(article.pk, clock_module.timestamp() - age))
    response = client.post(write_url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Nguyễn Văn An"' in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize("timestamp", ["", "garbage", "eyJhIjoxLCJ0IjoxfQ:1abcde:forged"])
def test_missing_or_forged_timestamp_is_refused(client, article, valid_data, write_url, timestamp):
    response = client.post(write_url, valid_data(timestamp=timestamp))
    assert response.status_code == 400
    assert "Biểu mẫu không hợp lệ hoặc đã cũ" in response.content.decode()


def test_timestamp_of_another_article_is_refused(client, article, other_article, valid_data, write_url):
    response = client.post(
        write_url, valid_data(timestamp=sign_timestamp(other_article.pk, clock_module.timestamp() - 10))
    )
    assert response.status_code == 400


def test_too_fast_keeps_the_first_render_time(article):
    """Re-rendering a too-fast form keeps its first time, so waiting counts from the first view."""
    first = clock_module.timestamp() - 1
    form = _bound(article, timestamp=sign_timestamp(article.pk, first))
    form.is_valid()
    from toasoan.comments.forms import read_timestamp

    assert read_timestamp(form.timestamp_for_render(), article.pk) == float(int(first))


def test_success_is_not_public_until_approved(client, article, valid_data, write_url):
    client.post(write_url, valid_data(title="Chưa duyệt thì chưa hiện"))
    from django.template.loader import render_to_string

    html = render_to_string("comments/article_comments.html", {"page": article})
    assert "Chưa duyệt thì chưa hiện" not in html
    assert "0 bình luận" in html


def test_unknown_or_unpublished_article_is_404(client, article, valid_data):
    assert client.get("/binh-luan/form/999999/").status_code == 404
    article.unpublish()
    assert client.get(f"/binh-luan/form/{article.pk}/").status_code == 404
    assert client.post(f"/binh-luan/viet/{article.pk}/", valid_data()).status_code == 404


def test_csrf_is_enforced(article, valid_data, write_url):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(write_url, valid_data()).status_code == 403
    html = strict.get(f"/binh-luan/form/{article.pk}/").content.decode()
    token = csrf_in(html)
    response = strict.post(write_url, {**valid_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 303
    assert Comment.objects.count() == 1


def test_form_endpoints_are_never_cached(client, article, write_url, valid_data):
    for response in (
        client.get(f"/binh-luan/form/{article.pk}/"),
        client.get(write_url),
        client.post(write_url, valid_data(name="")),
        client.get("/binh-luan/ma-xac-nhan/moi/"),
    ):
        assert response["Cache-Control"] == "private, no-store", response


def test_database_busy_is_a_503_that_keeps_the_text(client, article, valid_data, write_url, monkeypatch):
    from django.db import OperationalError

    from toasoan.comments import views

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(views, "create_comment", locked)
    response = client.post(write_url, valid_data(content="Lời góp ý quý giá"))
    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert "Hệ thống đang bận" in html
    assert "Lời góp ý quý giá</textarea>" in html
    # The rate-limit slot taken for it was given back: the reader may retry at once.
    monkeypatch.undo()
    assert client.post(write_url, valid_data()).status_code == 303


def test_database_busy_while_checking_the_code_is_a_503(client, article, valid_data, write_url, monkeypatch):
    from django.db import OperationalError

    from toasoan.comments.services import captcha

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(captcha, "verify", locked)
    monkeypatch.setattr(captcha, "new_key", locked)
    response = client.post(write_url, valid_data(title="Giữ tiêu đề"))
    assert response.status_code == 503
    html = response.content.decode()
    assert 'value="Giữ tiêu đề"' in html and "Lấy lại mã bảo mật" in html


def test_get_only_endpoints(client, article):
    assert client.post(f"/binh-luan/form/{article.pk}/").status_code == 405
    assert client.delete(f"/binh-luan/viet/{article.pk}/").status_code == 405


def test_the_form_page_takes_the_portal_from_the_cache(
    client, article, write_url, django_assert_max_num_queries
):
    """The comment page reads its portal's Site from the cache like readers' pages
    (cache.fragments.known_site), not from the database."""
    client.get(write_url)
    with django_assert_max_num_queries(FORM_PAGE_QUERIES) as captured:
        assert client.get(write_url).status_code == 200
    assert not [query for query in captured.captured_queries if "wagtailcore_site" in query["sql"]]
