"""Settings come from the environment through one helper, and production refuses to start unsafely."""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats

from toasoan.settings import env

REPO = Path(__file__).resolve().parents[3]


def _run_production(env_vars: dict[str, str]) -> subprocess.CompletedProcess:
    """Import production settings in a clean interpreter with exactly these variables."""
    return subprocess.run(
        [sys.executable, "-c", "import toasoan.settings.production"],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", **env_vars},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env_vars", "message"),
    [
        ({}, "SECRET_KEY is required"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS is required"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "a.vn"}, "at least 40 characters"),
    ],
    ids=["no-secret", "no-hosts", "weak-secret"],
)
def test_production_refuses_to_start_without_secrets(env_vars, message):
    result = _run_production(env_vars)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_its_secrets():
    result = _run_production({"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "tin.example.vn"})
    assert result.returncode == 0, result.stderr


def test_env_example_lists_every_variable():
    for module in ("base", "dev", "test", "production"):
        # Production without secrets refuses, but only after declaring its variables.
        with contextlib.suppress(ImproperlyConfigured):
            importlib.import_module(f"toasoan.settings.{module}")
    documented = set(
        re.findall(r"^([A-Z_]+)=", (REPO / ".env.example").read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert set(env.DECLARED) <= documented, f"missing from .env.example: {set(env.DECLARED) - documented}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("1", True), ("off", False), ("", False)],
    ids=["true", "one", "off", "empty"],
)
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("TOASOAN_T", raw)
    assert env.env_bool("TOASOAN_T") is expected


def test_env_bool_rejects_junk(monkeypatch):
    monkeypatch.setenv("TOASOAN_T", "maybe")
    with pytest.raises(ImproperlyConfigured, match="TOASOAN_T"):
        env.env_bool("TOASOAN_T")


def test_env_list(monkeypatch):
    monkeypatch.setenv("TOASOAN_T", " a.vn, b.vn ,,")
    assert env.env_list("TOASOAN_T") == ["a.vn", "b.vn"]


def test_vietnamese_locale_and_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("05/09/2020", (2020, 9, 5)), ("16/09/2020", (2020, 9, 16))],
    ids=["ambiguous-day-first", "unambiguous"],
)
def test_date_input_is_day_first(text, expected):
    from django import forms

    value = forms.DateField().clean(text)
    assert (value.year, value.month, value.day) == expected


def test_portal_datetime_parses_and_formats():
    from django import forms

    value = forms.DateTimeField().clean("16:20 16/09/2020")
    assert value.isoformat() == "2020-09-16T16:20:00+07:00"
    assert formats.date_format(value, "DATETIME_FORMAT") == "16:20 16/09/2020"


def test_each_test_process_removes_its_media_folder_when_it_exits():
    code = "import django; django.setup(); from django.conf import settings; print(settings.MEDIA_ROOT)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "toasoan.settings.test"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, timeout=60
    )
    folder = Path(done.stdout.strip().splitlines()[-1])
    assert folder.name.startswith("toasoan-test-media-")
    assert not folder.exists()
