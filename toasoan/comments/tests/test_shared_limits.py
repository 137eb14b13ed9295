"""Two production app servers (granian, as deploy/app-server.sh runs it) on one database, no Redis.

A reader's limits are counted once for the machine, not once per worker process: of twelve
comments sent at the same moment, half to each server, exactly COMMENTS_RATE_LIMIT_PER_HOUR
are accepted; and captcha codes drawn on either server count against one hourly share.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import signing
from django.db import connection

from toasoan.comments.forms import TIMESTAMP_SALT
from toasoan.operations.services import backup as backup_service
from toasoan.operations.tests.conftest import ProductionServer, http_request

PER_HOUR = 5
CODES_PER_HOUR = 24
SENT = 12
SENDER = "203.0.113.10"
CODE_COLLECTOR = "203.0.113.20"


class ServerDatabase:
    """The database both servers use: a copy of the test database on SQLite, the test database itself
    on PostgreSQL; read here with plain SQL."""

    def __init__(self, folder: Path):
        self.sqlite_file: Path | None = None
        self.env: dict[str, str] = {}
        if connection.vendor == "sqlite":
            self.sqlite_file = folder / "toasoan.sqlite3"
            backup_service.backup_sqlite(backup_service.Database.default(), self.sqlite_file)
        else:
            s = connection.settings_dict
            self.env["DATABASE_URL"] = (
                f"postgres://{quote(s['USER'] or '', safe='')}:{quote(s['PASSWORD'] or '', safe='')}"
                f"@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
            )

    def value(self, sql: str, *params):
        if self.sqlite_file is not None:
            with contextlib.closing(sqlite3.connect(self.sqlite_file, timeout=30)) as db:
                return db.execute(sql, params).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchone()[0]


def _fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', html))


def _open_form(server: ProductionServer, article_id: int, reader: str) -> tuple[int, dict[str, str], str]:
    status, headers, html = http_request(
        server.port, "GET", f"/binh-luan/viet/{article_id}/", headers={"X-Forwarded-For": reader}
    )
    return status, headers, html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_app_servers_share_one_readers_limits(article, tmp_path):
    secret = secrets.token_urlsafe(50)
    database = ServerDatabase(tmp_path)
    env = {
        **database.env,
        "TRUSTED_PROXY_COUNT": "1",  # the reader's address comes in X-Forwarded-For, as behind nginx
        "COMMENTS_RATE_LIMIT_SECONDS": "0",
        "COMMENTS_RATE_LIMIT_PER_HOUR": str(PER_HOUR),
        "COMMENTS_CAPTCHA_PER_HOUR": str(CODES_PER_HOUR),
    }
    servers = [ProductionServer(var_dir=tmp_path, secret_key=secret, extra_env=env) for _ in range(2)]
    try:
        for server in servers:
            server.start()
        logs = servers[0].log

        # One reader opens twelve forms, half on each server, reading each code "from the image".
        forms = []
        for index in range(SENT):
            server = servers[index % 2]
            status, headers, html = _open_form(server, article.pk, SENDER)
            assert status == 200, (status, logs())
            fields = _fields(html)
            answer = database.value(
                "SELECT response FROM captcha_captchastore WHERE hashkey = ?", fields["captcha_key"]
            )
            forms.append(
                (
                    server,
                    {
                        "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
                        "name": "Trần Thị Bạn Đọc",
                        "title": f"Góp ý số {index + 1}",
                        "content": "Đoạn qua chợ thường ùn tắc.",
                        "captcha_key": fields["captcha_key"],
                        "captcha": answer,
                        # Signed with the servers' key, as if shown 10 s ago (the minimum is 3 s).
                        "timestamp": signing.dumps(
                            {"a": article.pk, "t": int(time.time()) - 10}, key=secret, salt=TIMESTAMP_SALT
                        ),
                    },
                    headers["set-cookie"].split(";", 1)[0],
                )
            )

        # …and sends all twelve at once.
        barrier = threading.Barrier(SENT)

        def send(form) -> int:
            server, data, cookie = form
            barrier.wait(timeout=60)
            status, _, _ = http_request(
                server.port,
                "POST",
                f"/binh-luan/viet/{article.pk}/",
                body=data,
                headers={
                    "Cookie": cookie,
                    "Referer": f"http://127.0.0.1:{server.port}/",
                    "X-Forwarded-For": SENDER,
                },
            )
            return status

        with ThreadPoolExecutor(SENT) as pool:
            statuses = list(pool.map(send, forms))
        accepted = statuses.count(303)
        assert sorted(statuses) == [303] * PER_HOUR + [429] * (SENT - PER_HOUR), (
            f"{accepted} of {SENT} accepted: {statuses}\n{logs()}"
        )
        assert database.value("SELECT count(*) FROM comments_comment") == PER_HOUR

        # Another reader draws codes on both servers in turn: the hourly share is one, not one each.
        drawn = [
            _open_form(servers[index % 2], article.pk, CODE_COLLECTOR) for index in range(CODES_PER_HOUR + 2)
        ]
        assert [status for status, _, _ in drawn] == [200] * CODES_PER_HOUR + [429, 429], logs()
        refused = drawn[-1][2]
        assert "Bạn đã lấy quá nhiều mã xác nhận" in refused and 'name="captcha_key"' not in refused
        assert drawn[-1][1]["retry-after"].isdigit()
        assert "Traceback" not in logs()
    finally:
        for server in servers:
            server.stop()
