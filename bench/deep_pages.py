#!/usr/bin/env python3
"""A section's page deep in its archive (`?trang=500`) against its first page, render time.

    .venv/bin/python bench/deep_pages.py                      # SQLite, 20,000 articles
    PG_BENCH_URL=postgres://postgres@127.0.0.1:PORT/toasoan \\
        .venv/bin/python bench/deep_pages.py                  # SQLite, then PostgreSQL
    .venv/bin/python bench/deep_pages.py --engine pg          # PostgreSQL only ($PG_BENCH_URL,
                                                              # else scripts/pg-test-server.sh url)
    .venv/bin/python bench/deep_pages.py --articles 5000 --page 200 --renders 10

Each engine runs in a child process on a fresh database (bench/children.py): `migrate`, one
section, `--articles` articles in it by the importer's bulk path (`ANALYZE` on PostgreSQL); then Django's test
client renders the section's page 1 and page `--page` (20 articles a page), the page cache off,
`--renders` renders a round, best of three rounds, CPU milliseconds per render: the process's
own (SQLite works inside it) and, on PostgreSQL, its server process's for the connection (read
from /proc): a shared machine's load does not inflate CPU time as it does wall-clock time.

Three ways in the same run, on the same data:

- `offset`: what the section page did before: Django's Paginator over the list's queryset,
  `LIMIT 20 OFFSET 9980` on the full rows with their subqueries (section, comment count), and
  without the PostgreSQL index `article_newest_first` (dropped for this measurement);
- `deferred join, no index`: `listing.DeferredList` (ids first, then the page's rows), the index
  still dropped;
- `deferred join`: what the product does now, with the index (migration articles 0005).

The figure that matters is the ratio page N / page 1 within one way; the machine is shared, so
compare the ways within a run, not runs. The load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import children

REPO = Path(__file__).resolve().parent.parent
SECTION_SLUG = "luu-tru"
ROUNDS = 3


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "pg", "both"], default=None)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--page", type=int, default=500)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args()


# --------------------------------------------------------------------------- child: one engine


def records(count: int):
    """`count` distinct articles, one a day going back in time (JSON lines for the importer)."""
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    lead = "Ủy ban nhân dân phường tổ chức hội nghị sơ kết công tác quý, đánh giá kết quả thực hiện."
    for number in range(count):
        yield json.dumps(
            {
                "id": f"deep-{number}",
                "title": f"Hội nghị sơ kết công tác số {number} của phường Tân An",
                "published": (start - timedelta(hours=6 * number)).isoformat(),
                "lead": lead,
                "body": f"{lead}\n\n{lead}",
                "source": "bench-deep-pages",
            },
            ensure_ascii=False,
        )


def build(count: int):
    from django.core.management import call_command
    from django.db import connection

    from toasoan.importer.parsers import read_inputs
    from toasoan.importer.services.importing import import_records
    from toasoan.importer.services.sections import get_home_page
    from toasoan.sections.models import SectionPage

    call_command("migrate", verbosity=0, interactive=False)
    home = get_home_page()
    section = home.add_child(instance=SectionPage(title="Lưu trữ", slug=SECTION_SLUG))
    section.save_revision().publish()
    path = Path(os.environ["TOASOAN_VAR_DIR"]) / "deep.jsonl"
    path.write_text("\n".join(records(count)) + "\n", encoding="utf-8")
    outcomes = list(import_records(read_inputs([path], lazy=True), section_slug=SECTION_SLUG, jobs=0))
    created = sum(1 for outcome in outcomes if str(outcome.status) == "created")
    if connection.vendor == "postgresql":
        # Autovacuum would have analysed a table this size by the time readers come. Not on
        # SQLite: nothing in the product runs ANALYZE there, and with statistics for the page
        # table but none for the empty view-restriction table its planner drives every list's
        # restriction check from the page table, a scan of every page per article listed.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    section.refresh_from_db()
    return section, created


def cpu_clock():
    """Seconds of CPU used by this process and, on PostgreSQL, by its connection's server process
    (read from /proc: the server runs on this machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return time.process_time
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def clock() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return time.process_time() + (int(fields[11]) + int(fields[12])) / ticks  # utime, stime

    return clock


def render_ms(client, url: str, renders: int) -> tuple[float, int, int]:
    """(best round's milliseconds per render, queries per render, articles on the page).

    CPU time, which the other work on a shared machine does not inflate: this process's (SQLite
    works inside it), plus on PostgreSQL the CPU time of the server process that serves this
    connection (the test client keeps one connection across requests)."""
    from django.db import connection

    clock = cpu_clock()
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(url)
    shown = response.content.count(b'<article class="item')
    best = float("inf")
    for _ in range(ROUNDS):
        started = clock()
        for _ in range(renders):
            client.get(url)
        best = min(best, (clock() - started) / renders * 1000)
    return best, len(queries), shown


def child(spec: dict) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from toasoan.articles.services import listing

    section, created = build(spec["articles"])
    client = Client(HTTP_HOST="localhost")
    first, deep = section.url, f"{section.url}?trang={spec['page']}"
    deferred = listing.DeferredList

    def drop_index() -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX IF EXISTS article_newest_first")
                cursor.execute("ANALYZE articles_articlepage")

    def restore_index() -> None:
        if connection.vendor == "postgresql":
            from importlib import import_module

            migration = import_module("toasoan.articles.migrations.0005_newest_first_index")
            with connection.cursor() as cursor:
                cursor.execute(migration.CREATE_POSTGRESQL)
                cursor.execute("ANALYZE articles_articlepage")

    ways = {}
    drop_index()
    listing.DeferredList = lambda queryset: queryset  # the Paginator over the queryset, as before
    try:
        ways["offset"] = {
            page: render_ms(client, url, spec["renders"]) for page, url in (("1", first), ("N", deep))
        }
    finally:
        listing.DeferredList = deferred
    ways["deferred join, no index"] = {
        page: render_ms(client, url, spec["renders"]) for page, url in (("1", first), ("N", deep))
    }
    restore_index()
    ways["deferred join"] = {
        page: render_ms(client, url, spec["renders"]) for page, url in (("1", first), ("N", deep))
    }
    return {
        "engine": connection.vendor,
        "articles": created,
        "page": spec["page"],
        "renders": spec["renders"],
        "ways": {
            name: {
                "page_1_ms": round(figures["1"][0], 2),
                "page_n_ms": round(figures["N"][0], 2),
                "ratio": round(figures["N"][0] / figures["1"][0], 2),
                "queries": [figures["1"][1], figures["N"][1]],
                "shown": [figures["1"][2], figures["N"][2]],
            }
            for name, figures in ways.items()
        },
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }


# --------------------------------------------------------------------------- parent


def main() -> None:
    args = parse_args()
    if args.child:
        sys.path.insert(0, str(REPO))
        print(json.dumps(child(json.loads(args.child))))
        return
    os.environ["PAGE_CACHE"] = "false"
    os.environ["EDITORIAL_SAFETY_NET_SECONDS"] = "0"
    if os.environ.get("PG_BENCH_URL"):
        os.environ["DATABASE_URL"] = os.environ["PG_BENCH_URL"]  # where children.pg_url looks first
    engine = args.engine or ("both" if os.environ.get("PG_BENCH_URL") else "sqlite")
    engines = ["sqlite", "pg"] if engine == "both" else [engine]
    spec = {"articles": args.articles, "page": args.page, "renders": args.renders}
    for name in engines:
        result = children.measure(__file__, name, spec)
        print(json.dumps(result, ensure_ascii=False))
        print(
            f"{result['engine']}: {result['articles']} articles in one section, page 1 vs page "
            f"{result['page']}, CPU ms per render (with the server's on PostgreSQL) "
            f"(best of {ROUNDS} rounds of {result['renders']}), "
            f"load average {result['load_average']}:"
        )
        for way, figures in result["ways"].items():
            print(
                f"  {way:26} page 1 {figures['page_1_ms']:8.2f}   page {result['page']} "
                f"{figures['page_n_ms']:8.2f}   × {figures['ratio']:.2f}   queries {figures['queries']}"
            )


if __name__ == "__main__":
    main()
