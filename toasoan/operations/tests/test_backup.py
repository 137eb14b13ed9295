"""Backups taken while a thread keeps writing restore whole: integrity, counts, no gap, media.

SQLite always (the online backup API); PostgreSQL with pg_dump -Fc and pg_restore when they
are installed (.ci/run installs them with the server). Each leg tests its own engine.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections

from toasoan.comments.models import Comment
from toasoan.operations.services import backup
from toasoan.operations.services.backup import BackupError, Database

WRITER_PREFIX = "writer-"


class Writer(threading.Thread):
    """Stores one captcha code after another (what every form view does) until told to stop."""

    def __init__(self, write_one) -> None:
        super().__init__(daemon=True)
        self.write_one = write_one
        self.count = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self.write_one(self.count)
                self.count += 1
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error

    def wait_for(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.count < count and time.monotonic() < deadline and self.error is None:
            time.sleep(0.01)
        assert self.error is None, self.error
        assert self.count >= count, f"the writer wrote {self.count} rows in {timeout} s"

    def finish(self) -> int:
        self.stop.set()
        self.join(timeout=30)
        assert self.error is None, self.error
        return self.count


def _media(root: Path) -> dict[str, bytes]:
    files = {
        "original_images/anh-bia.jpg": secrets.token_bytes(40_000),
        "documents/van-ban-so-12.pdf": b"%PDF-1.4 " + secrets.token_bytes(5_000),
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return files


def _writer_ids(rows: list[tuple[int, str]]) -> list[int]:
    return sorted(int(challenge.removeprefix(WRITER_PREFIX)) for _, challenge in rows)


def _sqlite_round_trip(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    backup.backup_sqlite(Database.default(), live)  # the migrated schema, as a file
    with contextlib.closing(sqlite3.connect(live)) as db:
        db.execute("PRAGMA journal_mode=WAL")
    media, restored_media = tmp_path / "media", tmp_path / "media-restored"
    files = _media(media)
    expiration = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    writer_db = sqlite3.connect(live, timeout=20, isolation_level=None, check_same_thread=False)

    def write_one(index: int) -> None:
        writer_db.execute(
            "INSERT INTO captcha_captchastore (challenge, response, hashkey, expiration) VALUES (?, ?, ?, ?)",
            (f"{WRITER_PREFIX}{index}", "12345", secrets.token_hex(20), expiration),
        )

    writer = Writer(write_one)
    writer.start()
    try:
        writer.wait_for(200)
        before = writer.count
        folder = backup.backup(
            database=Database("sqlite", str(live)), folder=tmp_path / "backups", media_root=media, keep=3
        )
        after = writer.count
        writer.wait_for(after + 200)  # still writing after the backup: it never blocked the writer
    finally:
        writer.finish()
        writer_db.close()
    manifest = backup.Manifest.read(folder)
    in_backup = manifest.rows["captcha_captchastore"]
    assert before <= in_backup <= after + 1, (before, in_backup, after)
    assert manifest.media_files == len(files)

    target = tmp_path / "restored.sqlite3"
    report = backup.restore(folder, database=Database("sqlite", str(target)), media_root=restored_media)
    assert report.mismatches == {}
    assert backup.sqlite_integrity(target) == "ok"
    with contextlib.closing(sqlite3.connect(target)) as db:
        rows = db.execute("SELECT id, challenge FROM captcha_captchastore").fetchall()
        comments = db.execute("SELECT count(*) FROM comments_comment").fetchone()[0]
    # One consistent moment: exactly the first N writes, none missing, none half-there.
    assert _writer_ids(rows) == list(range(in_backup))
    assert comments == manifest.rows["comments_comment"]
    for name, content in files.items():
        assert (restored_media / name).read_bytes() == content


def _pg_scratch_database(name: str, *, drop: bool = False) -> None:
    import psycopg

    settings_dict = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        autocommit=True,
    ) as admin:
        if drop:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            admin.execute(f'CREATE DATABASE "{name}"')


def _postgresql_round_trip(tmp_path: Path) -> None:
    for name in ("pg_dump", "pg_restore"):
        if shutil.which(name) is None:
            print(f"skipped: {name} is not installed (apt-get install postgresql-client)")
            pytest.skip(f"{name} is not installed (apt-get install postgresql-client)")
    from captcha.models import CaptchaStore

    media, restored_media = tmp_path / "media", tmp_path / "media-restored"
    files = _media(media)
    expiration = datetime.now(UTC) + timedelta(hours=1)

    def write_one(index: int) -> None:
        CaptchaStore.objects.create(
            challenge=f"{WRITER_PREFIX}{index}",
            response="12345",
            hashkey=secrets.token_hex(20),
            expiration=expiration,
        )

    def run_writer() -> None:
        try:
            Writer.run(writer)
        finally:
            connections.close_all()  # the thread's own connection

    writer = Writer(write_one)
    writer.run = run_writer
    writer.start()
    try:
        writer.wait_for(100)
        before = writer.count
        folder = backup.backup(
            database=Database.default(), folder=tmp_path / "backups", media_root=media, keep=3
        )
        after = writer.count
        writer.wait_for(after + 100)
    finally:
        writer.finish()
    manifest = backup.Manifest.read(folder)
    in_backup = manifest.rows["captcha_captchastore"]
    assert before <= in_backup <= after + 1, (before, in_backup, after)

    scratch = f"toasoan_restore_{secrets.token_hex(4)}"
    _pg_scratch_database(scratch)
    try:
        target = Database.from_settings({**connection.settings_dict, "NAME": scratch})
        report = backup.restore(folder, database=target, media_root=restored_media)
        assert report.mismatches == {}
        import psycopg

        with contextlib.closing(backup._pg_connect(target)) as db, db.cursor() as cursor:
            cursor.execute("SELECT id, challenge FROM captcha_captchastore")
            rows = cursor.fetchall()
            cursor.execute("SELECT count(*) FROM comments_comment")
            comments = cursor.fetchone()[0]
        assert isinstance(db, psycopg.Connection)
    finally:
        _pg_scratch_database(scratch, drop=True)
    assert _writer_ids(rows) == list(range(in_backup))
    assert comments == manifest.rows["comments_comment"]
    for name, content in files.items():
        assert (restored_media / name).read_bytes() == content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_under_concurrent_writes_restores_whole(article, tmp_path):
    """SQLite leg: the online backup API; PostgreSQL leg: pg_dump -Fc / pg_restore."""
    Comment.objects.create(page=article, name="Bạn đọc", title="Một", content="Hai", status="approved")
    if connection.vendor == "sqlite":
        _sqlite_round_trip(tmp_path)
    else:
        _postgresql_round_trip(tmp_path)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_commands_bring_back_the_moment_of_the_backup(article, settings, tmp_path, capsys):
    if connection.vendor == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        print("skipped: pg_dump/pg_restore are not installed")
        pytest.skip("pg_dump/pg_restore are not installed (apt-get install postgresql-client)")
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    files = _media(settings.MEDIA_ROOT)
    Comment.objects.create(page=article, name="Trước", title="Có trong bản sao", content="…")
    call_command("backup")
    assert "media files" in capsys.readouterr().out
    Comment.objects.create(page=article, name="Sau", title="Sau bản sao", content="…")
    (settings.MEDIA_ROOT / "original_images/anh-bia.jpg").write_bytes(b"ghi de")
    call_command("restore", "--yes")
    assert "integrity ok" in capsys.readouterr().out
    assert list(Comment.objects.values_list("name", flat=True)) == ["Trước"]
    assert (settings.MEDIA_ROOT / "original_images/anh-bia.jpg").read_bytes() == files[
        "original_images/anh-bia.jpg"
    ]


def test_prune_keeps_the_newest_complete_backups(tmp_path):
    for day in range(1, 6):
        (tmp_path / f"{backup.PREFIX}2025090{day}T010000000000Z").mkdir()
        (tmp_path / f"{backup.PREFIX}2025090{day}T010000000000Z" / backup.MANIFEST).write_text("{}")
    (tmp_path / ".partial-toasoan-20250906T010000000000Z").mkdir()  # an interrupted one: not counted
    removed = backup.prune(tmp_path, keep=2)
    assert [path.name.removeprefix(backup.PREFIX)[:8] for path in removed] == [
        "20250901",
        "20250902",
        "20250903",
    ]
    assert [path.name.removeprefix(backup.PREFIX)[:8] for path in backup.list_backups(tmp_path)] == [
        "20250904",
        "20250905",
    ]


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (None, "manifest.json is missing"),
        ('{"version": 1, "engine": "other", "created_at": "", "rows": {}}', "not"),
    ],
    ids=["incomplete", "other-engine"],
)
def test_restore_refuses_what_it_cannot_trust(tmp_path, manifest, message):
    folder = tmp_path / f"{backup.PREFIX}x"
    folder.mkdir()
    if manifest:
        (folder / backup.MANIFEST).write_text(manifest)
    with pytest.raises(BackupError, match=message):
        backup.restore(folder, database=Database("sqlite", str(tmp_path / "x.sqlite3")), media_root=tmp_path)


def test_a_damaged_sqlite_backup_is_refused(tmp_path):
    good = tmp_path / "good.sqlite3"
    with contextlib.closing(sqlite3.connect(good)) as db:
        db.execute("CREATE TABLE t (x)")
        db.executemany("INSERT INTO t VALUES (?)", [(secrets.token_hex(100),) for _ in range(500)])
        db.commit()
    data = bytearray(good.read_bytes())
    data[4096 : 4096 + 12] = b"\xff" * 12  # a torn page: the table's root page header
    good.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="integrity"):
        backup.restore_sqlite(good, Database("sqlite", str(tmp_path / "target.sqlite3")))
