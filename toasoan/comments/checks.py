"""System checks: the captcha's test mode never runs with DEBUG off."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error
from django.core.checks import register as register_check


def captcha_test_mode_check(app_configs=None, **kwargs) -> list[Error]:
    if getattr(settings, "COMMENTS_CAPTCHA_TEST_MODE", False) and not settings.DEBUG:
        return [
            Error(
                "CAPTCHA_TEST_MODE=true while DEBUG is off: the comment form's captcha accepts "
                "the answer PASSED from anyone.",
                hint="Unset CAPTCHA_TEST_MODE; it is for automated tests only.",
                id="comments.E001",
            )
        ]
    return []


def register() -> None:
    register_check(captcha_test_mode_check, deploy=False)
