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
from django_otp.oath import totp
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
