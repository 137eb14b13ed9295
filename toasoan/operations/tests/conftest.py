"""Fixtures for the operations tests: an article to comment on, a valid comment, real servers.

`ProductionServer` runs the app server as production does (deploy/app-server.sh, granian) on
a SQLite file of its own; `TcpProxy` stands between Django and PostgreSQL so a test can cut
the database away and bring it back.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import select
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from captcha.models import CaptchaStore

from toasoan.operations.testing import reserve_port

REPO = Path(__file__).resolve().parents[3]
MARK_NAME = "Nguyễn Văn Đánhdấu"
MARK_PHONE = "0912345678"
MARK_IP = "203.0.113.77"


@pytest.fixture
def article(make_section, make_article):
    section = make_section("Thời sự")
    return make_article(section, "Hà Nội mở rộng đường vành đai", published_at="16:20 16/09/2025")


def comment_data(article_id: int, **overrides: str) -> dict[str, str]:
    """A valid submission: a real code with its answer, a form shown 10 s ago."""
    from toasoan.comments.forms import sign_timestamp

    key = CaptchaStore.generate_key()
    data = {
        "name": "Trần Thị Bạn Đọc",
        "phone": "",
        "title": "Góp ý về tuyến đường",
        "content": "Đoạn qua chợ thường ùn tắc.\nMong thành phố sớm mở rộng.",
        "captcha_key": key,
        "captcha": CaptchaStore.objects.get(hashkey=key).response,
        "timestamp": sign_timestamp(article_id, time.time() - 10),
    }
    data.update(overrides)
    return data


def http_request(
    port: int, method: str, path: str, *, body: dict | None = None, headers: dict | None = None
) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = urllib.parse.urlencode(body) if body is not None else None
        all_headers = dict(headers or {})
        if payload is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
    finally:
        connection.close()


def without_file_privileges(command: list[str]) -> list[str]:
    """As root, file permissions bind nobody: drop the two capabilities that bypass them.

    Root then meets the permission bits as the files' owner, like the service user a real
    deployment runs as, so a file made unreadable or read-only really is.
    """
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("setpriv (util-linux) is missing: the outage test cannot drop root's file privileges")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}", "--", *command]


@dataclass
class ProductionServer:
    """granian through deploy/app-server.sh, production settings (static files from the apps)."""

    var_dir: Path
    secret_key: str
    port: int = field(default_factory=reserve_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    _log_file: Any = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG")}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "toasoan.operations.tests.server_settings",
                "PYTHONPATH": str(REPO),
                "SECRET_KEY": self.secret_key,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "HTTPS": "false",
                "TOASOAN_VAR_DIR": str(self.var_dir),
                "PAGE_CACHE": "false",
                "EDITORIAL_SAFETY_NET_SECONDS": "0",
                "LOG_LEVEL": "WARNING",
                "APP_SERVER": "granian",
                "WEB_BIND": f"127.0.0.1:{self.port}",
                "WEB_WORKERS": "1",
                "WEB_THREADS": "2",
                "VENV": str(REPO / ".venv"),
            }
        )
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 60) -> None:
        self._log_file = open(self.var_dir / "server.log", "ab")  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(  # noqa: S603
            without_file_privileges(["bash", str(REPO / "deploy" / "app-server.sh")]),
            cwd=REPO,
            env=self.env(),
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=self._log_file,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app server exited: {self.log()}")
            with contextlib.suppress(OSError):
                http_request(self.port, "GET", "/robots.txt")
                return
            time.sleep(0.2)
        raise RuntimeError(f"the app server did not answer in {timeout} s: {self.log()}")

    def log(self) -> str:
        path = self.var_dir / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # our own process group only
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


class TcpProxy:
    """127.0.0.1:<port> → target, until `cut()`: then every connection drops and new ones are refused."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = reserve_port()
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        thread.start()
        self._threads.append(thread)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed: cut
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            thread = threading.Thread(target=self._pump, args=(client, upstream), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while True:
                readable, _, _ = select.select([a, b], [], [], 0.5)
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (b if source is a else a).sendall(data)
        except (OSError, ValueError):
            return
        finally:
            for sock in (a, b):
                with contextlib.suppress(OSError):
                    sock.close()

    def cut(self) -> None:
        if self._listener is not None:
            # shutdown() first: a close() alone leaves the accept() blocked in the other thread
            # holding the socket open, and the next connection would still be accepted.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def stop(self) -> None:
        self.cut()
        for thread in self._threads:
            thread.join(timeout=5)
