"""Production's kept SQLite connections: reused while the file is as it was, all dropped once it changes."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from toasoan.operations.sqlite import base
from toasoan.operations.sqlite.base import DatabaseWrapper
from toasoan.operations.tests.conftest import without_file_privileges

REPO = Path(__file__).resolve().parents[3]


def _wrapper(path: Path, alias: str = "kept") -> DatabaseWrapper:
    settings = {
        "ENGINE": "toasoan.operations.sqlite",
        "NAME": path,
        "OPTIONS": {},
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    return DatabaseWrapper(settings, alias=alias)


@pytest.fixture(autouse=True)
def _own_database(django_db_blocker):
    # These tests open their own files, never the test database.
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db, db:  # closed, not only committed
        db.execute("CREATE TABLE t (v TEXT)")
        db.execute("INSERT INTO t VALUES ('cũ')")
    return path


def _request(wrapper: DatabaseWrapper) -> str:
    """What a request does with the connection: the check at its start, a query, the end and parking."""
    wrapper.close_if_unusable_or_obsolete()
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT v FROM t")
        value = cursor.fetchone()[0]
    wrapper.close_if_unusable_or_obsolete()
    wrapper.park()
    return value


def _replace(database: Path, value: str) -> None:
    """What `manage.py restore` or a copy put in place does: another file at the same path."""
    copy = database.with_name("restored.sqlite3")
    shutil.copy(database, copy)
    with contextlib.closing(sqlite3.connect(copy)) as db, db:
        db.execute("UPDATE t SET v = ?", (value,))
    copy.replace(database)


class Owner:
    """A thread owning one wrapper, as each app server thread owns its Django connection."""

    def __init__(self, database: Path, alias: str) -> None:
        self.tasks: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._serve, args=(database, alias), daemon=True)
        self.thread.start()
        self.run(lambda: None)  # the thread has made its wrapper
        self.wrapper: DatabaseWrapper = self._wrapper

    def _serve(self, database: Path, alias: str) -> None:
        self._wrapper = _wrapper(database, alias)
        while (task := self.tasks.get()) is not None:
            function, answer = task
            try:
                answer.put((True, function()))
            except BaseException as error:  # handed to the test's thread
                answer.put((False, error))

    def run(self, function):
        answer: queue.Queue = queue.Queue()
        self.tasks.put((function, answer))
        ok, value = answer.get(timeout=10)
        if not ok:
            raise value
        return value

    def start(self, function) -> queue.Queue:
        answer: queue.Queue = queue.Queue()
        self.tasks.put((function, answer))
        return answer

    def stop(self) -> None:
        self.run(self.wrapper.close)
        self.tasks.put(None)
        self.thread.join(10)


def test_a_kept_connection_serves_the_next_request(database):
    wrapper = _wrapper(database)
    try:
        assert _request(wrapper) == "cũ"
        first = wrapper.connection
        assert first is not None
        assert _request(wrapper) == "cũ"
        assert wrapper.connection is first
    finally:
        wrapper.close()


def test_a_replaced_file_is_read_through_a_new_connection(database):
    wrapper = _wrapper(database)
    try:
        assert _request(wrapper) == "cũ"
        first = wrapper.connection
        _replace(database, "khôi phục")
        assert _request(wrapper) == "khôi phục"
        assert wrapper.connection is not first
    finally:
        wrapper.close()


def test_the_first_thread_to_see_a_change_closes_the_parked_connections_of_the_others(database):
    idle, busy, seeing = (Owner(database, alias) for alias in ("idle", "busy", "seeing"))
    try:
        assert idle.run(lambda: _request(idle.wrapper)) == "cũ"
        assert idle.wrapper.connection is not None  # kept, parked between two requests
        assert seeing.run(lambda: _request(seeing.wrapper)) == "cũ"
        in_request, finish = threading.Event(), threading.Event()

        def long_request() -> str:
            busy.wrapper.close_if_unusable_or_obsolete()
            with busy.wrapper.cursor() as cursor:
                cursor.execute("SELECT v FROM t")
                in_request.set()
                finish.wait(10)
                cursor.execute("SELECT v FROM t")  # nobody closed it under the request
                value = cursor.fetchone()[0]
            busy.wrapper.close_if_unusable_or_obsolete()  # the end of that request
            busy.wrapper.park()
            return value

        answer = busy.start(long_request)
        assert in_request.wait(10)

        database.chmod(0o700)  # the permissions change (the first look made them 0o600)
        assert seeing.run(lambda: _request(seeing.wrapper)) == "cũ"
        assert idle.wrapper.connection is None  # closed by the thread that saw the change
        assert busy.wrapper.connection is not None  # inside a request: left to its owner
        finish.set()
        assert answer.get(timeout=10) == (True, "cũ")
        assert busy.wrapper.connection is None  # its owner dropped it when the request ended
        assert seeing.wrapper.connection is not None  # opened after the change: kept
        assert idle.run(lambda: _request(idle.wrapper)) == "cũ"  # and the idle thread reconnects
    finally:
        for owner in (idle, busy, seeing):
            owner.stop()


def test_a_connection_opened_while_the_file_cannot_be_written_is_not_kept(database, monkeypatch):
    wrapper = _wrapper(database)
    try:
        # Root reads and writes whatever the mode bits say; the outage test drops those privileges
        # for real (test_unavailable.py), this one asks the question the way the kernel would
        # answer a service user.
        monkeypatch.setattr(base.os, "access", lambda path, mode: False)
        assert _request(wrapper) == "cũ"
        assert wrapper.connection is None
        monkeypatch.undo()
        assert _request(wrapper) == "cũ"
        assert wrapper.connection is not None
    finally:
        wrapper.close()


def test_a_connection_that_met_a_database_error_is_not_kept(database):
    wrapper = _wrapper(database)
    try:
        assert _request(wrapper) == "cũ"
        wrapper.close_if_unusable_or_obsolete()
        with pytest.raises(Exception, match="no such table"), wrapper.cursor() as cursor:
            cursor.execute("SELECT v FROM absent")
        assert wrapper.errors_occurred
        wrapper.close_if_unusable_or_obsolete()
        assert wrapper.connection is None
    finally:
        wrapper.close()


def test_production_keeps_sqlite_connections_through_this_backend():
    code = (
        "import toasoan.settings.production as p; d = p.DATABASES['default'];"
        "print(d['ENGINE'], d['CONN_MAX_AGE'])"
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", code],
        cwd=REPO,
        env={
            "PATH": "/usr/bin:/bin",
            "SECRET_KEY": "k" * 50,
            "ALLOWED_HOSTS": "tin.example.vn",
            "SQLITE_CONN_MAX_AGE": "120",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["toasoan.operations.sqlite", "120"]


def _as_a_service_user(path, mode):
    """os.access as the kernel answers the file's owner without root's privileges: the mode bits."""
    bits = os.stat(path).st_mode
    wanted = (os.R_OK, 0o400), (os.W_OK, 0o200)
    return all(bits & bit for flag, bit in wanted if mode & flag)


def test_side_files_left_read_only_are_made_writable_when_the_file_is(database, monkeypatch):
    monkeypatch.setattr(base.os, "access", _as_a_service_user)
    shm, wal = Path(f"{database}-shm"), Path(f"{database}-wal")
    for side in (shm, wal):
        side.write_bytes(b"")
        side.chmod(0o444)  # what SQLite creates during a read-only spell with no connection open
    base.observe(str(database))
    # The database's own mode, which its first look made owner-only.
    assert (shm.stat().st_mode & 0o777, wal.stat().st_mode & 0o777) == (0o600, 0o600)


SPELL = """
import contextlib, os, sqlite3, sys
from toasoan.operations.sqlite.base import observe
path, repair = sys.argv[1], sys.argv[2] == "repair"
with contextlib.closing(sqlite3.connect(path)) as db:
    db.execute("PRAGMA journal_mode=WAL")
os.chmod(path, 0o444)
observe(path)
db = sqlite3.connect(path)
db.execute("SELECT count(*) FROM t").fetchone()  # a reader during the spell, alone
db.close()
os.chmod(path, 0o644)
if repair:
    observe(path)
db = sqlite3.connect(path)
try:
    db.execute("INSERT INTO t VALUES ('mới')")
    db.commit()
    print("written")
except sqlite3.OperationalError as error:
    print(error)
"""


@pytest.mark.parametrize("repair", ["repair", "no-repair"], ids=["observed", "not-observed"])
def test_a_read_only_spell_does_not_leave_the_database_unwritable(database, repair):
    # A real service user (root without its file privileges): the bug needs the kernel's answer.
    result = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        without_file_privileges([sys.executable, "-c", SPELL, str(database), repair]),
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # Without the repair the file is writable again and every write still fails: what it is for.
    expected = "written" if repair == "repair" else "attempt to write a readonly database"
    assert result.stdout.strip() == expected
