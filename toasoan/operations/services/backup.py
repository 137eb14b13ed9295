"""Backups and restores of the database and the media files, taken while the site runs.

A backup is one folder, `toasoan-<UTC time>`, written under a temporary name and renamed
when complete (a half-written backup never looks like a backup):

- `database.sqlite3`: SQLite's online backup API (`sqlite3.Connection.backup`) in one step,
  a consistent snapshot even while others write (WAL: writers are not blocked); checked with
  `PRAGMA integrity_check` before it counts;
- `database.dump`: `pg_dump -Fc` for PostgreSQL, in a snapshot exported by a REPEATABLE READ
  transaction, so the row counts in the manifest are those of the dump itself;
- `media.tar`: MEDIA_ROOT (images, documents), uncompressed (they are compressed already);
- `manifest.json`: engine, time, rows per table, media files and their bytes.

Backups hold readers' phone numbers: BACKUP_DIR is created 0700, each backup's folder 0700 and
its files 0600, and each run brings the backups already there to the same (private_files.py).

`restore` refuses a backup whose manifest is missing, checks the SQLite copy's integrity,
writes the database (SQLite: the backup API again, into the live file; PostgreSQL:
`pg_restore --clean --single-transaction`: all or nothing), unpacks the media, and compares
every table's rows with the manifest.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import time
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from . import private_files

logger = logging.getLogger(__name__)

PREFIX = "toasoan-"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA_FILE = "media.tar"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that must not be trusted; the message says why, in plain words."""


@dataclass(frozen=True)
class Database:
    """What a backup needs to know of a database: its engine and where it is."""

    engine: str  # "sqlite" | "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    #: Django alias whose open connection may be used (the in-memory SQLite of the tests has no file).
    alias: str | None = None

    @classmethod
    def from_settings(cls, settings_dict: Mapping[str, Any], alias: str | None = None) -> Database:
        engine = settings_dict["ENGINE"]
        if "sqlite3" in engine:
            kind = "sqlite"
        elif "postgresql" in engine:
            kind = "postgresql"
        else:
            raise BackupError(f"no backup method for the database engine {engine}")
        return cls(
            engine=kind,
            name=str(settings_dict["NAME"]),
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
            alias=alias,
        )

    @classmethod
    def default(cls, alias: str = "default") -> Database:
        return cls.from_settings(connections[alias].settings_dict, alias=alias)

    def pg_env(self) -> dict[str, str]:
        """libpq's variables: the password never appears on a command line (ps would show it)."""
        env = dict(os.environ)
        for key, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
        ):
            if value:
                env[key] = value
        return env


@dataclass
class Manifest:
    engine: str
    created_at: str
    rows: dict[str, int]
    media_files: int = 0
    media_bytes: int = 0
    seconds: float = 0.0
    version: int = FORMAT_VERSION

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(self.__dict__, indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        if not path.is_file():
            raise BackupError(f"{folder} is not a complete backup: {MANIFEST} is missing")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != FORMAT_VERSION:
            raise BackupError(f"{folder}: backup format {data.get('version')} is not {FORMAT_VERSION}")
        return cls(**data)


@dataclass
class RestoreReport:
    folder: Path
    engine: str
    rows: dict[str, int]
    media_files: int
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# SQLite


@contextmanager
def _sqlite_source(database: Database) -> Iterator[sqlite3.Connection]:
    """The database to copy: Django's own connection for an in-memory database, else a new one."""
    if database.alias is not None:
        wrapper = connections[database.alias]
        if wrapper.is_in_memory_db():
            wrapper.ensure_connection()
            yield wrapper.connection
            return
    if not database.name.startswith("file:"):
        # A restore onto a machine that lost its database makes the file here.
        private_files.create_private_file(database.name)
    with closing(sqlite3.connect(database.name, timeout=60)) as source:
        yield source


def sqlite_integrity(path: Path) -> str:
    """ "ok", or what is wrong (a file too damaged to check says so instead of raising)."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check").fetchall())
    except sqlite3.DatabaseError as error:
        return f"{type(error).__name__}: {error}"


def sqlite_rows(db: sqlite3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]
    # Virtual tables are left out: their rows live in their shadow tables, counted here, and some
    # (a contentless full-text index, its vocabulary) cannot be scanned at all.
    # Table names come from sqlite_master itself, quoted: nothing from outside reaches the SQL.
    return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}  # noqa: S608


def backup_sqlite(database: Database, target: Path) -> dict[str, int]:
    """Copy the live database into `target` in one step; returns the copy's rows per table."""
    private_files.create_private_file(target)
    with _sqlite_source(database) as source, closing(sqlite3.connect(target)) as copy:
        # pages=-1: the whole database in one step, so the copy is one consistent snapshot;
        # in WAL mode writers go on meanwhile (their commits land after the snapshot).
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    result = sqlite_integrity(target)
    if result != "ok":
        raise BackupError(f"the SQLite copy failed its integrity check: {result}")
    with closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as copy:
        return sqlite_rows(copy)


def restore_sqlite(source_file: Path, database: Database) -> dict[str, int]:
    result = sqlite_integrity(source_file)
    if result != "ok":
        raise BackupError(f"the backup's SQLite file failed its integrity check: {result}")
    if database.alias is not None:
        connections[database.alias].close()  # Django's connections reopen on the next query
    with (
        closing(sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)) as backup,
        _sqlite_source(database) as live,
    ):
        # Through SQLite, page by page: the live file's WAL and locks stay consistent, and
        # other processes see the restored database at their next transaction.
        backup.backup(live, pages=-1)
        rows = sqlite_rows(live)
        check = live.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        raise BackupError(f"the restored database failed its integrity check: {check}")
    return rows


# ---------------------------------------------------------------------------------------------
# PostgreSQL


def _pg_connect(database: Database):
    import psycopg

    return psycopg.connect(
        dbname=database.name,
        user=database.user or None,
        password=database.password or None,
        host=database.host or None,
        port=database.port or None,
        autocommit=False,
    )


def _pg_rows(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
        "WHERE schemaname = current_schema() ORDER BY tablename"
    )
    names = [row[0] for row in cursor.fetchall()]
    rows = {}
    for name in names:
        cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608 (quote_ident'ed catalogue names)
        rows[name.split(".", 1)[1].strip('"')] = cursor.fetchone()[0]
    return rows


def program(setting: str, default: str) -> str:
    name = getattr(settings, setting, default) or default
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (setting {setting}; apt-get install postgresql-client)")
    return found


def backup_postgresql(database: Database, target: Path) -> dict[str, int]:
    """`pg_dump -Fc` inside a snapshot we hold, so the counts we take are the dump's own."""
    pg_dump = program("PG_DUMP", "pg_dump")
    with closing(_pg_connect(database)) as db, db.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        rows = _pg_rows(cursor)
        subprocess.run(  # noqa: S603 (an argument list; the snapshot id comes from the server)
            [pg_dump, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "-f", str(target),
             "-d", database.name],
            env=database.pg_env(),
            check=True,
            capture_output=True,
            timeout=6 * 3600,
        )  # fmt: skip
        db.rollback()
    return rows


def restore_postgresql(source_file: Path, database: Database) -> dict[str, int]:
    pg_restore = program("PG_RESTORE", "pg_restore")
    if database.alias is not None:
        connections[database.alias].close()
    finished = subprocess.run(  # noqa: S603
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
         "--exit-on-error", "-d", database.name, str(source_file)],
        env=database.pg_env(),
        capture_output=True,
        text=True,
        timeout=6 * 3600,
        check=False,
    )  # fmt: skip
    if finished.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was changed: {finished.stderr.strip()[-2000:]}")
    with closing(_pg_connect(database)) as db, db.cursor() as cursor:
        return _pg_rows(cursor)


# ---------------------------------------------------------------------------------------------
# Media


def backup_media(media_root: Path, target: Path) -> tuple[int, int]:
    files = total = 0
    with tarfile.open(target, "w") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    files += 1
                    total += path.stat().st_size
    return files, total


def restore_media(source: Path, media_root: Path) -> int:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source, "r") as archive:
        members = [member for member in archive.getmembers() if member.isfile()]
        # The "data" filter refuses absolute paths, "..", links and devices in the archive.
        archive.extractall(media_root, members=members, filter="data")
    return len(members)


# ---------------------------------------------------------------------------------------------
# The whole


def backup_dir() -> Path:
    return Path(getattr(settings, "BACKUP_DIR", Path(settings.MEDIA_ROOT).parent / "backups"))


def list_backups(folder: Path) -> list[Path]:
    """Complete backups, oldest first (the names sort by time)."""
    if not folder.is_dir():
        return []
    return sorted(
        path for path in folder.iterdir() if path.is_dir() and path.name.startswith(PREFIX)
        and (path / MANIFEST).is_file()
    )  # fmt: skip


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` complete backups; returns what was removed."""
    if keep <= 0:
        return []
    removed = list_backups(folder)[:-keep]
    for path in removed:
        shutil.rmtree(path)
    return removed


def backup(
    *,
    database: Database | None = None,
    folder: Path | None = None,
    media_root: Path | None = None,
    keep: int | None = None,
    now: datetime | None = None,
) -> Path:
    """Take a backup into `folder` (BACKUP_DIR); returns the new backup's path."""
    database = database or Database.default()
    folder = folder or backup_dir()
    media_root = Path(settings.MEDIA_ROOT) if media_root is None else media_root
    private_files.make_private_folder(folder)
    started = time.monotonic()
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    final = folder / f"{PREFIX}{stamp}"
    partial = folder / f".partial-{PREFIX}{stamp}"
    partial.mkdir(mode=private_files.OWNER_ONLY_FOLDER)
    try:
        if database.engine == "sqlite":
            rows = backup_sqlite(database, partial / SQLITE_FILE)
        else:
            rows = backup_postgresql(database, partial / PG_FILE)
        media_files, media_bytes = backup_media(media_root, partial / MEDIA_FILE)
        Manifest(
            engine=database.engine,
            created_at=stamp,
            rows=rows,
            media_files=media_files,
            media_bytes=media_bytes,
            seconds=round(time.monotonic() - started, 3),
        ).write(partial)
        # pg_dump, tarfile and the manifest create their files with the umask's mode.
        private_files.seal(partial)
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    prune(folder, getattr(settings, "BACKUP_KEEP", 14) if keep is None else keep)
    for kept in list_backups(folder):  # those taken before backups were made private
        try:
            private_files.seal(kept)
        except OSError as error:  # another user's: today's backup is good all the same
            logger.warning("operations: %s stays readable by other users: %s", kept, error.strerror)
    return final


def restore(
    source: Path,
    *,
    database: Database | None = None,
    media_root: Path | None = None,
    with_media: bool = True,
) -> RestoreReport:
    """Restore a backup folder over the database (and media); raises BackupError when counts differ."""
    database = database or Database.default()
    media_root = Path(settings.MEDIA_ROOT) if media_root is None else media_root
    manifest = Manifest.read(source)
    if manifest.engine != database.engine:
        raise BackupError(f"this backup is of a {manifest.engine} database, not {database.engine}")
    if database.engine == "sqlite":
        rows = restore_sqlite(source / SQLITE_FILE, database)
    else:
        rows = restore_postgresql(source / PG_FILE, database)
    media_files = restore_media(source / MEDIA_FILE, media_root) if with_media else 0
    mismatches = {
        table: (expected, rows.get(table, -1))
        for table, expected in manifest.rows.items()
        if rows.get(table, -1) != expected
    }
    report = RestoreReport(source, database.engine, rows, media_files, mismatches)
    if mismatches:
        raise BackupError(f"restored row counts differ from the backup's manifest: {mismatches}")
    return report
