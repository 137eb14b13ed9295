"""`make serve` from any starting state: whatever command created var/ first, nginx (another user)
can read what it serves from it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from toasoan.operations.testing import reserve_port

from .test_nginx import fetch, start_nginx

REPO = Path(__file__).resolve().parents[3]


def _production_command(var: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DEBUG")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "toasoan.settings.production",
            "SECRET_KEY": "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "TOASOAN_VAR_DIR": str(var),
            # PostgreSQL named but never reached: the first command of a PostgreSQL install, when
            # the settings did not create the SQLite file's folder and the file cache did.
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
            "HTTPS": "false",
        }
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, str(REPO / "manage.py"), *args], cwd=REPO, env=env, capture_output=True, text=True
    )


def test_nginx_reads_var_after_a_command_created_it(nginx_folder):
    var = nginx_folder / "var"  # not there yet
    done = _production_command(var, "purge_cache")
    assert done.returncode == 0, done.stderr
    assert (var / "cache" / "pages").is_dir()  # the file cache wrote the purge's generation
    assert var.stat().st_mode & 0o005 == 0o005  # others may walk in (nginx's workers: nobody)
    (var / "static").mkdir(exist_ok=True)
    (var / "static" / "probe.txt").write_text("ok", encoding="utf-8")

    port = reserve_port()
    nginx = start_nginx(nginx_folder, f"127.0.0.1:{port}", "127.0.0.1:9", None, var=var)
    try:
        status, _, body = fetch(port, "/static/probe.txt")
        log = (nginx_folder / "run" / "error.log").read_text(errors="replace")
        assert (status, body) == (200, b"ok"), log
    finally:
        os.killpg(nginx.pid, signal.SIGTERM)
        nginx.wait(timeout=10)
