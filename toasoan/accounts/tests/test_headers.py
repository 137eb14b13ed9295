"""Security headers: strict CSP on public pages, the admin's documented exception, the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def _directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        name, *values = part.split()
        result[name] = values
    return result


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = "toasoan.accounts.tests.urls"


@pytest.mark.parametrize("path", ["/", "/tim-kiem/?q=ba", "/khong-co/"], ids=["home", "search", "not-found"])
def test_public_pages_have_a_strict_policy(client, home, path):
    response = client.get(path)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive] and "'unsafe-eval'" not in policy[directive]
    assert "Content-Security-Policy-Report-Only" not in response


def test_nonce_is_fresh_for_every_request(client, db, test_urls):
    nonces = []
    for _ in range(2):
        response = client.get("/thu/nonce/")
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in _directives(response["Content-Security-Policy"])["style-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1] and len(nonces[0]) >= 16


def test_a_page_with_a_nonce_is_never_stored_in_the_page_cache(client, db, test_urls, settings):
    settings.PAGE_CACHE_ENABLED = True
    first = client.get("/thu/nonce/")
    second = client.get("/thu/nonce/")
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]
    assert second.get("X-Toasoan-Cache") != "hit"


def test_admin_policy_is_enforced_strict_except_inline_and_reports_the_rest(client, db):
    response = client.get("/admin/login/")
    enforced = _directives(response["Content-Security-Policy"])
    assert enforced["object-src"] == ["'none'"] and enforced["base-uri"] == ["'none'"]
    assert enforced["frame-ancestors"] == ["'self'"]  # the page editor's preview frames the admin
    assert enforced["script-src"] == ["'self'", "'unsafe-inline'"]
    report_only = _directives(response["Content-Security-Policy-Report-Only"])
    assert report_only["script-src"] == ["'self'"] and report_only["style-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/", "/admin/login/"], ids=["public", "admin"])
def test_other_security_headers(client, home, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] in {"DENY", "SAMEORIGIN"}
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


TEMPLATES = sorted(
    [*PROJECT.glob("*/templates/**/*.html"), *(PROJECT / "templates").glob("**/*.html")],
    key=str,
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+=", re.I)
JS_URL = re.compile(r"href=\"javascript:", re.I)


def test_templates_found():
    assert len(TEMPLATES) > 30


@pytest.mark.parametrize(
    "pattern",
    [INLINE_SCRIPT, INLINE_STYLE, STYLE_ATTRIBUTE, EVENT_HANDLER, JS_URL],
    ids=["inline-script", "style-without-nonce", "style-attribute", "event-handler", "javascript-url"],
)
def test_no_template_has_what_the_policy_refuses(pattern):
    offenders = [
        f"{path.relative_to(PROJECT)}: {match.group(0)[:80]}"
        for path in TEMPLATES
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _without_nonces(policy: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: [v for v in values if not v.startswith("'nonce-")] for name, values in policy.items()}


def test_a_preview_may_be_framed_by_our_admin_and_the_page_by_no_one(
    client, make_section, make_article, django_user_model, otp_login
):
    """The editor's preview panel frames the page's preview: only our own origin may.

    Wagtail renders a preview through the public page's whole middleware chain, inside the admin:
    the public `frame-ancestors 'none'` and `DENY` used to reach the panel, and Chromium refused
    to show it. The page itself, served to a reader, still refuses every frame.
    """
    from django.test import Client
    from django.urls import reverse
    from wagtail.test.utils.form_data import querydict_from_html

    article = make_article(make_section("Thời sự"), "Tin xem trước")
    otp_login(client, django_user_model.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau"))
    edit_html = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    form = querydict_from_html(edit_html, form_id="page-edit-form")
    form.setdefault("body-count", "0")
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    assert client.post(preview_url, form).json()["is_valid"]

    for query in ({"in_preview_panel": "true", "mode": ""}, {"mode": ""}):
        preview = client.get(preview_url, query)
        assert preview.status_code == 200 and "Tin xem trước" in preview.content.decode()
        policy = _directives(preview["Content-Security-Policy"])
        assert policy["frame-ancestors"] == ["'self'"]
        assert preview["X-Frame-Options"] == "SAMEORIGIN"

    reader = Client().get(article.url)
    public = _directives(reader["Content-Security-Policy"])
    assert public["frame-ancestors"] == ["'none'"] and reader["X-Frame-Options"] == "DENY"
    # Apart from who may frame it, the preview keeps the public page's policy, not the admin's.
    assert _without_nonces(policy) == {**_without_nonces(public), "frame-ancestors": ["'self'"]}
    assert "Content-Security-Policy-Report-Only" not in preview
