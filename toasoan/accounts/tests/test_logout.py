"""Only a POST carrying the CSRF token logs an editor out of the admin.

The attack: any site shows `<img src="https://tin.example.vn/admin/logout/">` and every editor
who opens it is logged out (Wagtail's logout view deleted the session cookie on the 405 it
gave a GET). Now such a request changes nothing and gets a page with a button that does POST.
"""

from __future__ import annotations

import re
import unicodedata
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client

from toasoan.accounts.testing import confirmed_device, login_verified

from .conftest import PASSWORD, log_in

LOGOUT_URL = "/admin/logout/"
CROSS_SITE = {"Referer": "https://tin-gia.example/bai-viet/", "Sec-Fetch-Site": "cross-site"}


def _session_exists(key: str) -> bool:
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(key)


def _csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


@pytest.fixture
def logged_in(editor) -> tuple[Client, str]:
    """An editor's browser, past both steps of the login, that checks CSRF as a real one does."""
    client = Client(enforce_csrf_checks=True)
    login_verified(client, editor)
    assert client.get("/admin/").status_code == 200
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_a_cross_site_request_for_the_logout_url_leaves_the_editor_logged_in(logged_in, method):
    client, key = logged_in
    response = getattr(client, method)(LOGOUT_URL, headers=CROSS_SITE)
    deleted = response.cookies.get(settings.SESSION_COOKIE_NAME)
    assert deleted is None or deleted.value == key, response.cookies.output()
    assert "messages" not in response.cookies  # no "logged out" notice waiting for the next page
    assert _session_exists(key)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == key
    assert client.get("/admin/").status_code == 200
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_the_page_a_get_shows_logs_out_by_post_with_its_token(logged_in):
    client, key = logged_in
    page = client.get(LOGOUT_URL)
    html = page.content.decode()
    assert page.status_code == 405 and "no-store" in page["Cache-Control"]
    assert '<html lang="vi"' in html and "Đăng xuất" in html
    assert unicodedata.is_normalized("NFC", html)
    assert f'method="post" action="{LOGOUT_URL}"' in html

    response = client.post(LOGOUT_URL, {"csrfmiddlewaretoken": _csrf_token(html)})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""  # the cookie is deleted
    assert not _session_exists(key)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_post_without_the_token_logs_nobody_out(logged_in):
    client, key = logged_in
    response = client.post(LOGOUT_URL, headers=CROSS_SITE)
    assert response.status_code == 403
    assert "Traceback" not in response.content.decode()
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert _session_exists(key)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("has_device", [True, False], ids=["code-page", "setup-page"])
def test_the_two_factor_pages_log_out_by_post(editor, has_device):
    """Half logged in (password only): the pages' "Đăng xuất" is a form, and it works."""
    if has_device:
        confirmed_device(editor)
    client = Client()
    assert log_in(client, "bientap", PASSWORD).status_code == 302
    client.handler.enforce_csrf_checks = True  # from here on, as a browser: the token is needed
    page = client.get("/admin/", follow=True)
    expected = "/admin/tai-khoan/xac-thuc/" if has_device else "/admin/tai-khoan/cai-dat-xac-thuc/"
    assert page.request["PATH_INFO"] == expected
    html = page.content.decode()
    assert f'href="{LOGOUT_URL}"' not in html
    assert f'method="post" action="{LOGOUT_URL}"' in html
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    forms = re.findall(r"<form.*?</form>", html, re.DOTALL)
    logout_form = next(form for form in forms if LOGOUT_URL in form)
    response = client.post(LOGOUT_URL, {"csrfmiddlewaretoken": _csrf_token(logout_form)})
    assert response.status_code == 302
    assert not _session_exists(key)
