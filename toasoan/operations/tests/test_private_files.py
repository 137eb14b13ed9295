"""What holds readers' phone numbers or signs sessions is readable by the app's own user only.

The SQLite database and its -wal and -shm, the backups and the generated secret key are made
through the code that makes them in production (production settings, `manage.py backup`,
`deploy/serve.sh`), under the common umask 022, with which a plain open() makes files 0644.
Whatever nginx (another user) serves from the same folder stays readable.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from toasoan.operations.services import backup
from toasoan.operations.services.backup import Database

REPO = Path(__file__).resolve().parents[3]
COMMON_UMASK = 0o022

# Production settings on a SQLite file in TOASOAN_VAR_DIR, as `make serve` and `manage.py migrate`
# open it; the -wal and -shm exist while the connection is open, so their modes are read then.
OPEN_AND_WRITE = """
import os, stat
import django
django.setup()
from django.db import connections
connection = connections["default"]
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS phone (number TEXT)")
    cursor.execute("INSERT INTO phone VALUES ('0912345678')")
name = os.fspath(connection.settings_dict["NAME"])
print(type(connection).__module__)
for suffix in ("", "-wal", "-shm"):
    print(oct(stat.S_IMODE(os.stat(name + suffix).st_mode)))
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_owner_only(*paths: Path) -> None:
    modes = {path.name: oct(mode(path)) for path in paths}
    assert all(mode(path) & 0o077 == 0 for path in paths), modes
    assert all(mode(path) & 0o600 == 0o600 for path in paths), modes  # and the app still reads them


@pytest.fixture
def common_umask():
    """The umask of a login shell or of systemd's services (022), whatever this process was given."""
    previous = os.umask(COMMON_UMASK)
    yield
    os.umask(previous)


def _production_open(var: Path) -> list[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "toasoan.settings.production",
            "SECRET_KEY": "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "HTTPS": "false",
            "TOASOAN_VAR_DIR": str(var),
        }
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", OPEN_AND_WRITE],
        cwd=REPO,
        env=env,
        umask=COMMON_UMASK,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_production_creates_its_sqlite_database_and_side_files_owner_only(tmp_path):
    var = tmp_path / "var"  # made by the settings
    engine, *modes = _production_open(var)
    assert engine == "toasoan.operations.sqlite.base"
    assert modes == ["0o600", "0o600", "0o600"]  # the database, -wal, -shm
    assert mode(var) == 0o755  # var/ itself: nginx walks it to static, media, baked pages


def test_a_database_others_could_read_is_made_owner_only_at_the_first_look(tmp_path):
    """A file made before, or by `make demo` (Django's plain backend), with a reader still on it."""
    database = tmp_path / "toasoan.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as demo:
        demo.execute("PRAGMA journal_mode=WAL")
        demo.execute("CREATE TABLE phone (number TEXT)")
        demo.execute("INSERT INTO phone VALUES ('0987654321')")
        demo.commit()
        sides = [Path(f"{database}-wal"), Path(f"{database}-shm")]
        for path in (database, *sides):
            path.chmod(0o644)
        _, *modes = _production_open(tmp_path)
        assert modes == ["0o600", "0o600", "0o600"]
        assert demo.execute("SELECT count(*) FROM phone").fetchone()[0] == 2  # both writes are there


@pytest.mark.django_db
def test_backups_are_owner_only_new_and_old(settings, tmp_path, common_umask):
    settings.MEDIA_ROOT = media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    photo = media / "original_images" / "anh-bia.jpg"
    photo.write_bytes(b"\xff\xd8 anh")
    target = tmp_path / "var" / "backups"  # made by the command
    target.parent.mkdir()
    call_command("backup", dir=target, keep=5)
    # A backup from before this change, everything readable by everyone.
    old = target / f"{backup.PREFIX}20250101T000000000000Z"
    old.mkdir(mode=0o755)
    old_files = [old / backup.SQLITE_FILE, old / backup.MEDIA_FILE]
    for path in old_files:
        path.write_bytes(b"cu")
        path.chmod(0o644)
    (old / backup.MANIFEST).write_text(json.dumps({"version": backup.FORMAT_VERSION}), encoding="utf-8")
    call_command("backup", dir=target, keep=5)

    folders = backup.list_backups(target)
    assert len(folders) == 3
    files = [path for folder in folders for path in folder.iterdir()]
    assert {path.name for path in files} >= {backup.MANIFEST, backup.MEDIA_FILE}
    assert_owner_only(target, *folders, *files)
    assert mode(photo) == 0o644  # nginx still serves the media that was backed up


def test_a_restore_onto_a_machine_without_its_database_creates_it_owner_only(tmp_path, common_umask):
    source = tmp_path / "database.sqlite3"
    with contextlib.closing(sqlite3.connect(source)) as db, db:
        db.execute("CREATE TABLE phone (number TEXT)")
        db.execute("INSERT INTO phone VALUES ('0912345678')")
    live = tmp_path / "var" / "toasoan.sqlite3"
    live.parent.mkdir()
    assert backup.restore_sqlite(source, Database("sqlite", str(live))) == {"phone": 1}
    assert_owner_only(live)


def _stub_venv(folder: Path) -> Path:
    """A venv whose python runs one-liners (the secret) and stops serve.sh at its first manage.py."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text(
        f'#!/bin/sh\nif [ "$1" = "-c" ]; then exec "{sys.executable}" "$@"; fi\n'
        'echo "stub: $*" >&2\nexit 97\n',
        encoding="utf-8",
    )
    python.chmod(0o755)
    return folder


def test_make_serve_writes_its_secret_owner_only_in_a_folder_nginx_walks(tmp_path):
    var = tmp_path / "var"
    env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DATABASE_URL")}
    env.update({"VENV": str(_stub_venv(tmp_path / "venv")), "TOASOAN_VAR_DIR": str(var)})
    done = subprocess.run(  # noqa: S603
        ["bash", str(REPO / "deploy" / "serve.sh")],  # noqa: S607
        cwd=REPO,
        env=env,
        umask=COMMON_UMASK,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 97 and "stub: manage.py migrate" in done.stderr, done.stderr
    secret = var / "secret_key"
    assert len(secret.read_text(encoding="utf-8").strip()) >= 40
    assert_owner_only(secret)
    assert mode(var) == 0o755


def test_make_bench_writes_its_secret_owner_only(tmp_path, monkeypatch):
    run = importlib.import_module("bench.run")
    monkeypatch.setattr(run, "VAR", tmp_path / "bench")
    previous = os.umask(COMMON_UMASK)
    try:
        env = run.django_env()
    finally:
        os.umask(previous)
    secret = tmp_path / "bench" / "secret_key"
    assert env["SECRET_KEY"] == secret.read_text(encoding="utf-8").strip()
    assert len(env["SECRET_KEY"]) >= 40
    assert_owner_only(secret)
