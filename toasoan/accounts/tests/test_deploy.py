"""`manage.py check --deploy` with production settings: no warning, none silenced; cookies locked down."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def _production(tmp_path, *args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "toasoan.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "tin.example.gov.vn",
        "BASE_URL": "https://tin.example.gov.vn",
        # A production portal sends its workflow e-mails through a real server (mail.E001 otherwise).
        "EMAIL_HOST": "smtp.example.gov.vn",
        "TOASOAN_VAR_DIR": str(tmp_path),
        **(extra or {}),
    }
    # Our interpreter and arguments written in this file: nothing untrusted reaches the command.
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_check_deploy_is_clean(tmp_path):
    result = _production(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_cookies_and_transport(tmp_path):
    names = (
        "SESSION_COOKIE_SECURE SESSION_COOKIE_HTTPONLY SESSION_COOKIE_SAMESITE CSRF_COOKIE_SECURE "
        "CSRF_COOKIE_HTTPONLY CSRF_COOKIE_SAMESITE LANGUAGE_COOKIE_SECURE SECURE_HSTS_SECONDS "
        "SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_SSL_REDIRECT DEBUG SILENCED_SYSTEM_CHECKS"
    )
    script = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        f"values = {{k: getattr(s, k) for k in {names!r}.split()}}; "
        "values['csp'] = 'upgrade-insecure-requests' in s.SECURE_CSP; print(json.dumps(values))"
    )
    result = _production(tmp_path, "-c", script)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "DEBUG": False,
        "SILENCED_SYSTEM_CHECKS": [],
        "csp": True,
    }


def test_production_response_headers(tmp_path):
    """A request through the production stack over HTTPS (as nginx forwards it): HSTS and cookies."""
    script = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
call_command("migrate", verbosity=0)
# Hashed static names need collectstatic's manifest, which this test has no time to build.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="tin.example.gov.vn")
response = client.get("/admin/login/")
print(response.status_code)
print(response["Strict-Transport-Security"])
for name, morsel in response.cookies.items():
    print(name, bool(morsel["secure"]), bool(morsel["httponly"]), morsel["samesite"])
"""
    result = _production(tmp_path, "-c", script)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == "200"
    assert lines[1] == "max-age=31536000; includeSubDomains; preload"
    cookies = [line for line in lines[2:] if line]
    assert cookies, "the login page sets its CSRF cookie"
    assert all(line.endswith("True True Lax") for line in cookies), cookies
