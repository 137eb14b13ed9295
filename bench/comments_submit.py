"""Concurrent comment submissions on SQLite: every acknowledged comment is stored, and every
failure is an explicit 429 or 503 (never a 500, never a lost comment).

    TOASOAN_VAR_DIR=$(mktemp -d) .venv/bin/python bench/comments_submit.py [-n 500] [--threads 16]
        [--sqlite-timeout 20] [--rate-limits]

Each submission is what a reader's browser does: GET the form fragment (a new captcha code and a
CSRF cookie: a database write), then POST it with the CSRF token (CSRF checks enforced) and the
right answer, read from the captcha table, as the reader would read the image. Django's test
client runs in threads, each with its own SQLite connection, against a fresh SQLite file in
TOASOAN_VAR_DIR (WAL, transaction_mode IMMEDIATE, the given busy timeout).

Rate limits are relaxed (COMMENTS_RATE_LIMIT_* = 0) and every submission comes from its own IP,
unless --rate-limits is given: then the real limits apply and all submissions share 8 IPs, so
most are refused with 429. The 3-second minimum form age is set to 0 (the bench posts at once).
`--sqlite-timeout 0.05` makes writers give up quickly, to show "database is locked" becoming
503 answers rather than errors or lost comments.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=500, help="submissions (default 500)")
    parser.add_argument("--threads", type=int, default=16, help="concurrent threads (default 16)")
    parser.add_argument(
        "--sqlite-timeout", type=float, default=20.0, help="SQLite busy timeout, seconds (default 20)"
    )
    parser.add_argument("--rate-limits", action="store_true", help="keep the real rate limits, 8 shared IPs")
    parser.add_argument("--settings", default="toasoan.settings.dev", help="settings module (default: dev)")
    return parser.parse_args()


def configure(args: argparse.Namespace) -> Path:
    var_dir = os.environ.get("TOASOAN_VAR_DIR") or tempfile.mkdtemp(prefix="toasoan-bench-")
    var = Path(var_dir)
    if (var / "toasoan.sqlite3").exists():
        sys.exit(f"{var} already holds a database; give a fresh TOASOAN_VAR_DIR (mktemp -d)")
    os.environ.update(
        {
            "TOASOAN_VAR_DIR": str(var),
            "DJANGO_SETTINGS_MODULE": args.settings,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "testserver,localhost",
            "LOG_LEVEL": "ERROR",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ["COMMENTS_CAPTCHA_PER_HOUR"] = "0"  # with --rate-limits, a few addresses draw every code
    if not args.rate_limits:
        os.environ["COMMENTS_RATE_LIMIT_SECONDS"] = "0"
        os.environ["COMMENTS_RATE_LIMIT_PER_HOUR"] = "0"
    import django
    from django.conf import settings

    settings.DATABASES  # noqa: B018 (load the settings, then adjust them before setup)
    settings.DATABASES["default"]["OPTIONS"]["timeout"] = args.sqlite_timeout
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    django.setup()
    return var


def make_article():
    from wagtail.models import Site

    from toasoan.articles.models import ArticlePage
    from toasoan.sections.models import SectionPage

    home = Site.objects.get(is_default_site=True).root_page.specific
    section = home.add_child(instance=SectionPage(title="Thời sự"))
    return section.add_child(instance=ArticlePage(title="Bài để thử bình luận", lead="Sapo."))


def submit(index: int, article_id: int, rate_limits: bool) -> tuple[str, int, float]:
    """One reader: (step that ended it, HTTP status, seconds for the POST)."""
    from captcha.models import CaptchaStore
    from django.db import OperationalError, connection
    from django.test import Client

    ip = f"10.{(index % 8) + 1}.0.1" if rate_limits else f"10.{index // 250}.{index % 250}.{(index % 7) + 1}"
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=ip)
    try:
        form = client.get(f"/binh-luan/form/{article_id}/")
        if form.status_code != 200:
            return "form", form.status_code, 0.0
        html = form.content.decode()
        key = re.search(r'name="captcha_key" value="([0-9a-f]+)"', html).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        timestamp = re.search(r'name="timestamp" value="([^"]+)"', html).group(1)
        for attempt in range(50):  # the reader "reads the image": a read that may meet a busy writer
            try:
                answer = CaptchaStore.objects.get(hashkey=key).response
                break
            except OperationalError:
                time.sleep(0.01 * (attempt + 1))
        else:
            return "read", 0, 0.0
        started = time.perf_counter()
        response = client.post(
            f"/binh-luan/viet/{article_id}/",
            {
                "csrfmiddlewaretoken": token,
                "name": f"Bạn đọc số {index}",
                "title": f"Góp ý {index}",
                "content": f"Nội dung góp ý số {index}.\nDòng thứ hai.",
                "captcha_key": key,
                "captcha": answer,
                "timestamp": timestamp,
            },
        )
        return "post", response.status_code, time.perf_counter() - started
    finally:
        connection.close()


def main() -> None:
    args = parse_args()
    var = configure(args)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    article = make_article()
    with connection.cursor() as cursor:
        journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    options = connection.settings_dict["OPTIONS"]
    connection.close()

    from toasoan.comments.models import Comment

    print(
        f"SQLite {var / 'toasoan.sqlite3'}: journal_mode={journal}, "
        f"transaction_mode={options.get('transaction_mode')}, timeout={options.get('timeout')} s"
    )
    print(
        f"{args.n} submissions over {args.threads} threads, rate limits "
        f"{'ON (8 shared IPs)' if args.rate_limits else 'relaxed (one IP each)'}; "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    lock = threading.Lock()
    results: list[tuple[str, int, float]] = []
    started = time.perf_counter()

    def job(index: int) -> None:
        outcome = submit(index, article.pk, args.rate_limits)
        with lock:
            results.append(outcome)

    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        list(pool.map(job, range(args.n)))
    elapsed = time.perf_counter() - started

    statuses = Counter((step, status) for step, status, _ in results)
    acknowledged = statuses[("post", 303)]
    stored = Comment.objects.count()
    latencies = sorted(seconds for step, status, seconds in results if step == "post")
    explicit = {("post", 303), ("post", 429), ("post", 503), ("form", 503)}
    unexpected = {key: count for key, count in statuses.items() if key not in explicit}

    print(f"wall time {elapsed:.2f} s, {args.n / elapsed:.1f} submissions/s")
    print(
        "outcomes: "
        + ", ".join(f"{step} {status}: {count}" for (step, status), count in sorted(statuses.items()))
    )
    if latencies:
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(
            f"POST latency: median {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {latencies[-1] * 1000:.0f} ms"
        )
    print(f"acknowledged (303) = {acknowledged}, stored = {stored}")
    ok = acknowledged == stored and not unexpected
    if not ok:
        print(f"FAILED: unexpected outcomes {unexpected}" if unexpected else "FAILED: acknowledged != stored")
    print("OK: acknowledged == stored; failures only explicit 429/503" if ok else "")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
