#!/usr/bin/env python3
"""Comment submissions under load against the production stack, on SQLite and on PostgreSQL.

    .venv/bin/python bench/comments_load.py [--engine sqlite|postgresql|both] [-n 2000]
        [--clients 32] [--pg-url postgres://postgres@127.0.0.1:54329/postgres] [--repeat-every 10]

For each engine: a fresh database (var/bench-comments/<engine>; PostgreSQL: a database
`toasoan_bench_comments` created on --pg-url's server and dropped at the end), production
settings, granian (deploy/app-server.sh, one worker per core, 2 threads) behind Debian's nginx
(deploy/nginx_conf.py), as `make serve` and `make bench` run them; PostgreSQL with Redis
(--redis-url, emptied first), as docs/scaling.md's second configuration. The real rate limits apply
(one comment per 15 s and 5 an hour per reader): every reader connects from an address of their
own (127.x.y.z: all of 127.0.0.0/8 is this machine; nginx passes it on, one trusted proxy),
except that every `--repeat-every`-th submission comes again from the reader before it, and
must be refused with 429.

Each submission is what a browser does: GET the form (a captcha code is written, a CSRF cookie
set), read the code's answer (from the database, as a reader reads the image), and once the form
is 3 s old, POST it. Phase 1 fetches every form with --clients concurrent clients, phase 2
posts them all with as many. Then: the comments stored must equal the 303 answers
("acknowledged"), every other answer must be an explicit 429 or 503, and there must be no 5xx
other than 503 and no connection error. Prints throughput and latency percentiles, writes
bench/results/comments_load-<engine>.json, and exits non-zero when a check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # the production stack as bench/run.py starts it

ROOT = run.ROOT
BASE = ROOT / "var" / "bench-comments"
RESULTS = ROOT / "bench" / "results"
NGINX_PORT, APP_PORT = 8120, 8121
PG_DATABASE = "toasoan_bench_comments"
ARTICLES = 20

SETUP = f"""
from wagtail.models import Site
from toasoan.articles.models import ArticlePage
from toasoan.sections.models import SectionPage
home = Site.objects.get(is_default_site=True).root_page.specific
section = home.add_child(instance=SectionPage(title="Thời sự", slug="thoi-su"))
pages = [ArticlePage(title=f"Bài đo tải {{i}}", lead="Sapo.") for i in range({ARTICLES})]
ids = [section.add_child(instance=page).pk for page in pages]
print(",".join(map(str, ids)))
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ------------------------------------------------------------------------------------------------
# The stack


def environment(engine: str, var: Path, pg_url: str, redis_url: str) -> dict[str, str]:
    run.VAR = var  # django_env() keeps the secret key and TOASOAN_VAR_DIR there
    run.NGINX_PORT, run.APP_PORT = NGINX_PORT, APP_PORT
    env = run.django_env(page_cache=True, local_ms=0, proxies=1)
    env.update(
        {
            # The real limits, unlike bench/run.py: refusals are part of what is checked.
            "COMMENTS_RATE_LIMIT_SECONDS": "15",
            "COMMENTS_RATE_LIMIT_PER_HOUR": "5",
            "DJANGO_SETTINGS_MODULE": "toasoan.settings.production",
            "STATIC_ROOT": str(BASE / "static"),  # collected once for both engines
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("FRONTEND_CACHE_NGINX_URL", None)
    env.pop("REDIS_URL", None)
    if engine == "postgresql":
        # docs/scaling.md's second configuration: PostgreSQL + Redis (rate limits shared by workers).
        env["DATABASE_URL"] = database_url(pg_url, PG_DATABASE)
        env["REDIS_URL"] = redis_url
    return env


def fresh_redis(url: str) -> None:
    """The bench's own Redis database, emptied: yesterday's run must not rate-limit today's readers."""
    import redis

    redis.Redis.from_url(url).flushdb()


def database_url(server_url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(server_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def pg_admin(server_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(database_url(server_url, "postgres"), autocommit=True) as db:
        db.execute(sql)


def manage(env: dict[str, str], *args: str) -> str:
    try:
        return run.manage(*args, env=env)
    except subprocess.CalledProcessError as error:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{error.stderr[-3000:]}")


def start_app(env: dict[str, str], var: Path) -> run.Server:
    app_env = {**env, "APP_SERVER": "granian", "WEB_BIND": f"{run.HOST}:{APP_PORT}"}
    app_env.update({"WEB_WORKERS": str(os.cpu_count() or 2), "WEB_THREADS": "2"})
    process = subprocess.Popen(
        ["bash", "deploy/app-server.sh"],
        cwd=ROOT,
        env=app_env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(var / "granian.log", "ab"),  # noqa: SIM115 (the server's own log, for the reader)
    )
    server = run.Server("granian", process, APP_PORT)
    run.wait_ready(APP_PORT, "/robots.txt")
    return server


def start_nginx(var: Path) -> run.Server:
    folder = var / "nginx"
    conf = subprocess.run(
        [sys.executable, "deploy/nginx_conf.py", "local", "--listen", f"{run.HOST}:{NGINX_PORT}",
         "--upstream", f"{run.HOST}:{APP_PORT}", "--var", str(var), "--run", str(folder),
         "--static-root", str(BASE / "static")],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    process = subprocess.Popen(
        ["nginx", "-c", conf, "-p", str(folder), "-e", str(folder / "nginx-error.log")],
        start_new_session=True,
    )
    server = run.Server("nginx", process, NGINX_PORT)
    run.wait_ready(NGINX_PORT, "/robots.txt", 20)
    return server


# ------------------------------------------------------------------------------------------------
# Readers


class Answers:
    """Reads a captcha code's answer the way bench/run.py does: from the database itself."""

    def __init__(self, engine: str, var: Path, env: dict[str, str]) -> None:
        self.engine, self.var, self.env = engine, var, env

    def get(self, key: str) -> str:
        query = "SELECT response FROM captcha_captchastore WHERE hashkey = %s"
        if self.engine == "sqlite":
            with contextlib.closing(sqlite3.connect(self.var / "toasoan.sqlite3", timeout=30)) as db:
                row = db.execute(query.replace("%s", "?"), (key,)).fetchone()
        else:
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"]) as db:
                row = db.execute(query, (key,)).fetchone()
        return row[0] if row else ""

    def stored(self) -> int:
        query = "SELECT count(*) FROM comments_comment"
        if self.engine == "sqlite":
            with contextlib.closing(sqlite3.connect(self.var / "toasoan.sqlite3", timeout=30)) as db:
                return db.execute(query).fetchone()[0]
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"]) as db:
            return db.execute(query).fetchone()[0]


def reader_address(index: int, repeat_every: int) -> str:
    """One address per reader; every repeat_every-th submission reuses the one before it.

    Loopback addresses (127.0.0.0/8 all reach this machine): nginx sees each reader's own
    address and passes it on in X-Forwarded-For, as it would for readers on the Internet.
    """
    reader = index - 1 if repeat_every and index % repeat_every == repeat_every - 1 else index
    return f"127.{reader // 62500 + 10}.{reader // 250 % 250}.{reader % 250 + 1}"


def request(source: str, method: str, path: str, body: str | None = None, headers: dict | None = None):
    """One HTTP request to nginx from the given local address."""
    connection = http.client.HTTPConnection(run.HOST, NGINX_PORT, timeout=60, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers={"User-Agent": run.UA, **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def fetch_form(index: int, article_id: int, answers: Answers) -> dict:
    started = time.perf_counter()
    try:
        status, headers, body = request(reader_address(index, 0), "GET", f"/binh-luan/viet/{article_id}/")
    except OSError as error:
        return {"index": index, "status": f"connection: {type(error).__name__}", "ms": 0.0}
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        return {"index": index, "status": status, "ms": elapsed}
    fields = dict(run.HIDDEN.findall(body.decode()))
    cookie = "; ".join(
        value.split(";", 1)[0] for name, value in headers.items() if name.lower() == "set-cookie"
    )
    fields.update(
        {
            "name": f"Bạn đọc số {index}",
            "title": f"Góp ý số {index}",
            "content": f"Nội dung góp ý số {index} về bài viết.\nDòng thứ hai.",
            "captcha": answers.get(fields.get("captcha_key", "")),
            "ghi_chu_them": "",
        }
    )
    return {
        "index": index,
        "status": 200,
        "ms": elapsed,
        "fields": fields,
        "cookie": cookie,
        "article": article_id,
    }


def post_form(form: dict, repeat_every: int) -> tuple[int | str, float]:
    body = urllib.parse.urlencode(form["fields"])
    started = time.perf_counter()
    try:
        status, _, _ = request(
            reader_address(form["index"], repeat_every),
            "POST",
            f"/binh-luan/viet/{form['article']}/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": form["cookie"],
                "Origin": f"http://{run.HOST}:{NGINX_PORT}",
                "Referer": f"http://{run.HOST}:{NGINX_PORT}/",
            },
        )
    except OSError as error:
        return f"connection: {type(error).__name__}", 0.0
    return status, (time.perf_counter() - started) * 1000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def measure(engine: str, args: argparse.Namespace) -> dict:
    var = BASE / engine
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    env = environment(engine, var, args.pg_url, args.redis_url)
    if engine == "postgresql":
        pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        pg_admin(args.pg_url, f'CREATE DATABASE "{PG_DATABASE}"')
        fresh_redis(args.redis_url)
    log(f"{engine}: migrate, {ARTICLES} articles")
    manage(env, "migrate", "--noinput")
    if not (BASE / "static" / "staticfiles.json").exists():
        log("collectstatic (once for both engines)")
        manage(env, "collectstatic", "--noinput")
    article_ids = [
        int(pk)
        for pk in manage(env, "shell", "--no-imports", "-c", SETUP).strip().splitlines()[-1].split(",")
    ]
    answers = Answers(engine, var, env)
    servers: list[run.Server] = []
    try:
        servers.append(start_app(env, var))
        servers.append(start_nginx(var))
        log(f"{engine}: {args.n} forms with {args.clients} clients")
        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            forms = list(pool.map(lambda i: fetch_form(i, article_ids[i % ARTICLES], answers), range(args.n)))
        form_seconds = time.perf_counter() - started
        ready = [form for form in forms if form["status"] == 200]
        time.sleep(3.3)  # the form's minimum age (COMMENTS_FORM_MIN_SECONDS)
        log(f"{engine}: posting {len(ready)} comments with {args.clients} clients")
        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            posts = list(pool.map(lambda form: post_form(form, args.repeat_every), ready))
        post_seconds = time.perf_counter() - started
        stored = answers.stored()
    finally:
        for server in reversed(servers):
            server.stop()
        if engine == "postgresql" and not args.keep:
            pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')

    post_statuses = Counter(status for status, _ in posts)
    form_statuses = Counter(form["status"] for form in forms)
    acknowledged = post_statuses[303]
    post_ms = [ms for status, ms in posts if isinstance(status, int)]
    ack_ms = [ms for status, ms in posts if status == 303]
    form_ms = [form["ms"] for form in forms if isinstance(form["status"], int)]
    unexpected = {
        f"form {status}": count for status, count in form_statuses.items() if status not in (200, 429, 503)
    } | {f"post {status}": count for status, count in post_statuses.items() if status not in (303, 429, 503)}
    expected_repeats = sum(
        1
        for form in ready
        if args.repeat_every and form["index"] % args.repeat_every == args.repeat_every - 1
    )
    result = {
        "engine": engine,
        "submissions": args.n,
        "clients": args.clients,
        "cores": os.cpu_count(),
        "acknowledged": acknowledged,
        "stored": stored,
        "refused_429": post_statuses[429] + form_statuses[429],
        "refused_503": post_statuses[503] + form_statuses[503],
        "expected_429": expected_repeats,
        "server_errors": sum(
            count
            for status, count in (post_statuses + form_statuses).items()
            if isinstance(status, int) and status >= 500 and status != 503
        ),
        "unexpected": unexpected,
        "form_per_s": round(len(forms) / form_seconds, 1),
        "form_p50_ms": round(percentile(form_ms, 0.50), 1),
        "form_p99_ms": round(percentile(form_ms, 0.99), 1),
        "post_per_s": round(len(posts) / post_seconds, 1) if posts else 0.0,
        "post_p50_ms": round(statistics.median(post_ms), 1) if post_ms else 0.0,
        "post_p99_ms": round(percentile(post_ms, 0.99), 1),
        "post_max_ms": round(max(post_ms), 1) if post_ms else 0.0,
        "acknowledged_p99_ms": round(percentile(ack_ms, 0.99), 1),
        "post_statuses": {str(k): v for k, v in sorted(post_statuses.items(), key=str)},
        "form_statuses": {str(k): v for k, v in sorted(form_statuses.items(), key=str)},
        "load_average": os.getloadavg()[0],
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    result["ok"] = (
        stored == acknowledged
        and not unexpected
        and result["server_errors"] == 0
        and acknowledged + post_statuses[429] + post_statuses[503] == len(posts)
        # With Redis every repeat is refused; without it each worker keeps its own limits
        # (docs/scaling.md), so a repeat that reaches the other worker may pass.
        and (post_statuses[429] >= expected_repeats or "REDIS_URL" not in env)
    )
    result["rate_limits"] = "shared (Redis)" if "REDIS_URL" in env else "per worker (no Redis)"
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("-n", type=int, default=2000, help="submissions (default 2000)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("PG_TEST_URL") or "postgres://postgres@127.0.0.1:54329/postgres",
        help="a PostgreSQL server where a database may be created (default: scripts/pg-test-server.sh's)",
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/7",
        help="Redis for the PostgreSQL run; its database is emptied first (default: database 7 on 127.0.0.1)",
    )
    parser.add_argument("--repeat-every", type=int, default=10, help="every Nth submission repeats a reader")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    args = parser.parse_args()
    if shutil.which("nginx") is None:
        sys.exit("nginx is not installed: apt-get install nginx-light")
    RESULTS.mkdir(parents=True, exist_ok=True)
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    failed = False
    for engine in engines:
        result = measure(engine, args)
        (RESULTS / f"comments_load-{engine}.json").write_text(
            json.dumps(result, indent=2, ensure_ascii=False)
        )
        log(
            f"{engine}: {result['acknowledged']} acknowledged, {result['stored']} stored, "
            f"{result['refused_429']} × 429 ({result['expected_429']} repeats, "
            f"limits {result['rate_limits']}), "
            f"{result['refused_503']} × 503, "
            f"{result['server_errors']} server errors; POST {result['post_per_s']}/s, "
            f"p50 {result['post_p50_ms']} ms, p99 {result['post_p99_ms']} ms; "
            f"forms {result['form_per_s']}/s, p99 {result['form_p99_ms']} ms"
            + ("" if result["ok"] else f"  FAILED {result['unexpected']}")
        )
        failed |= not result["ok"]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
