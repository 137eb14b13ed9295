"""Two-factor: every account with admin access sets up TOTP, then passes it at every login."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from toasoan.accounts.services import two_factor
from toasoan.accounts.testing import confirmed_device, current_code

from .conftest import PASSWORD, log_in

SETUP_URL = "/admin/tai-khoan/cai-dat-xac-thuc/"
VERIFY_URL = "/admin/tai-khoan/xac-thuc/"


def _codes(html: str) -> list[str]:
    block = re.search(r'<ul class="otp-codes" id="recovery-codes">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r"<li>([a-z2-7]+)</li>", block)


def _set_up(client) -> tuple[TOTPDevice, list[str]]:
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(SETUP_URL, {"code": current_code(device), "next": "/admin/"})
    assert response.status_code == 200
    device.refresh_from_db()
    return device, _codes(response.content.decode())


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/pages/", "/admin/binh-luan/"], ids=["home", "pages", "comments"]
)
def test_admin_without_a_device_goes_to_setup(client, editor, path):
    assert log_in(client, "bientap", PASSWORD).status_code == 302
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP_URL)


@pytest.mark.parametrize("path", ["/admin/sprite/", "/admin/jsi18n/"], ids=["icons", "translations"])
def test_what_the_code_page_loads_is_open_before_the_code(client, editor, path):
    """The code page is framed by the admin's base template, which fetches these two."""
    confirmed_device(editor)
    log_in(client, "bientap", PASSWORD)
    assert client.get(path).status_code == 200


def test_setup_shows_qr_and_secret_in_vietnamese(client, editor):
    log_in(client, "bientap", PASSWORD)
    response = client.get(SETUP_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cài đặt xác thực hai bước" in html
    assert '<svg width="' in html and 'class="otp-qr"' in html
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert two_factor.secret(device) in html
    assert " style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]  # nothing the CSP refuses


def test_setup_confirms_the_device_and_gives_recovery_codes(client, editor, settings):
    log_in(client, "bientap", PASSWORD)
    device, codes = _set_up(client)
    assert device.confirmed
    assert len(codes) == settings.ACCOUNTS_RECOVERY_CODES == len(set(codes))
    assert client.get("/admin/").status_code == 200


def test_wrong_code_does_not_confirm(client, editor):
    log_in(client, "bientap", PASSWORD)
    client.get(SETUP_URL)
    response = client.post(SETUP_URL, {"code": "000000"})
    assert response.status_code == 400
    assert "Mã không đúng" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/admin/")["Location"].startswith(SETUP_URL)


def test_every_login_asks_for_a_code(client, editor):
    device = confirmed_device(editor)
    log_in(client, "bientap", PASSWORD)
    response = client.get("/admin/pages/")
    assert response["Location"] == f"{VERIFY_URL}?next=%2Fadmin%2Fpages%2F"
    # Someone with only the password can't swap in an authenticator of their own.
    assert client.get(SETUP_URL)["Location"].startswith(VERIFY_URL)
    response = client.post(VERIFY_URL, {"code": current_code(device), "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_wrong_code_is_refused(client, editor):
    device = confirmed_device(editor)
    log_in(client, "bientap", PASSWORD)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY_URL, {"code": wrong, "next": "/admin/pages/"})
    assert response.status_code == 400
    assert client.get("/admin/pages/").status_code == 302


def test_verify_refuses_a_foreign_next(client, editor):
    device = confirmed_device(editor)
    log_in(client, "bientap", PASSWORD)
    response = client.post(VERIFY_URL, {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_recovery_code_works_once(client, editor):
    log_in(client, "bientap", PASSWORD)
    _, codes = _set_up(client)
    client.post("/admin/logout/")
    log_in(client, "bientap", PASSWORD)
    first = codes[0]
    response = client.post(VERIFY_URL, {"code": first.upper(), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert two_factor.recovery_codes_left(editor) == len(codes) - 1
    client.post("/admin/logout/")
    log_in(client, "bientap", PASSWORD)
    response = client.post(VERIFY_URL, {"code": first, "next": "/admin/"})
    assert response.status_code == 400
    assert "đã dùng rồi" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_new_recovery_codes_replace_the_old(client, editor):
    log_in(client, "bientap", PASSWORD)
    _, old = _set_up(client)
    page = client.get("/admin/tai-khoan/ma-du-phong/")
    assert f"<strong>{len(old)}</strong>" in page.content.decode()
    new = _codes(client.post("/admin/tai-khoan/ma-du-phong/").content.decode())
    assert len(new) == len(old) and not set(new) & set(old)
    client.post("/admin/logout/")
    log_in(client, "bientap", PASSWORD)
    assert client.post(VERIFY_URL, {"code": old[0]}).status_code == 400


def test_accounts_without_admin_access_are_not_asked(client, reader_account):
    assert not two_factor.requires_two_factor(reader_account)
    log_in(client, "bandoc", PASSWORD)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_half_logged_in_is_anonymous_outside_the_admin(rf, editor):
    """With only the password checked, views outside /admin/ see nobody (no preview, no drafts)."""
    from django.contrib.auth.models import AnonymousUser

    from toasoan.accounts.middleware import TwoFactorRequiredMiddleware

    request = rf.get("/binh-luan/form/1/")
    request.user = editor
    editor.is_verified = lambda: False
    request.resolver_match = None
    middleware = TwoFactorRequiredMiddleware(lambda r: None)
    assert middleware.process_view(request, None, (), {}) is None
    assert isinstance(request.user, AnonymousUser)


def test_otp_login_fixture_gives_a_verified_editor(client, editor, otp_login):
    otp_login(client, editor)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("password", "valid"),
    [("ngan-qua", False), ("password1234", False), ("123456789012", False), ("tran-hung-dao-1285", True)],
    ids=["too-short", "common", "numeric", "good"],
)
def test_password_rules(password, valid):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if valid:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_account_page_links_to_two_factor(client, editor, otp_login):
    otp_login(client, editor)
    html = client.get("/admin/account/").content.decode()
    assert 'href="/admin/tai-khoan/ma-du-phong/"' in html and "Xác thực hai bước" in html
