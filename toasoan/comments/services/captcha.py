"""The "Mã xác nhận": five digits in an image (django-simple-captcha) and in spoken Vietnamese.

Digits only, so nothing needs diacritics to type. A code is single-use: checking it deletes
it, right or wrong, and only the request that deleted it may pass. Codes expire after
CAPTCHA_TIMEOUT minutes.

A code is a database row, drawn only when a reader opens the form (never for reading an
article), and `issue` bounds them: each reader (hashed IP) may draw COMMENTS_CAPTCHA_PER_HOUR
codes an hour (services.ratelimit, shared by all processes), and every new code first removes
the expired ones, so the table holds about the codes of the last CAPTCHA_TIMEOUT minutes
rather than a day's worth until `purge_personal_data`.

Test mode (setting COMMENTS_CAPTCHA_TEST_MODE, from the environment variable
CAPTCHA_TEST_MODE=true) accepts the answer PASSED, as django-simple-captcha's own test mode
does; a system check refuses it when DEBUG is off (checks.py).
"""

from __future__ import annotations

import contextlib
import re
import secrets
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from captcha.models import CaptchaStore
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from toasoan.operations.services.unavailable import DATABASE_UNAVAILABLE

from . import clock, ratelimit

LENGTH = 5
TEST_MODE_ANSWER = "passed"
SPEECH_TIMEOUT_SECONDS = 10
#: How the digits are read out (Northern Vietnamese names of the digits).
DIGIT_NAMES = {
    "0": "không",
    "1": "một",
    "2": "hai",
    "3": "ba",
    "4": "bốn",
    "5": "năm",
    "6": "sáu",
    "7": "bảy",
    "8": "tám",
    "9": "chín",
}


class CaptchaError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


MESSAGES = {
    "required": _("Vui lòng nhập mã xác nhận."),
    "invalid": _("Mã xác nhận không đúng. Vui lòng nhập mã mới bên dưới."),
    "expired": _("Mã xác nhận đã hết hạn. Vui lòng nhập mã mới bên dưới."),
}


def numeric_challenge() -> tuple[str, str]:
    """CAPTCHA_CHALLENGE_FUNCT: (text drawn, expected answer) – five random digits."""
    code = "".join(secrets.choice("0123456789") for _ in range(LENGTH))
    return code, code


def test_mode() -> bool:
    return bool(getattr(settings, "COMMENTS_CAPTCHA_TEST_MODE", False))


class TooManyCodes(Exception):
    """The reader drew their share of codes for the hour; `retry_after` seconds until the next."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def new_key() -> str:
    """A fresh code; its key goes in the form, its image and audio are served by key."""
    return CaptchaStore.generate_key()


def remove_expired() -> int:
    removed, _ = CaptchaStore.objects.filter(expiration__lte=clock.now()).delete()
    return removed


def issue(ip_hash: str) -> str:
    """A new code for this reader; raises TooManyCodes past COMMENTS_CAPTCHA_PER_HOUR an hour."""
    decision = ratelimit.hit(ip_hash, ratelimit.CAPTCHA, ratelimit.captcha_limits())
    if not decision.allowed:
        raise TooManyCodes(decision.retry_after)
    try:
        with transaction.atomic():
            remove_expired()
            return new_key()
    except DATABASE_UNAVAILABLE:
        # No code was made: it does not count. (With the database down, that may fail too.)
        with contextlib.suppress(*DATABASE_UNAVAILABLE):
            ratelimit.release(decision.taken)
        raise


def clean_answer(answer: str) -> str:
    # Fullwidth digits (IMEs) count as digits; spaces readers put between them do not count.
    return "".join(unicodedata.normalize("NFKC", answer or "").split()).lower()


def verify(key: str, answer: str) -> None:
    """Check and consume a code; raises CaptchaError("invalid" | "expired" | "required")."""
    answer = clean_answer(answer)
    key = (key or "").strip()
    if key and not re.fullmatch(r"[0-9a-f]{40}", key):
        key = "x"  # not one of ours: refused below without a query on it
    if test_mode() and answer == TEST_MODE_ANSWER:
        if key:
            CaptchaStore.objects.filter(hashkey=key).delete()
        return
    if not answer:
        raise CaptchaError("required")
    if not key:
        raise CaptchaError("invalid")
    store = CaptchaStore.objects.filter(hashkey=key).only("pk", "response", "expiration").first()
    if store is None:
        raise CaptchaError("invalid")
    # Single use: whatever the answer, the code is gone; of two racing requests only the
    # one whose delete removed the row may pass.
    deleted, _ = CaptchaStore.objects.filter(pk=store.pk).delete()
    if not deleted:
        raise CaptchaError("invalid")
    if store.expiration <= clock.now():
        raise CaptchaError("expired")
    if not secrets.compare_digest(store.response, answer):
        raise CaptchaError("invalid")


def image_url(key: str) -> str:
    return reverse("comments:captcha_image", kwargs={"key": key})


def espeak_path() -> str | None:
    return shutil.which(getattr(settings, "COMMENTS_ESPEAK_NG", "espeak-ng"))


def audio_available() -> bool:
    return espeak_path() is not None


def audio_url(key: str) -> str | None:
    return reverse("comments:captcha_audio", kwargs={"key": key}) if audio_available() else None


def spoken_text(code: str) -> str:
    digits = ", ".join(DIGIT_NAMES[digit] for digit in code if digit in DIGIT_NAMES)
    return f"Mã xác nhận gồm {len(code)} chữ số. {digits}. Nhắc lại: {digits}."


def speak(key: str) -> bytes | None:
    """The code read out in Vietnamese as WAV, or None when the key is unknown or expired."""
    program = espeak_path()
    if program is None:
        return None
    store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=clock.now()).only("challenge").first()
    if store is None:
        return None
    with tempfile.TemporaryDirectory(prefix="toasoan-captcha-") as folder:
        out = Path(folder) / "ma.wav"
        # An argument list, no shell: the text is digits from our own table anyway.
        subprocess.run(  # noqa: S603
            [program, "-v", "vi", "-s", "120", "-g", "12", "-w", str(out), spoken_text(store.challenge)],
            check=True,
            capture_output=True,
            timeout=SPEECH_TIMEOUT_SECONDS,
        )
        return out.read_bytes()
