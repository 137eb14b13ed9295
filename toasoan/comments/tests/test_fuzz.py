"""Hypothesis: any Unicode, NFD, control characters, oversize input – never a server error.

At least 5,000 posts through the real view (middleware, form, captcha, rate limit, storage,
templates); every stored comment is NFC, within its limits and free of control characters.
"""

from __future__ import annotations

import unicodedata

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toasoan.comments.forms import sign_timestamp
from toasoan.comments.models import Comment
from toasoan.comments.services import clock as clock_module

EXAMPLES = int(__import__("os").environ.get("FUZZ_EXAMPLES", "5000"))
VIETNAMESE = "Thủ tục hành chính ở phường Đống Đa, quận Ba Đình: người dân phản ánh ĐƯỜNG NGẬP."

any_text = st.text(max_size=300)  # every code point but surrogates: controls, NUL, marks, RTL…
nfd_text = st.text(alphabet=st.sampled_from(VIETNAMESE), max_size=300).map(
    lambda text: unicodedata.normalize("NFD", text)
)
controls = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Mn"]), max_size=50)
oversize = st.builds(lambda char, count: char * count, st.characters(), st.integers(4_990, 12_000))
field_text = st.one_of(
    any_text, nfd_text, controls, oversize, st.just(""), st.just(VIETNAMESE), any_text.map(str.upper)
)
phones = st.one_of(
    st.just(""),
    st.sampled_from(
        ["0912 345 678", "+84 912 345 678", "84912345678", "０９１２３４５６７８", "0912-345-67"]
    ),
    any_text,
    st.text(alphabet="0123456789 +.-()", max_size=20),
)


def submissions(article_id: int):
    timestamps = st.one_of(
        st.just("valid"),
        st.just("valid"),
        st.just("valid"),
        st.sampled_from(["too-fast", "too-old", "other-article"]),
        any_text,
    )
    return st.fixed_dictionaries(
        {
            "name": field_text,
            "phone": phones,
            "title": field_text,
            "content": field_text,
            "captcha": st.one_of(
                st.just("PASSED"), st.just("PASSED"), any_text, st.text("0123456789", max_size=6)
            ),
            "captcha_key": st.one_of(
                st.just(""), any_text, st.text("0123456789abcdef", min_size=40, max_size=40)
            ),
            "timestamp": timestamps,
            "phone_consent": st.sampled_from(["on", "", "true", "x"]),
            "ghi_chu_them": st.one_of(st.just(""), st.just(""), st.just(""), any_text),
        },
        optional={"lay_ma_moi": st.just("1"), "ngoai_le": any_text},
    )


def _timestamp(kind: str, article_id: int) -> str:
    now = clock_module.timestamp()
    return {
        "valid": sign_timestamp(article_id, now - 10),
        "too-fast": sign_timestamp(article_id, now),
        "too-old": sign_timestamp(article_id, now - 3 * 3600),
        "other-article": sign_timestamp(article_id + 1, now - 10),
    }.get(kind, kind)


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
@override_settings(
    COMMENTS_CAPTCHA_TEST_MODE=True,
    COMMENTS_RATE_LIMIT_SECONDS=0,
    COMMENTS_RATE_LIMIT_PER_HOUR=0,
    COMMENTS_CAPTCHA_PER_HOUR=0,  # every example redraws a code, all from one address
)
def test_form_fuzz_never_errors(client, article):
    seen = {"examples": 0, "statuses": {}}

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
    @given(data=submissions(article.pk), fragment=st.booleans())
    def post(data, fragment):
        seen["examples"] += 1
        data = {**data, "timestamp": _timestamp(data["timestamp"], article.pk)}
        headers = {"X-Requested-With": "XMLHttpRequest"} if fragment else {}
        response = client.post(f"/binh-luan/viet/{article.pk}/", data, headers=headers)
        seen["statuses"][response.status_code] = seen["statuses"].get(response.status_code, 0) + 1
        assert response.status_code in {200, 303, 400}, (response.status_code, data)

    post()
    stored = list(Comment.objects.values_list("name", "title", "content", "phone"))
    print(f"\nHypothesis: {seen['examples']} examples, statuses {seen['statuses']}, {len(stored)} stored")
    assert seen["examples"] >= EXAMPLES
    assert seen["statuses"].get(303, 0) + seen["statuses"].get(200, 0) > 100  # the deep path was reached
    assert seen["statuses"].get(400, 0) > 100
    for name, title, content, phone in stored:
        for value, limit in ((name, 100), (title, 200), (content, 5000)):
            assert 0 < len(value) <= limit
            assert value == unicodedata.normalize("NFC", value)
            assert not any(unicodedata.category(c) == "Cc" and c not in "\n" for c in value)
        assert "\n" not in name and "\n" not in title
        assert phone is None or (phone.startswith("+84") and len(phone) == 12)
