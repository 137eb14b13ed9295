"""Two-factor authentication for everyone who can enter the admin (editors, moderators, admins).

A TOTP device (django-otp) is set up once: the editor scans a QR code (or types the secret) into
an authenticator app and confirms with one code, and then receives recovery codes (a django-otp
StaticDevice), each good for one login when the phone is lost. Every login afterwards needs the
password and then a current code or an unused recovery code.
"""

from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã dự phòng"


def requires_two_factor(user: AbstractBaseUser) -> bool:
    """Anyone who may use the admin must verify a second factor."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin"))


def is_verified(user: AbstractBaseUser) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def has_confirmed_totp(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device being set up (one per user; a new secret only when there is none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code: no image request, no inline style or script."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title="Mã QR cài đặt xác thực hai bước", svgclass="otp-qr", lineclass=None
    )


@transaction.atomic
def confirm_totp(request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the pending device with its first code; returns the new recovery codes, or None."""
    if device.confirmed or not device.verify_token(normalize(token)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # One authenticator per account: a new phone replaces the old one, and an unconfirmed attempt
    # from a second tab must not linger.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    django_otp.login(request, device)
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user: AbstractBaseUser, count: int | None = None) -> list[str]:
    """Replace the account's recovery codes; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count or settings.ACCOUNTS_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalize(token: str) -> str:
    """Codes as people type them: spaces and dashes dropped, letters lower-cased."""
    return "".join(ch for ch in (token or "") if ch.isalnum()).lower()


def verify(request: HttpRequest, token: str) -> Device | None:
    """A TOTP code or a recovery code (used up by this) for the logged-in user; marks the session.

    Six digits go to the authenticator device, anything else to the recovery codes, so a recovery
    code never counts as a failed TOTP attempt (django-otp slows a device down after failures).
    """
    user = request.user
    token = normalize(token)
    if not token:
        return None
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    with transaction.atomic():
        for device in model.objects.filter(user=user, confirmed=True).select_for_update():
            if device.verify_token(token):
                django_otp.login(request, device)
                return device
    return None


@transaction.atomic
def reset(user: AbstractBaseUser) -> None:
    """Remove the account's authenticator and recovery codes: its next login sets up a new one."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
