"""Error pages: Vietnamese, the right status, and nothing of the failure or the settings with DEBUG off."""

from __future__ import annotations

import pytest
from django.test import Client

LEAKS = ("Traceback", "secret detail", "hidden reason", "hunter2", "SECRET_KEY", "test-only-key", "/thu/")


@pytest.fixture
def failing_client(settings, db):
    settings.ROOT_URLCONF = "toasoan.accounts.tests.urls"
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/thu/400/", 400, "Yêu cầu không hợp lệ"),
        ("/thu/403/", 403, "Không có quyền truy cập"),
        ("/thu/500/", 500, "Hệ thống đang gặp sự cố"),
        # A database outage is a 503 (toasoan.operations), not a 500: the reader may retry.
        ("/thu/db/", 503, "Hệ thống tạm thời gián đoạn"),
        ("/thu/503/", 503, "Hệ thống tạm thời gián đoạn"),
    ],
    ids=["400", "403", "500", "database-error", "503"],
)
def test_forced_failures_show_the_vietnamese_page(failing_client, path, status, heading):
    response = failing_client.get(path)
    html = response.content.decode()
    assert response.status_code == status
    assert f">{heading}</h1>" in html
    assert '<html lang="vi">' in html
    for leak in LEAKS:
        assert leak not in html


def test_not_found_is_the_portal_page(failing_client, home):
    response = failing_client.get("/thu/khong-co-gi/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and "Traceback" not in html


def test_csrf_failure_is_vietnamese_and_says_no_reason(settings, db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in html
    assert "CSRF" not in html and "cookie not set" not in html


@pytest.mark.parametrize("template", ["500.html", "503.html", "429.html", "400.html", "403.html"])
def test_standalone_pages_render_without_the_database(template, django_assert_num_queries, db):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        html = render_to_string(template, {"site_name": "Cổng thông tin thử"})
    assert '<html lang="vi">' in html and "<h1" in html


def test_503_asks_to_come_back(failing_client):
    response = failing_client.get("/thu/503/")
    assert response["Retry-After"] == "30"


def test_rate_limited_audio_uses_the_429_page(client, db, monkeypatch):
    from toasoan.comments.services import captcha, ratelimit

    monkeypatch.setattr(captcha, "audio_available", lambda: True)
    monkeypatch.setattr(ratelimit, "counted", lambda *args: False)
    response = client.get(f"/binh-luan/ma-xac-nhan/nghe/{'a' * 40}/")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    html = response.content.decode()
    assert ">Quá nhiều yêu cầu</h1>" in html and "Bạn đã nghe mã quá nhiều lần" in html


def test_handlers_are_ours():
    from toasoan import urls

    assert (urls.handler400, urls.handler403, urls.handler404, urls.handler500) == (
        "toasoan.views.bad_request",
        "toasoan.views.permission_denied",
        "toasoan.views.page_not_found",
        "toasoan.views.server_error",
    )
