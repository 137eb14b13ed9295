"""The admin's login page in Vietnamese: labels, placeholders and the message of a failed login."""

from __future__ import annotations

import re

from toasoan.editorial.tests.english_on_screen import find_english, html_units

from .conftest import LOGIN_URL, PASSWORD, log_in

FAILED = "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại."


def _field(html: str, name: str) -> tuple[str, str]:
    """(label text, placeholder) of a login field."""
    label = re.search(rf'<label[^>]*for="id_{name}"[^>]*>(.*?)</label>', html, re.S).group(1)
    placeholder = re.search(rf'<input[^>]*name="{name}"[^>]*placeholder="([^"]*)"', html).group(1)
    return " ".join(re.sub(r"<[^>]+>", "", label).split()), placeholder


def test_login_page_names_its_fields_in_vietnamese(client, db):
    html = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert _field(html, "username") == ("Tên đăng nhập*", "Nhập tên đăng nhập")
    assert _field(html, "password") == ("Mật khẩu*", "Nhập mật khẩu")
    assert [finding.line() for finding in find_english("login", html_units(html))] == []


def test_a_failed_login_says_so_once_and_in_vietnamese(client, editor):
    """Wagtail's message names the username field inside its sentence: Vietnamese got the name twice."""
    for username, password in ((editor.username, "sai-mat-khau"), ("khong-co-ai", PASSWORD)):
        response = log_in(client, username, password)
        assert response.status_code == 200
        errors = [" ".join(str(error).split()) for error in response.context["form"].non_field_errors()]
        assert errors == [FAILED]  # the same words whether or not the account exists
        assert [
            finding.line() for finding in find_english("login", html_units(response.content.decode()))
        ] == []
