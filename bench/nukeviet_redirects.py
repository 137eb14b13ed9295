"""Old NukeViet addresses at scale: Wagtail's redirects in bulk against the NukeViet lookup route.

    .venv/bin/python bench/nukeviet_redirects.py                    # 1,000,000 addresses, SQLite
    .venv/bin/python bench/nukeviet_redirects.py --size 200000      # a smaller portal
    .venv/bin/python bench/nukeviet_redirects.py --engine pg        # PostgreSQL ($DATABASE_URL, or
                                                                    # scripts/pg-test-server.sh url)

A child process with a fresh database (as bench/import_speed.py does) migrates, makes 200 pages
and a ledger of ``--size`` rows, each with the two addresses NukeViet printed for an article
(``/vi/news/<cat>/<alias>-<id>.html`` and its ``index.php?language=vi&nv=news&op=…`` form). Then:

- **build**: `services.redirects.rebuild` (the ledger → `LegacyUrl`, one key per row) against
  ``Redirect.objects.bulk_create`` of Wagtail's `wagtail.contrib.redirects` (one row per printed
  address, ``Redirect.normalise_path`` as Wagtail's own import does);
- **lookup**: ``--sample`` addresses drawn at random, half as printed and half as readers and
  other sites spell them (capitals, no ``/vi/``, no ``.html``, parameters in another order):
  `redirects.find` against the lookup Wagtail's middleware makes (``Redirect.get_for_site(site)
  .get(old_path=…)`` then ``redirect.link``), with the hits each finds and the queries per lookup;
- **request**: ``--requests`` addresses through the whole stack (Django's test client, every
  middleware): ours routed (``/vi/…``: one query, 301), and Wagtail's way: the request is first
  a 404 (the portal's 404 page is rendered), then Wagtail's middleware finds the redirect.

Prints one JSON line per engine and a Markdown table (docs/migration.md keeps the figures).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import children

REPO = Path(__file__).resolve().parent.parent
PAGES = 200
CHUNK = 10_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "pg", "both"], default="sqlite")
    parser.add_argument("--size", type=int, default=1_000_000, help="ledger rows (two addresses each)")
    parser.add_argument("--sample", type=int, default=5000, help="addresses looked up by function")
    parser.add_argument("--requests", type=int, default=500, help="addresses requested through the stack")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args()


def printed(i: int) -> list[str]:
    op = f"muc-{i % 50}/bai-viet-so-{i}-{i}.html"
    return [f"/vi/news/{op}", f"/index.php?language=vi&nv=news&op={op}"]


def spelled(i: int, rng: random.Random) -> str:
    """How a reader or another site may hold the address: not as NukeViet printed it."""
    op = f"muc-{i % 50}/bai-viet-so-{i}-{i}"
    return rng.choice(
        [
            f"/vi/news/{op.upper()}.html",
            f"/news/{op}.html",
            f"/vi/news/{op}/",
            f"/index.php?op={op}.html&nv=news&language=vi",
            f"/index.php?language=vi&amp;nv=news&amp;op={op}.html",
        ]
    )


# --------------------------------------------------------------------------- child: one engine


def child(spec: dict) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Page, Site

    from toasoan.nukeviet.models import LegacyRecord, LegacyUrl
    from toasoan.nukeviet.services import redirects
    from toasoan.sections.models import SectionPage

    call_command("migrate", verbosity=0, interactive=False)
    size, rng = spec["size"], random.Random(20261206)
    site = Site.objects.get(is_default_site=True)
    Site.objects.filter(pk=site.pk).update(hostname="cong.example.vn", port=443)
    home = site.root_page.specific
    pages = []
    for n in range(PAGES):
        page = SectionPage(title=f"Chuyên mục {n}", slug=f"chuyen-muc-{n}")
        home.add_child(instance=page)
        pages.append(page.pk)

    started = time.perf_counter()
    for start in range(0, size, CHUNK):
        LegacyRecord.objects.bulk_create(
            LegacyRecord(
                source="bench", module="news", key=str(i), page_id=pages[i % PAGES], old_urls=printed(i)
            )
            for i in range(start, min(size, start + CHUNK))
        )
    ledger_seconds = time.perf_counter() - started

    started = time.perf_counter()
    report = redirects.rebuild("bench")
    ours_build = time.perf_counter() - started
    assert report.mapped == size and not report.unmapped, report.summary()

    started = time.perf_counter()
    for start in range(0, size, CHUNK):
        Redirect.objects.bulk_create(
            Redirect(old_path=Redirect.normalise_path(url), site=None, redirect_page_id=pages[i % PAGES])
            for i in range(start, min(size, start + CHUNK))
            for url in printed(i)
        )
    wagtail_build = time.perf_counter() - started

    sample = [rng.randrange(size) for _ in range(spec["sample"])]
    addresses = [printed(i)[n % 2] if n % 2 else spelled(i, rng) for n, i in enumerate(sample)]
    Site.get_site_root_paths()

    def timed(lookup) -> tuple[float, int, float]:
        hits = 0
        started = time.perf_counter()
        for address in addresses:
            hits += lookup(address) is not None
        elapsed = time.perf_counter() - started
        with CaptureQueriesContext(connection) as queries:
            lookup(addresses[1])
        return elapsed / len(addresses) * 1e6, hits, len(queries)

    def wagtail_lookup(address: str):
        path = Redirect.normalise_path(address, decode_unicode=False)
        try:
            return Redirect.get_for_site(site).get(old_path=path).link
        except Redirect.DoesNotExist:
            return None

    ours_us, ours_hits, ours_queries = timed(redirects.find)
    wagtail_us, wagtail_hits, wagtail_queries = timed(wagtail_lookup)

    client = Client()  # the answer names the Site's address, not this host
    paths = [printed(i)[0] for i in sample[: spec["requests"]]]

    def per_request() -> tuple[float, dict]:
        statuses: dict[int, int] = {}
        started = time.perf_counter()
        for path in paths:
            status = client.get(path).status_code
            statuses[status] = statuses.get(status, 0) + 1
        return (time.perf_counter() - started) / len(paths) * 1000, statuses

    sizes = table_sizes(connection, [LegacyUrl._meta.db_table, Redirect._meta.db_table])
    client.get(paths[0])  # templates and caches warm for both
    ours_ms, ours_statuses = per_request()
    LegacyUrl.objects.all().delete()  # from here on only Wagtail's redirects answer
    client.get(paths[0])
    wagtail_ms, wagtail_statuses = per_request()

    return {
        "engine": connection.vendor,
        "ours_mb": sizes[LegacyUrl._meta.db_table],
        "wagtail_mb": sizes[Redirect._meta.db_table],
        "size": size,
        "addresses": 2 * size,
        "pages": Page.objects.count(),
        "ledger_seconds": round(ledger_seconds, 1),
        "ours_build_seconds": round(ours_build, 1),
        "ours_rows": size,
        "wagtail_build_seconds": round(wagtail_build, 1),
        "wagtail_rows": 2 * size,
        "ours_lookup_us": round(ours_us, 1),
        "ours_hits": f"{ours_hits}/{len(addresses)}",
        "ours_queries": ours_queries,
        "wagtail_lookup_us": round(wagtail_us, 1),
        "wagtail_hits": f"{wagtail_hits}/{len(addresses)}",
        "wagtail_queries": wagtail_queries,
        "ours_request_ms": round(ours_ms, 2),
        "ours_statuses": ours_statuses,
        "wagtail_request_ms": round(wagtail_ms, 2),
        "wagtail_statuses": wagtail_statuses,
    }


def table_sizes(connection, tables: list[str]) -> dict[str, float]:
    """Megabytes on disk of each table with its indexes (measured while both are full)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat d JOIN sqlite_master m ON m.name = d.name "
                "GROUP BY m.tbl_name"
            )
            found = dict(cursor.fetchall())
        else:
            found = {}
            for table in tables:
                cursor.execute("SELECT pg_total_relation_size(%s)", [table])
                found[table] = cursor.fetchone()[0]
    return {table: round((found.get(table) or 0) / 1e6, 1) for table in tables}


# --------------------------------------------------------------------------- parent


def measure(engine: str, spec: dict) -> dict:
    return children.measure(__file__, engine, spec)


def table(results: list[dict]) -> str:
    lines = [
        "| engine | addresses | build s: ours / Wagtail | MB: ours / Wagtail | lookup µs: ours / Wagtail "
        "| hits: ours / Wagtail "
        "| queries: ours / Wagtail | request ms: ours / Wagtail |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    pairs = [
        ("build", "ours_build_seconds", "wagtail_build_seconds"),
        ("size", "ours_mb", "wagtail_mb"),
        ("lookup", "ours_lookup_us", "wagtail_lookup_us"),
        ("hits", "ours_hits", "wagtail_hits"),
        ("queries", "ours_queries", "wagtail_queries"),
        ("request", "ours_request_ms", "wagtail_request_ms"),
    ]
    for r in results:
        cells = [
            r["engine"],
            f"{r['addresses']:,}",
            *(f"{r[ours]} / {r[theirs]}" for _, ours, theirs in pairs),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    if args.child:
        sys.path.insert(0, str(REPO))
        print(json.dumps(child(json.loads(args.child))))
        return
    engines = ["sqlite", "pg"] if args.engine == "both" else [args.engine]
    spec = {"size": args.size, "sample": args.sample, "requests": args.requests}
    results = []
    for engine in engines:
        result = measure(engine, spec)
        print(json.dumps(result, ensure_ascii=False), flush=True)
        results.append(result)
    print(table(results))


if __name__ == "__main__":
    main()
