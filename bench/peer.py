#!/usr/bin/env python3
"""Tòa Soạn beside Wagtail's own demo site (bakerydemo), measured in one run (issue #23).

    .venv/bin/python bench/peer.py /path/to/bakerydemo [--rounds 3] [--seconds 5] [--write]

`path` (or BAKERYDEMO_DIR) is a checkout of github.com/wagtail/bakerydemo. Without one this
prints why and exits 0. The demo gets a virtualenv of its own (PEER_VENV, default
var/peer/bakerydemo-venv: its requirements/base.txt, whitenoise and granian from PyPI; nothing is
installed into .venv), its production settings on SQLite (`load_initial_data`, collectstatic).
Tòa Soạn runs bench/settings.py (production's) on the demo content in var/peer.

Both run under granian, 2 workers × 1 thread (PEER_WORKERS, PEER_THREADS), page caches off
(Tòa Soạn's PAGE_CACHE=false; the demo has none on SQLite), wrk -t2 -c16. Each page is
measured in turns: every round runs each page on both apps, the app that goes first
alternating, so a slow spell of this shared machine falls on both alike. Figures: req/s
(requests ÷ seconds over all rounds), CPU ms per request (the workers' user + system time ÷
requests) and queries per request (counted in-process, with each app's own Python).

Pages: Tòa Soạn's article (bench/run.py's), with its fragments kept, "after a publish" (the
request's `X-Peer-Cold` header bumps the content generation first, as a publish elsewhere does)
and "after a publish in its section" (also the section's fragment scope, as a publish of one of
its neighbours does, which purges it: bench/peer_settings.py), its home page and its section;
the demo's blog post, home page and blog index. `--write` puts the table in docs/performance.md
between the peer markers.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import HOST, cpu_seconds, wrk  # noqa: E402

PY = ROOT / ".venv" / "bin" / "python"
VAR = ROOT / "var" / "peer"
OURS_PORT, DEMO_PORT = 8117, 8118
WORKERS = os.environ.get("PEER_WORKERS", "2")
THREADS = os.environ.get("PEER_THREADS", "1")
CONNECTIONS = 16
ARTICLE_PATH = "/kinh-te/phien-giao-dich-viec-lam-thu-hut-hon-1-200-luot-nguoi-lao-dong/"
SECTION_PATH = "/kinh-te/"
COLD = "X-Peer-Cold: {}"
OUTPUT = ROOT / "docs" / "performance.md"
START, END = "<!-- peer:start -->", "<!-- peer:end -->"

#: Counts queries of one GET in-process: run by each app's own Python with its settings.
COUNT_QUERIES = """
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for name, path, cold in json.loads(sys.argv[1]):
    for _ in range(3):
        client.get(path)  # warm: connections, site root paths, what each app keeps
    if cold:
        from toasoan.cache import fragments
        fragments.bump()
        if cold == "section":
            from wagtail.models import Page
            page = Page.objects.filter(url_path__endswith=path).order_by("depth").first()
            fragments.bump_scopes(fragments.children_scope(page.path[: -Page.steplen]))
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        status = client.get(path).status_code
    assert status == 200, (path, status)
    counts[name] = len(queries)
print(json.dumps(counts))
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


@dataclass
class App:
    name: str
    python: Path
    cwd: Path
    env: dict[str, str]
    port: int
    wsgi: str
    pages: dict[str, tuple[str, bool | str]] = field(default_factory=dict)  # row -> (path, cold)
    process: subprocess.Popen | None = None

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [str(self.python), *args], cwd=self.cwd, env=self.env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.name}: {' '.join(args[:2])} failed:\n{done.stderr[-2000:]}")
        return done.stdout

    def start(self) -> None:
        granian = self.python.parent / "granian"
        self.process = subprocess.Popen(
            [
                *(str(granian), "--interface", "wsgi", "--host", HOST, "--port", str(self.port)),
                *("--workers", WORKERS, "--blocking-threads", THREADS, "--backlog", "2048", "--no-ws"),
                *("--log-level", "warning", self.wsgi),
            ],
            cwd=self.cwd,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=open(VAR / f"{self.name}.log", "a"),  # noqa: SIM115
        )
        first_path = next(iter(self.pages.values()))[0]
        deadline = time.monotonic() + 60
        while not ready(self.port, first_path):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"{self.name} does not answer on {HOST}:{self.port} (see {VAR})")
            time.sleep(0.2)

    def workers(self) -> list[int]:
        if self.process is None:
            return []
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in found.stdout.split()] or [self.process.pid]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the group we started, by its own id
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def ready(port: int, path: str) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=2) as connection:
            connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
            return connection.recv(16).split(b" ")[1:2] == [b"200"]
    except OSError:
        return False


def free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) != 0


def secret(name: str) -> str:
    path = VAR / f"{name}-secret"
    if not path.exists():
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def ours() -> App:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "REDIS_URL")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.peer_settings",
            "PYTHONPATH": str(ROOT),
            "SECRET_KEY": secret("toasoan"),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "BASE_URL": f"http://{HOST}:{OURS_PORT}",
            "HTTPS": "false",
            "TOASOAN_VAR_DIR": str(VAR / "toasoan"),
            "PAGE_CACHE": "false",
            "LOG_LEVEL": "ERROR",
            "EDITORIAL_SAFETY_NET_SECONDS": "0",
        }
    )
    app = App("toasoan", PY, ROOT, env, OURS_PORT, "toasoan.delivery.wsgi:application")
    app.pages = {
        "article, fragments kept": (ARTICLE_PATH, False),
        "article, after a publish": (ARTICLE_PATH, True),
        "article, after a publish in its section": (ARTICLE_PATH, "section"),
        "home": ("/", False),
        "section": (SECTION_PATH, False),
    }
    return app


def demo(checkout: Path, venv: Path) -> App:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "REDIS_URL")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
            "DJANGO_SECRET_KEY": secret("bakerydemo"),
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_NAME": str(VAR / "bakerydemo.sqlite3"),
            "DJANGO_LOG_LEVEL": "ERROR",
        }
    )
    return App("bakerydemo", venv / "bin" / "python", checkout, env, DEMO_PORT, "bakerydemo.wsgi:application")


def build(app_ours: App, app_demo: App, venv: Path) -> None:
    fresh = not (VAR / "toasoan" / "toasoan.sqlite3").exists()
    app_ours.run("manage.py", "migrate", "--noinput")  # also when the tree gained a migration
    if fresh:
        log("Tòa Soạn: demo content in var/peer/toasoan")
        app_ours.run("manage.py", "load_demo")
    app_ours.run("manage.py", "collectstatic", "--noinput")
    if not app_demo.python.exists():
        log(f"bakerydemo: a virtualenv of its own in {venv} (PyPI)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        requirements = app_demo.cwd / "requirements" / "base.txt"
        packages = ("-r", str(requirements), "whitenoise>=6.11,<7", "granian")
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *packages], check=True)
    if not Path(app_demo.env["DATABASE_NAME"]).exists():
        log("bakerydemo: migrate, load_initial_data")
        app_demo.run("manage.py", "migrate", "--noinput")
        app_demo.run("manage.py", "load_initial_data")
    app_demo.run("manage.py", "collectstatic", "--noinput")
    post = app_demo.run(
        "-c",
        "import django; django.setup(); from bakerydemo.blog.models import BlogPage; "
        "print(BlogPage.objects.live().order_by('path').first().url)",
    ).strip()
    app_demo.pages = {
        "article, fragments kept": (post, False),
        "article, after a publish": (post, False),  # the demo keeps no fragments: the same render
        "article, after a publish in its section": (post, False),
        "home": ("/", False),
        "section": ("/blog/", False),
    }


def queries(app: App) -> dict[str, int]:
    rows = [(name, path, cold) for name, (path, cold) in app.pages.items()]
    return json.loads(app.run("-c", COUNT_QUERIES, json.dumps(rows)).strip().splitlines()[-1])


@dataclass
class Tally:
    requests: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    errors: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        return self.cpu * 1000 / self.requests if self.requests else 0.0


def measure(apps: list[App], rounds: int, seconds: int) -> dict[tuple[str, str], Tally]:
    tallies: dict[tuple[str, str], Tally] = {}
    for number in range(rounds):
        for row in apps[0].pages:
            order = apps if number % 2 == 0 else list(reversed(apps))
            for app in order:
                path, cold = app.pages[row]
                headers = [COLD.format("section" if cold == "section" else 1)] if cold else []
                wrk(app.port, path, seconds=1, headers=headers, connections=CONNECTIONS)  # warm
                before = cpu_seconds(app.workers())
                run = wrk(app.port, path, seconds=seconds, headers=headers, connections=CONNECTIONS)
                tally = tallies.setdefault((app.name, row), Tally())
                tally.requests += run["requests"]
                tally.seconds += seconds
                tally.cpu += cpu_seconds(app.workers()) - before
                tally.errors += run["errors"]
        log(f"round {number + 1}/{rounds} done")
    return tallies


def table(apps: list[App], tallies, counts: dict[str, dict[str, int]], rounds: int, seconds: int) -> str:
    ours_app, demo_app = apps
    lines = [
        f"Measured by `bench/peer.py` on {time.strftime('%Y-%m-%d %H:%M')}: granian, {WORKERS} workers × "
        f"{THREADS} thread, SQLite, production settings, page caches off, wrk -t2 -c{CONNECTIONS}, "
        f"{rounds} alternated rounds of {seconds} s per page and app; 1-minute load average at the end "
        f"{os.getloadavg()[0]:.1f}.",
        "",
        "| page | Tòa Soạn req/s | CPU ms | queries | bakerydemo page | req/s | CPU ms | queries | "
        "req/s ratio | CPU ratio |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in ours_app.pages:
        a, b = tallies[(ours_app.name, row)], tallies[(demo_app.name, row)]
        lines.append(
            f"| {row} | {a.rps:,.1f} | {a.cpu_ms:.2f} | {counts[ours_app.name][row]} | "
            f"{demo_app.pages[row][0]} | {b.rps:,.1f} | {b.cpu_ms:.2f} | {counts[demo_app.name][row]} | "
            f"{a.rps / b.rps if b.rps else 0:.2f}× | {b.cpu_ms / a.cpu_ms if a.cpu_ms else 0:.2f}× |"
        )
    errors = {f"{app}/{row}": t.errors for (app, row), t in tallies.items() if t.errors}
    lines += ["", f"wrk errors: {errors or 'none'}."]
    return "\n".join(lines)


def write(text: str) -> None:
    document = OUTPUT.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in document and END in document:
        head, rest = document.split(START, 1)
        document = head + block + rest.split(END, 1)[1]
    else:
        document = document.rstrip("\n") + "\n\n## Beside Wagtail's demo site (bakerydemo)\n\n" + block + "\n"
    OUTPUT.write_text(document, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout", nargs="?", default=os.environ.get("BAKERYDEMO_DIR", ""))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="put the table in docs/performance.md")
    options = parser.parse_args()
    if not options.checkout:
        print("peer: skipped: no bakerydemo checkout given (an argument or BAKERYDEMO_DIR)")
        return 0
    checkout = Path(options.checkout).resolve()
    if not (checkout / "bakerydemo" / "settings" / "production.py").exists():
        print(f"peer: skipped: {checkout} is not a bakerydemo checkout (no bakerydemo/settings/)")
        return 0
    for port in (OURS_PORT, DEMO_PORT):
        if not free(port):
            sys.exit(f"peer: port {port} is taken")
    (VAR / "toasoan").mkdir(parents=True, exist_ok=True)
    venv = Path(os.environ.get("PEER_VENV", str(VAR / "bakerydemo-venv")))
    apps = [ours(), demo(checkout, venv)]
    build(*apps, venv)
    counts = {app.name: queries(app) for app in apps}
    try:
        for app in apps:
            app.start()
        log(f"measuring: {options.rounds} rounds × {len(apps[0].pages)} pages × 2 apps × {options.seconds} s")
        tallies = measure(apps, options.rounds, options.seconds)
    finally:
        for app in apps:
            app.stop()
    text = table(apps, tallies, counts, options.rounds, options.seconds)
    print(text)
    if options.write:
        write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
