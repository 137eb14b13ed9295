"""The database goes away: readers get a 503 page in Vietnamese with Retry-After, a comment being
sent comes back with every word kept, nothing is half-written, and service resumes by itself.

The real outages: on SQLite the database file of a production app server (granian) is made
unreadable, then read-only, then given back; on PostgreSQL the connection goes through a TCP
proxy that the test cuts (every connection dropped, new ones refused) and restores. The other
tests fail queries at the connection (Django's execute_wrapper) to reach every page type and
the one statement that stores a comment.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import sqlite3
import stat
import time
from pathlib import Path

import pytest
from django.core import signing
from django.db import OperationalError, connection, transaction
from django.test import Client

from toasoan.comments.forms import TIMESTAMP_SALT
from toasoan.comments.models import Comment
from toasoan.operations.services import backup as backup_service
from toasoan.operations.services import unavailable

from .conftest import ProductionServer, TcpProxy, comment_data, http_request

UNAVAILABLE_TITLE = "Hệ thống tạm thời gián đoạn"
KEPT_MESSAGE = "Nội dung của bạn vẫn còn"


def _refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("unable to open database file (test: the database is down)")


def _refuse_comment_insert(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith("INSERT") and "comments_comment" in sql:
        raise OperationalError("disk I/O error (test: the database failed while storing)")
    return execute(sql, params, many, context)


def assert_unavailable_page(response) -> None:
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert UNAVAILABLE_TITLE in body and '<html lang="vi">' in body
    assert "Traceback" not in body and "OperationalError" not in body


def assert_text_kept(body: str, data: dict[str, str]) -> None:
    assert KEPT_MESSAGE in body
    assert f'value="{data["name"]}"' in body
    assert f'value="{data["title"]}"' in body
    assert data["content"] in body  # the textarea's text


@pytest.fixture
def pages(article):
    """Every kind of public page, each needing the database."""
    article.tags.add("giao thông")
    article.save_revision().publish()
    return {
        "home": "/",
        "section": article.get_parent().url,
        "article": article.url,
        "print": f"{article.url}in/",
        "tag": "/chu-de/giao-thong/",
        "search": "/tim-kiem/?q=ha+noi",
        "feed": "/rss/",
        "sitemap": "/sitemap.xml",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind", ["home", "section", "article", "print", "tag", "search", "feed", "sitemap"], ids=str
)
def test_every_page_is_a_vietnamese_503_while_the_database_is_down(client, pages, kind):
    assert client.get(pages[kind]).status_code == 200
    with connection.execute_wrapper(_refuse_every_query):
        response = client.get(pages[kind])
    assert_unavailable_page(response)
    assert client.get(pages[kind]).status_code == 200  # back by itself


@pytest.mark.django_db
def test_json_and_script_requests_get_a_503_they_can_read(client, article):
    with connection.execute_wrapper(_refuse_every_query):
        found = client.get("/tim-kiem.json?q=ha+noi")
        fragment = client.get(
            f"/binh-luan/form/{article.pk}/", headers={"X-Requested-With": "XMLHttpRequest"}
        )
    assert found.status_code == 503 and found["Retry-After"] == "30"
    assert found.json()["error"].startswith("Hệ thống đang tạm thời gián đoạn")
    assert fragment.status_code == 503 and fragment["Retry-After"] == "30"
    body = fragment.content.decode()
    assert "<html" not in body and 'role="alert"' in body and "gián đoạn" in body


class FailingMiddleware:
    """Stands for a middleware that queries (the publishing safety net, sessions in the database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("server closed the connection unexpectedly (test)")


@pytest.mark.django_db
def test_an_outage_inside_another_middleware_is_a_503_not_a_500(settings, home):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "toasoan.operations.tests.test_unavailable.FailingMiddleware",
    ]
    response = Client(raise_request_exception=False).get("/")
    assert_unavailable_page(response)


@pytest.mark.django_db
def test_a_bug_stays_a_500(settings, home):
    """Only outages are 503: a ProgrammingError is a bug, and must not hide behind "try later"."""
    from django.db import ProgrammingError

    def broken(execute, sql, params, many, context):
        raise ProgrammingError("no such column (test)")

    with connection.execute_wrapper(broken):
        response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500 and "Retry-After" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("fragment", [False, True], ids=["page", "script"])
def test_comment_failing_to_store_keeps_the_text_and_writes_nothing(settings, client, article, fragment):
    settings.COMMENTS_RATE_LIMIT_SECONDS = 15
    data = comment_data(article.pk)
    headers = {"X-Requested-With": "XMLHttpRequest"} if fragment else {}
    with connection.execute_wrapper(_refuse_comment_insert):
        response = client.post(f"/binh-luan/viet/{article.pk}/", data, headers=headers)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert_text_kept(response.content.decode(), data)
    assert Comment.objects.count() == 0
    # The refused comment took no rate-limit slot: the same reader sends it again at once.
    again = client.post(f"/binh-luan/viet/{article.pk}/", comment_data(article.pk), headers=headers)
    assert again.status_code in (200, 303)
    assert list(Comment.objects.values_list("name", flat=True)) == [data["name"]]


@pytest.mark.django_db
@pytest.mark.parametrize("fragment", [False, True], ids=["page", "script"])
def test_comment_sent_while_the_database_is_down_comes_back_whole(client, article, fragment):
    data = comment_data(article.pk)
    headers = {"X-Requested-With": "XMLHttpRequest"} if fragment else {}
    # The savepoint stands for autocommit: a failed statement marks the test's transaction broken.
    with transaction.atomic(), connection.execute_wrapper(_refuse_every_query):
        response = client.post(f"/binh-luan/viet/{article.pk}/", data, headers=headers)
    body = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert_text_kept(body, data)
    assert "Chưa tạo được mã xác nhận" in body  # no code could be drawn; the button asks for one
    assert Comment.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# Real outages


def _form_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', html))


def _sqlite_outage(article, tmp_path: Path) -> None:
    """A production app server on its own SQLite file; the file becomes unreadable, read-only, fine."""
    database = tmp_path / "toasoan.sqlite3"
    backup_service.backup_sqlite(backup_service.Database.default(), database)
    secret = secrets.token_urlsafe(50)
    server = ProductionServer(var_dir=tmp_path, secret_key=secret)
    try:
        server.start()
        status, _, _ = http_request(server.port, "GET", article.url)
        assert status == 200, server.log()
        status, headers, html = http_request(server.port, "GET", f"/binh-luan/viet/{article.pk}/")
        assert status == 200, server.log()
        fields = _form_fields(html)
        cookie = headers["set-cookie"].split(";", 1)[0]
        with contextlib.closing(sqlite3.connect(database)) as db:
            answer = db.execute(
                "SELECT response FROM captcha_captchastore WHERE hashkey = ?", (fields["captcha_key"],)
            ).fetchone()[0]
        data = {
            **comment_data(article.pk),
            "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
            "captcha_key": fields["captcha_key"],
            "captcha": answer,
            # Signed with the server's key, as if shown 10 s ago (the form's minimum age is 3 s).
            "timestamp": signing.dumps(
                {"a": article.pk, "t": int(time.time()) - 10}, key=secret, salt=TIMESTAMP_SALT
            ),
        }
        post_headers = {"Cookie": cookie, "Referer": f"http://127.0.0.1:{server.port}/"}
        write = f"/binh-luan/viet/{article.pk}/"

        def stored() -> int:
            with contextlib.closing(sqlite3.connect(database)) as db:
                return db.execute("SELECT count(*) FROM comments_comment").fetchone()[0]

        for mode, label in ((0, "unreadable"), (stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH, "read-only")):
            database.chmod(mode)
            status, headers, body = http_request(server.port, "POST", write, body=data, headers=post_headers)
            assert status == 503, (label, status, body[:500], server.log())
            assert headers["retry-after"] == "30", label
            assert_text_kept(body, data)
            status, headers, body = http_request(server.port, "GET", article.url)
            if label == "unreadable":
                assert status == 503 and UNAVAILABLE_TITLE in body and headers["retry-after"] == "30", body[
                    :500
                ]
            else:
                assert status == 200, (label, status)  # reading a read-only database still works
            database.chmod(0o644)
            assert stored() == 0, label  # nothing half-written
        # The file is back: the next requests are served, the same form is accepted.
        status, _, _ = http_request(server.port, "GET", article.url)
        assert status == 200
        status, _, body = http_request(server.port, "POST", write, body=data, headers=post_headers)
        if status != 303:  # pytest.fail: an assertion's message would be cut in the middle
            pytest.fail(f"after the outage the comment got {status}; the server's log:\n{server.log()}")
        assert stored() == 1
        assert "500 Internal" not in server.log() and "Traceback" not in server.log()
    finally:
        server.stop()
        with contextlib.suppress(OSError):
            database.chmod(0o644)
    assert backup_service.sqlite_integrity(database) == "ok"


def _postgresql_outage(article) -> None:
    """Django's connection goes through a proxy; cutting it is the server going away."""
    original = dict(connection.settings_dict)
    proxy = TcpProxy(original["HOST"] or "127.0.0.1", int(original["PORT"] or 5432))
    proxy.start()
    client = Client()
    try:
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(proxy.port))
        assert client.get(article.url).status_code == 200
        data = comment_data(article.pk)

        proxy.cut()
        assert_unavailable_page(client.get(article.url))
        response = client.post(f"/binh-luan/viet/{article.pk}/", data)
        assert response.status_code == 503 and response["Retry-After"] == "30"
        assert_text_kept(response.content.decode(), data)
        assert_unavailable_page(client.get("/"))

        proxy.start()  # the database is back: nobody restarts anything
        assert client.get(article.url).status_code == 200
        assert client.post(f"/binh-luan/viet/{article.pk}/", data).status_code == 303
    finally:
        connection.close()
        connection.settings_dict.update(HOST=original["HOST"], PORT=original["PORT"])
        proxy.stop()
    assert list(Comment.objects.values_list("name", flat=True)) == [data["name"]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_outage_then_recovery(article, tmp_path):
    """SQLite leg: the file's permissions; PostgreSQL leg: the connection cut and restored."""
    if connection.vendor == "sqlite":
        _sqlite_outage(article, tmp_path)
    else:
        _postgresql_outage(article)


def test_outage_errors_are_recognized_through_their_causes():
    try:
        try:
            raise OperationalError("database is locked")
        except OperationalError as error:
            raise RuntimeError("while rendering") from error
    except RuntimeError as wrapped:
        assert unavailable.is_database_unavailable(wrapped)
    assert not unavailable.is_database_unavailable(ValueError("no"))
