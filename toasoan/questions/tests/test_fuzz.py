"""Hypothesis: any Unicode, oversize text, odd files and forged fields through the real form view —
never a server error, and whatever is stored is clean and within its limits."""

from __future__ import annotations

import os
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toasoan.comments.forms import sign_timestamp
from toasoan.comments.services import clock as clock_module
from toasoan.questions.models import Question

EXAMPLES = int(os.environ.get("QUESTIONS_FUZZ_EXAMPLES", "500"))
VIETNAMESE = "Đăng ký kết hôn, cấp sổ đỏ ở xã Tân An: người dân HỎI THỦ TỤC."

any_text = st.text(max_size=200)
nfd_text = st.text(alphabet=st.sampled_from(VIETNAMESE), max_size=200).map(
    lambda text: unicodedata.normalize("NFD", text)
)
oversize = st.builds(lambda char, count: char * count, st.characters(), st.integers(4_990, 9_000))
field_text = st.one_of(
    st.just(VIETNAMESE), st.just(VIETNAMESE), nfd_text, nfd_text, any_text, oversize, st.just("")
)
files = st.one_of(
    st.none(),
    st.tuples(st.sampled_from(["a.pdf", "b.png", "c.docx", "d.exe", "", "ả.jpg"]), st.binary(max_size=300)),
    st.tuples(st.just("e.pdf"), st.binary(max_size=100).map(lambda data: b"%PDF-1.4\n" + data)),
)


def submissions():
    return st.fixed_dictionaries(
        {
            "name": field_text,
            "email": st.one_of(st.just("dan@example.vn"), st.just("dan@example.vn"), st.just(""), any_text),
            "phone": st.one_of(st.just(""), st.sampled_from(["0912 345 678", "+84 912 345 678"]), any_text),
            "address": field_text,
            "topic": st.one_of(st.just(""), st.just("topic"), any_text),
            "title": field_text,
            "content": field_text,
            "consent": st.sampled_from(["on", "on", "on", "", "x"]),
            "show_full_name": st.sampled_from(["on", ""]),
            "captcha": st.one_of(st.just("PASSED"), st.just("PASSED"), any_text),
            "captcha_key": st.one_of(st.just(""), st.just(""), any_text),
            "timestamp": st.one_of(st.just("valid"), st.just("valid"), st.just("valid"), any_text),
            "ghi_chu_them": st.one_of(st.just(""), st.just(""), st.just(""), any_text),
        },
        optional={"lay_ma_moi": st.just("1")},
    )


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
@override_settings(
    COMMENTS_CAPTCHA_TEST_MODE=True, QUESTIONS_RATE_LIMIT_PER_HOUR=0, COMMENTS_CAPTCHA_PER_HOUR=0
)
def test_form_fuzz_never_errors(client, index, topics, ask_url):
    seen = {"examples": 0, "statuses": {}}
    topic_id = str(next(iter(topics.values())).pk)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(data=submissions(), upload=files)
    def post(data, upload):
        seen["examples"] += 1
        data = {
            **data,
            "timestamp": sign_timestamp(index.pk, clock_module.timestamp() - 10)
            if data["timestamp"] == "valid"
            else data["timestamp"],
            "topic": topic_id if data["topic"] == "topic" else data["topic"],
        }
        if upload is not None:
            data["attachment"] = SimpleUploadedFile(upload[0] or "tep", upload[1])
        response = client.post(ask_url, data)
        seen["statuses"][response.status_code] = seen["statuses"].get(response.status_code, 0) + 1
        assert response.status_code in {200, 303, 400}, (response.status_code, data)

    post()
    stored = list(Question.objects.values_list("name", "title", "content", "address", "phone", "email"))
    assert seen["examples"] >= EXAMPLES
    assert seen["statuses"].get(303, 0) > 10 and seen["statuses"].get(400, 0) > 10
    for name, title, content, address, phone, email in stored:
        for value, limit in ((name, 100), (title, 200), (content, 5000)):
            assert 0 < len(value) <= limit
            assert value == unicodedata.normalize("NFC", value)
        assert len(address) <= 300 and "\n" not in name + title + address
        assert phone or email
        assert not phone or (phone.startswith("+84") and len(phone) == 12)
