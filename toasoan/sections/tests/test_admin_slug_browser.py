"""In a real browser, the admin's slug field follows our Vietnamese rule as the editor types."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from toasoan.accounts.testing import browser_log_in, confirmed_device

# serialized_rollback: the flush after a transactional test would drop the migrated home page and site.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mat-khau-bien-tap-rat-dai"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("bientap", "bientap@example.vn", PASSWORD)


def _log_in(page, live_server, editor) -> None:
    browser_log_in(page, live_server.url, "bientap", PASSWORD, confirmed_device(editor))


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Ba Đình phát động đợt thi đua", "ba-dinh-phat-dong-dot-thi-dua"),
        ("Ủy ban nhân dân tỉnh Khánh Hòa", "uy-ban-nhan-dan-tinh-khanh-hoa"),
        ("ĐẠI HỘI ĐẢNG LẦN THỨ XIII", "dai-hoi-dang-lan-thu-xiii"),
    ],
    ids=["ba-dinh", "uy-ban", "upper-case"],
)
def test_slug_follows_the_title_as_typed(live_server, browser_page, editor, make_section, title, slug):
    section = make_section("Thời sự")
    _log_in(browser_page, live_server, editor)
    browser_page.goto(f"{live_server.url}/admin/pages/add/articles/articlepage/{section.pk}/")
    browser_page.locator("#id_title").press_sequentially(title, delay=5)
    browser_page.locator("#id_title").blur()
    # A function, not an expression string: Playwright evaluates a string with eval(), which the
    # admin's Content Security Policy refuses ('unsafe-eval' is never allowed).
    browser_page.wait_for_function(
        "(slug) => document.querySelector('#id_slug').value === slug", arg=slug, timeout=5000
    )
    assert browser_page.input_value("#id_slug") == slug
    assert not [e for e in browser_page.console_errors if "vietnamese-slug" in e]
