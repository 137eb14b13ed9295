"""Kept SQLite connections are dropped when the file they opened is no longer the one at the path."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from toasoan.operations.sqlite.base import DatabaseWrapper


def _wrapper(path: Path) -> DatabaseWrapper:
    settings = {
        "ENGINE": "toasoan.operations.sqlite",
        "NAME": path,
        "OPTIONS": {},
        "CONN_MAX_AGE": None,
        "CONN_HEALTH_CHECKS": True,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    return DatabaseWrapper(settings, alias="kept")


@pytest.fixture(autouse=True)
def _own_database(django_db_blocker):
    # These tests open their own files, never the test database.
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (v TEXT)")
        db.execute("INSERT INTO t VALUES ('cũ')")
    return path


def _value(wrapper: DatabaseWrapper) -> str:
    wrapper.close_if_health_check_failed()
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT v FROM t")
        return cursor.fetchone()[0]


def test_a_kept_connection_is_reused_while_the_file_is_the_same(database):
    wrapper = _wrapper(database)
    try:
        assert _value(wrapper) == "cũ"
        first = wrapper.connection
        wrapper.health_check_done = False  # a new request
        assert wrapper.is_usable()
        assert _value(wrapper) == "cũ"
        assert wrapper.connection is first
    finally:
        wrapper.close()


def test_a_replaced_file_is_read_through_a_new_connection(database, tmp_path):
    wrapper = _wrapper(database)
    try:
        assert _value(wrapper) == "cũ"
        first = wrapper.connection
        restored = tmp_path / "restored.sqlite3"
        shutil.copy(database, restored)
        with sqlite3.connect(restored) as db:
            db.execute("UPDATE t SET v = 'khôi phục'")
        restored.replace(database)  # what a restore or a copy put in place does
        wrapper.health_check_done = False
        assert not wrapper.is_usable()
        assert _value(wrapper) == "khôi phục"
        assert wrapper.connection is not first
    finally:
        wrapper.close()


@pytest.mark.parametrize("damage", ["deleted", "not-writable"], ids=["deleted", "not-writable"])
def test_a_file_gone_or_locked_down_is_not_usable(database, monkeypatch, damage):
    wrapper = _wrapper(database)
    try:
        assert _value(wrapper) == "cũ"
        if damage == "deleted":
            database.unlink()
        else:
            # Root reads and writes whatever the mode bits say; the outage test drops those
            # privileges for real (test_unavailable.py), this one asks the same question the way
            # the kernel would answer a service user.
            monkeypatch.setattr("toasoan.operations.sqlite.base.os.access", lambda path, mode: False)
        assert not wrapper.is_usable()
    finally:
        wrapper.close()
