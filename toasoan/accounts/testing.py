"""Helpers for tests that act as an editor: logged in with the second factor already verified.

`login_verified(client, user)` is `client.force_login` plus a confirmed authenticator whose
verification is recorded in the session, as if the editor had typed a code. `current_code(device)`
is the code an authenticator app shows now (browser tests type it).
"""

from __future__ import annotations

import time

from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .services import sessions, two_factor


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=two_factor.TOTP_DEVICE_NAME, confirmed=True)
    return device


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return str(code).zfill(device.digits)


def login_verified(client: Client, user: AbstractBaseUser) -> TOTPDevice:
    client.force_login(user)
    device = confirmed_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    sessions.mark_login(session, time.time())
    session.save()
    return device


def fresh_code(device: TOTPDevice) -> str:
    """A code the device has not accepted yet (a code is good once).

    When this time step's code was used, the next step's is given: the device accepts codes within
    its tolerance of one step either side, so no test waits for the clock.
    """
    device.refresh_from_db()
    step_now = int((time.time() - device.t0) // device.step)
    step = max(step_now, device.last_t + 1)
    if step > step_now + device.tolerance:
        raise AssertionError(f"device {device.pk} gave {step - step_now} codes ahead: use another device")
    clock = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    clock.time = device.t0 + step * device.step
    return str(clock.token()).zfill(device.digits)


def browser_log_in(page, base_url: str, username: str, password: str, device: TOTPDevice) -> None:
    """The admin's login as an editor does it in a browser: password, then the authenticator's code.

    Each step waits for its page's HTML, not for every image and script of it ("load"): the
    admin's pages load a good deal, and a loaded machine running the suite in parallel is slow.
    """
    page.goto(f"{base_url}/admin/login/", wait_until="domcontentloaded")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").first.click()
    _arrive(page, "**/admin/tai-khoan/xac-thuc/**")
    page.fill("#id_code", fresh_code(device))
    page.locator("form button[type=submit]").first.click()
    _arrive(page, f"{base_url}/admin/")


def _arrive(page, url: str) -> None:
    try:
        page.wait_for_url(url, wait_until="domcontentloaded", timeout=60_000)
    except Exception as error:
        text = page.locator("body").inner_text(timeout=5_000)[:500]
        raise AssertionError(f"expected {url}, still at {page.url}: {text}") from error
