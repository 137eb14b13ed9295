"""Search speed at newsroom scale: the corpus repeated to 100,000 articles, queried through the real view.

    .venv/bin/python bench/search_speed.py [--engine sqlite|postgresql] [--total 100000] [--queries 100]

Builds a throwaway portal (bench/search_corpus.py: the corpus repeated with new ids and
dates shifted back 53 days per copy), indexes it with the real service (timed: indexing
throughput), then times GET /tim-kiem/?q=… through Django's test client — URL routing,
middleware, the search, the listing query, snippets, the template — for queries drawn
from the corpus titles the way readers type them:

* 1, 2, 3 syllables  — a random span of a random title, folded to ASCII (unquoted);
* 2 syllables, accented — the same, as written (adds the exact-diacritics sets);
* phrase             — a quoted 2–3-syllable span, folded;
* headline           — a whole title, folded (the long queries near matches are looked for);
* headline, 1 word wrong — the same with one of its words replaced by another title's;
* autocomplete       — GET /tim-kiem/goi-y.json with 1–2 syllables and 2 letters of the next.

Before the timing, the newest 300 articles are indexed again (``--republish``), as a day of
publishing leaves the index of a serving database (docs/search.md, "Pending lists").

Reports p50 / p95 / max in milliseconds for the page, p50 / p95 for the same query through
/tim-kiem.json (the search without base.html's header), and the median number of matches.  A
SQLite database is held in memory while it is queried (search_corpus.hold_in_memory: the
development boxes write idle page cache out after a minute).  Figures, not
assertions: the machine is shared, so the load average is printed next to them.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time

from search_corpus import build_portal, hold_in_memory, load_average, load_corpus, percentile, setup


def spans(records: list[dict], rng: random.Random, size: int, count: int, *, fold: bool) -> list[str]:
    from toasoan import vntext
    from toasoan.search.services.text import words

    found: list[str] = []
    while len(found) < count:
        title = vntext.normalize(rng.choice(records)["title"])
        parts = [vntext.fold(word) for word in words(title)] if fold else words(title)
        parts = [part for part in parts if part]
        if len(parts) < size:
            continue
        start = rng.randrange(len(parts) - size + 1)
        found.append(" ".join(parts[start : start + size]))
    return found


def headlines(records: list[dict], rng: random.Random, count: int, *, wrong: bool) -> list[str]:
    from toasoan import vntext

    found: list[str] = []
    while len(found) < count:
        tokens = vntext.fold(rng.choice(records)["title"]).split()
        if len(tokens) < 5:
            continue
        if wrong:
            others = vntext.fold(rng.choice(records)["title"]).split()
            tokens[rng.randrange(len(tokens))] = rng.choice(others) if others else "xyz"
        found.append(" ".join(tokens))
    return found


def report_build(built, total: int) -> None:
    print(f"Portal: {total} articles written in {built.seconds_pages:.0f} s (bulk, not the search code)")
    print(
        f"Indexing (indexing.rebuild, batches of 500): {built.indexed} articles "
        f"in {built.seconds_index:.0f} s = {built.indexed / built.seconds_index:.0f} articles/s; "
        f"load average {load_average()}"
    )


def republish(count: int) -> str:
    """Index the newest *count* articles again, as a day of publishing and corrections does.

    A database that serves readers is never as its build and a VACUUM left it: PostgreSQL's GIN
    indexes hold the day's new entries in pending lists that every search reads whole (up to
    their limit, migration 0011), SQLite's FTS5 tables small segments of their own.
    """
    from toasoan.search.models import SearchDocument
    from toasoan.search.services import indexing

    newest = list(SearchDocument.objects.order_by("-sort_key").values_list("page_id", flat=True)[:count])
    started = time.perf_counter()
    result = indexing.index_pages(newest)
    seconds = time.perf_counter() - started
    return f"Republished the newest {result.indexed} articles in {seconds:.1f} s (indexed again)"


def server_memory() -> str:
    """PostgreSQL's shared_buffers: with the default 128 MB a 100,000-article index (2.3 GB) is read
    through the OS cache on every new query, which a production server's memory would not do."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        return f" (shared_buffers {cursor.fetchone()[0]})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--total", type=int, default=100_000, help="articles (default 100,000)")
    parser.add_argument("--queries", type=int, default=100, help="queries per kind (default 100)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--republish",
        type=int,
        default=300,
        metavar="N",
        help="index the newest N articles again before timing, as a day of publishing does "
        "(default 300; 0: the index as its build and VACUUM left it)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (to inspect it)")
    parser.add_argument(
        "--reuse",
        metavar="URL_OR_DIR",
        help="time queries on a portal a --keep run built (no build, no indexing)",
    )
    args = parser.parse_args()

    where = setup(args.engine, keep=args.keep, reuse=args.reuse)
    from django.test import Client

    records = load_corpus()
    print(f"Database: {where}{server_memory()}; load average {load_average()}")
    from django.db import connection

    if connection.vendor == "sqlite":
        print(hold_in_memory(str(connection.settings_dict["NAME"])))
    if not args.reuse:
        report_build(build_portal(records, args.total), args.total)
    if args.republish:
        print(republish(args.republish))

    rng = random.Random(args.seed)
    n = args.queries
    kinds = {
        "1 syllable": ("/tim-kiem/", spans(records, rng, 1, n, fold=True)),
        "2 syllables": ("/tim-kiem/", spans(records, rng, 2, n, fold=True)),
        "3 syllables": ("/tim-kiem/", spans(records, rng, 3, n, fold=True)),
        "2 syllables, accented": ("/tim-kiem/", spans(records, rng, 2, n, fold=False)),
        "phrase (quoted 2–3)": (
            "/tim-kiem/",
            [f'"{span}"' for size in (2, 3) for span in spans(records, rng, size, n // 2, fold=True)],
        ),
        "headline": ("/tim-kiem/", headlines(records, rng, n, wrong=False)),
        "headline, 1 word wrong": ("/tim-kiem/", headlines(records, rng, n, wrong=True)),
        "autocomplete": (
            "/tim-kiem/goi-y.json",
            [
                f"{span[: span.rfind(' ') + 3]}"
                for size in (2, 3)
                for span in spans(records, rng, size, n // 2, fold=True)
            ],
        ),
    }

    from toasoan.search.services import searching
    from toasoan.search.services.text import parse_query

    client = Client()
    gc.freeze()  # as a worker of the app server does once started (toasoan.delivery.wsgi)
    for url, queries in kinds.values():  # warm: caches, statements, the OS page cache
        for query in queries[:5]:
            client.get(url, {"q": query})

    def timed(url: str, query: str) -> float:
        started = time.perf_counter()
        response = client.get(url, {"q": query})
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, query, response.status_code)
        return elapsed

    baseline = [timed("/tim-kiem/", "") for _ in range(n)]
    print(
        f"\nBaseline, the search page without a query (base.html, header navigation, middleware): "
        f"p50 {percentile(baseline, 0.5):.1f} ms, p95 {percentile(baseline, 0.95):.1f} ms"
    )
    print(
        f"\n{'query kind':<24}{'n':>5}{'page p50':>10}{'p95':>8}{'max':>8}"
        f"{'JSON p50':>10}{'p95':>8}{'matches (median)':>18}"
    )
    for name, (url, queries) in kinds.items():
        page_times = [timed(url, query) for query in queries]
        json_times = [timed("/tim-kiem.json", query) for query in queries] if url == "/tim-kiem/" else []
        counts = [searching.search(parse_query(query)).count() for query in queries] if json_times else []
        matches = f"{statistics.median(counts):,.0f}" if counts else "–"
        json_cols = (
            f"{percentile(json_times, 0.5):>10.1f}{percentile(json_times, 0.95):>8.1f}"
            if json_times
            else f"{'–':>10}{'–':>8}"
        )
        print(
            f"{name:<24}{len(page_times):>5}"
            f"{percentile(page_times, 0.5):>10.1f}{percentile(page_times, 0.95):>8.1f}"
            f"{max(page_times):>8.1f}{json_cols}{matches:>18}"
        )
    print(f"\nload average {load_average()}")


if __name__ == "__main__":
    main()
