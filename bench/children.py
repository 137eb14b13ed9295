"""A bench's measured work runs in a child process of its own, on a fresh database.

Shared by the import and redirect benches: the child is the bench script itself with
`--child SPEC`, its var folder a temporary one, on SQLite or on a PostgreSQL database created
for it and dropped afterwards. The child prints its figures as JSON on its last line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def pg_url() -> str:
    """The PostgreSQL to create the child's database in: DATABASE_URL, or the test cluster's."""
    url = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return subprocess.run(
        ["bash", str(REPO / "scripts" / "pg-test-server.sh"), "url"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def pg_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def measure(script: str | Path, engine: str, spec: dict) -> dict:
    """Run `script --child SPEC` (SPEC gains `workdir`) on `engine` ("sqlite" or "pg")."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "toasoan.settings.test"
    with tempfile.TemporaryDirectory(prefix="toasoan-bench-") as folder:
        env["TOASOAN_VAR_DIR"] = folder
        spec = {**spec, "workdir": folder}
        database = None
        if engine == "pg":
            base = pg_url()
            database = f"toasoan_bench_{uuid.uuid4().hex[:8]}"
            pg_admin(base, f'CREATE DATABASE "{database}"')
            env["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + database
        try:
            completed = subprocess.run(
                [sys.executable, str(script), "--child", json.dumps(spec)],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            if database:
                pg_admin(pg_url(), f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr[-4000:])
        raise SystemExit(f"bench child failed on {engine}")
    return json.loads(completed.stdout.strip().splitlines()[-1])
