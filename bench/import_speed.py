"""Import speed and memory: the whole corpus into a fresh database, SQLite and/or PostgreSQL.

    .venv/bin/python bench/import_speed.py                     # SQLite, the whole corpus
    .venv/bin/python bench/import_speed.py --engine pg         # PostgreSQL ($DATABASE_URL, or
                                                               # scripts/pg-test-server.sh url)
    .venv/bin/python bench/import_speed.py --limit 2000 --one-by-one   # Wagtail's own way, to compare
    .venv/bin/python bench/import_speed.py --memory 2000,8000  # peak memory for two input sizes
    .venv/bin/python bench/import_speed.py --jobs 0            # no worker processes (default: automatic)

Each measurement runs in a child process with a fresh database: a new SQLite file in a
temporary folder, or a new PostgreSQL database created for the run and dropped after it.
``migrate`` runs first (not timed); then ``import_records`` reads the corpus
(``../shared/corpus/articles.jsonl.gz``, 14,461 articles) and the time from the first
record read to the last page written is measured, as are the rate, Python's peak memory
(tracemalloc, in a separate run since tracing slows Python down) and the process's peak
resident size. ``--jobs`` is the number of worker processes parsing records and preparing
their search text (``import_records(jobs=...)``; default: what ``import_articles`` would
choose); the CPU time is reported for the main process and for the workers. A second
pass over the same input is timed too: every record ``unchanged``.

The goal on this machine (2 cores): ≥ 500 articles/s on SQLite.
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
CORPUS = REPO.parent / "shared" / "corpus" / "articles.jsonl.gz"
GOAL_SQLITE = 500.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "pg", "both"], default="sqlite")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="import only the first N records")
    parser.add_argument("--one-by-one", action="store_true", help="Wagtail's add_child + publish per page")
    parser.add_argument("--no-rerun", action="store_true", help="skip the second (all unchanged) pass")
    parser.add_argument(
        "--memory", metavar="N,M", help="also measure tracemalloc peaks for two synthetic input sizes"
    )
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: automatic)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args()


# --------------------------------------------------------------------------- child: one measurement


def child(spec: dict) -> dict:
    import resource
    import tracemalloc

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from toasoan.importer.parsers import read_inputs
    from toasoan.importer.services import pipeline
    from toasoan.importer.services.importing import import_records

    call_command("migrate", verbosity=0, interactive=False)
    path = Path(spec["corpus"])
    if spec.get("synthetic"):
        path = synthetic_corpus(Path(spec["workdir"]), spec["synthetic"])

    # "Automatic" as import_articles has it; the inputs here are far longer than
    # pipeline.AUTO_MIN_INPUTS, so it means auto_jobs() workers.
    jobs = spec.get("jobs")
    jobs_used = jobs if jobs is not None else pipeline.auto_jobs()

    def children_cpu() -> float:
        # Workers are joined when the import ends, so their CPU time is counted by then.
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def run() -> tuple[dict, float, float, float]:
        items = read_inputs([path], lazy=True)
        if spec.get("limit"):
            from itertools import islice

            items = islice(items, spec["limit"])
        counts: dict[str, int] = {}
        started, cpu_started, workers_started = time.perf_counter(), time.process_time(), children_cpu()
        for outcome in import_records(items, use_bulk=not spec.get("one_by_one"), jobs=jobs):
            counts[str(outcome.status)] = counts.get(str(outcome.status), 0) + 1
        return (
            counts,
            time.perf_counter() - started,
            time.process_time() - cpu_started,
            children_cpu() - workers_started,
        )

    if spec.get("trace"):
        tracemalloc.start()
    counts, elapsed, cpu, workers_cpu = run()
    total = sum(counts.values())
    result = {
        "engine": connection.vendor,
        "jobs": jobs_used,
        "counts": counts,
        "seconds": round(elapsed, 2),
        "rate": round(total / elapsed, 1),
        # CPU time, the import's own: on a shared machine the wall clock also counts others' work.
        "cpu_seconds": round(cpu, 2),
        "workers_cpu_seconds": round(workers_cpu, 2),
        # Per CPU second of the main process and the workers together, and of the main alone
        # (the one that sets the pace when the workers keep up).
        "rate_per_cpu_second": round(total / (cpu + workers_cpu), 1),
        "rate_per_main_cpu_second": round(total / cpu, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }
    if spec.get("trace"):
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    if spec.get("rerun"):
        counts, elapsed, cpu, workers_cpu = run()
        total = sum(counts.values())
        result["rerun"] = {
            "counts": counts,
            "seconds": round(elapsed, 2),
            "rate": round(total / elapsed, 1),
            "rate_per_cpu_second": round(total / (cpu + workers_cpu), 1),
        }
    from wagtail.models import Page

    problems = Page.find_problems()
    result["find_problems"] = [len(problem) for problem in problems]
    return result


def synthetic_corpus(folder: Path, count: int) -> Path:
    """*count* distinct corpus-like records (a few paragraphs each), as a JSON-lines file."""
    path = folder / f"synthetic-{count}.jsonl"
    sections = ["Thời sự", "Thể thao", "Kinh doanh", "Giáo dục", "Văn hóa"]
    paragraph = (
        "Sáng nay, Ủy ban nhân dân thành phố tổ chức hội nghị sơ kết công tác quý, "
        "đánh giá kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội "
        "và đề ra giải pháp cho thời gian tới."
    )
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            record = {
                "id": f"synthetic-{number}",
                "title": f"Hội nghị sơ kết công tác quý số {number} của thành phố",
                "section": sections[number % len(sections)],
                "published": f"2020-{number % 12 + 1:02d}-{number % 28 + 1:02d}T08:00:00+07:00",
                "lead": f"Bài số {number}: {paragraph}",
                "body": "\n\n".join([paragraph] * 6),
                "source": "synthetic",
                "author": "Minh Anh",
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# --------------------------------------------------------------------------- parent: databases


def measure(engine: str, spec: dict) -> dict:
    return children.measure(__file__, engine, spec)


def main() -> None:
    args = parse_args()
    if args.child:
        sys.path.insert(0, str(REPO))
        print(json.dumps(child(json.loads(args.child))))
        return
    if not args.corpus.is_file():
        raise SystemExit(f"corpus not found: {args.corpus} (../shared is needed)")
    engines = ["sqlite", "pg"] if args.engine == "both" else [args.engine]
    spec = {
        "corpus": str(args.corpus),
        "limit": args.limit,
        "one_by_one": args.one_by_one,
        "rerun": not args.no_rerun,
        "jobs": args.jobs,
    }
    for engine in engines:
        result = measure(engine, spec)
        print(json.dumps(result, ensure_ascii=False))
        if engine == "sqlite" and not args.limit and not args.one_by_one:
            verdict = "meets" if result["rate"] >= GOAL_SQLITE else "misses"
            print(
                f"SQLite, jobs {result['jobs']}: {result['rate']} articles/s, "
                f"{result['rate_per_cpu_second']} per CPU second (main and workers), "
                f"{result['rate_per_main_cpu_second']} per main-process CPU second; load average "
                f"{result['load_average']} ({verdict} the {GOAL_SQLITE:.0f}/s goal)"
            )
        if args.memory:
            small, large = (int(part) for part in args.memory.split(","))
            peaks = {}
            for size in (small, large):
                traced = measure(
                    engine, {**spec, "synthetic": size, "trace": True, "rerun": False, "limit": None}
                )
                peaks[size] = traced["tracemalloc_peak_mb"]
                print(json.dumps({"synthetic": size, **traced}, ensure_ascii=False))
            print(f"{engine}: tracemalloc peak {peaks[small]} MB for {small}, {peaks[large]} MB for {large} "
                  f"(× {peaks[large] / peaks[small]:.2f} for × {large / small:.0f} the input)")  # fmt: skip


if __name__ == "__main__":
    main()
