"""NukeViet import speed: a synthetic portal's dump into a fresh database, SQLite and/or PostgreSQL.

    .venv/bin/python bench/nukeviet_import.py                    # SQLite, 5,000 articles
    .venv/bin/python bench/nukeviet_import.py --articles 20000   # a bigger portal
    .venv/bin/python bench/nukeviet_import.py --engine pg        # PostgreSQL ($DATABASE_URL, or
                                                                 # scripts/pg-test-server.sh url)

The dump is written first (not timed) in NukeViet 4.x's shape, as ``mysqldump`` writes it:
the fixture portal's eight categories, three sources, authors, fifty tags, then N articles
with their ``detail`` rows (six paragraphs, a picture in one article of ten, three tags
each), one in twenty a draft, one in fifty scheduled, and a comment on one article of four.
Each measurement runs in a child process with a fresh database (``migrate`` first, not
timed); the time from opening the dump to the last comment written is measured
(``services.run.import_dump``: reading, categories, articles, comments), and the rate is
articles per second. A second run over the same dump is timed too: every row unchanged.

The goal on this machine (2 cores): ≥ 200 articles/s on SQLite.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import children

REPO = Path(__file__).resolve().parent.parent
FIXTURE_PARTS = REPO / "toasoan" / "nukeviet" / "tests" / "fixtures" / "dump"
GOAL_SQLITE = 200.0
PARAGRAPH = (
    "Sáng nay, Ủy ban nhân dân huyện tổ chức hội nghị sơ kết công tác quý, đánh giá kết quả thực hiện "
    "nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh và đề ra giải pháp cho thời gian tới."
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "pg", "both"], default="sqlite")
    parser.add_argument("--articles", type=int, default=5000, help="articles in the synthetic dump")
    parser.add_argument("--no-rerun", action="store_true", help="skip the second (all unchanged) run")
    parser.add_argument(
        "--all-published", action="store_true", help="no drafts nor scheduled articles (the bulk path only)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args()


# --------------------------------------------------------------------------- the synthetic dump


def _q(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
    return f"'{text}'"


def _inserts(table: str, rows: list[tuple], per_statement: int = 100) -> str:
    lines = []
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        values = ",".join("(" + ",".join(map(_q, row)) + ")" for row in chunk)
        # A file for the dump reader, never run against a database.
        lines.append(f"INSERT INTO `{table}` VALUES {values};")  # noqa: S608
    return "\n".join(lines) + "\n"


def _fixture_create(part: str, table: str) -> str:
    """The CREATE TABLE of *table* as the fixture dump writes it (one schema for tests and bench)."""
    text = (FIXTURE_PARTS / part).read_text(encoding="utf-8")
    start = text.index(f"CREATE TABLE `{table}`")
    return text[start : text.index(";", start) + 1] + "\n"


def write_dump(folder: Path, count: int, *, all_published: bool = False) -> tuple[Path, Path]:
    """A NukeViet dump of *count* articles and its uploads folder (one picture)."""
    from PIL import Image

    uploads = folder / "uploads"
    picture = uploads / "news" / "2024_01" / "anh-hoi-nghi.jpg"
    picture.parent.mkdir(parents=True)
    Image.new("RGB", (80, 60), (40, 110, 160)).save(picture, format="JPEG")
    base = int(datetime(2020, 1, 1, tzinfo=UTC).timestamp())
    ahead = int(datetime(2099, 1, 1, tzinfo=UTC).timestamp())
    cats = [1, 2, 3, 4, 5, 6]
    rows, details, tags_id, authorlist, comments = [], [], [], [], []
    for number in range(1, count + 1):
        status = 1 if all_published else 4 if number % 20 == 0 else 2 if number % 50 == 1 else 1
        publ = ahead + number if status == 2 else base + number * 3600
        cat = cats[number % len(cats)]
        title = f"Hội nghị sơ kết công tác quý số {number} của huyện"
        alias = f"hoi-nghi-so-ket-cong-tac-quy-so-{number}-cua-huyen"
        rows.append(
            (
                number,
                cat,
                str(cat),
                0,
                1,
                "Minh Anh",
                1 + number % 3,
                publ,
                publ,
                status,
                number,
                publ,
                0,
                0,
                title,
                alias,
                f"Bài số {number}: {PARAGRAPH}",
                "",
                "",
                0,
                1,
                "4",
                1,
                0,
                0,
                0,
                0,
                0,
                0,
                "",
                0,
            )
        )
        body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(6))
        if number % 10 == 0:
            body += (
                '<figure class="image"><img src="/uploads/news/2024_01/anh-hoi-nghi.jpg" alt="Hội nghị" />'
                "<figcaption>Quang cảnh hội nghị</figcaption></figure>"
            )
        details.append((number, "", "", body, None, "", "", "", 1, "", 0, 1, 1, 1))
        for offset in range(3):
            tid = (number + offset * 17) % 50 + 1
            tags_id.append((number, tid, f"từ khóa {tid}"))
        authorlist.append((number, 1 + number % 3, f"tac-gia-{1 + number % 3}", f"Tác giả {1 + number % 3}"))
        if number % 4 == 0:
            comments.append(
                (
                    number // 4,
                    "news",
                    0,
                    number,
                    0,
                    "Cảm ơn bài viết, thông tin rất hữu ích.",
                    "",
                    publ + 600,
                    0,
                    "Bạn đọc",
                    "",
                    "",
                    1,
                    0,
                    0,
                )
            )
    tags = [(tid, 0, f"từ khóa {tid}", f"tu-khoa-{tid}", "", "", "") for tid in range(1, 51)]
    authors = [
        (aid, aid + 10, f"tac-gia-{aid}", f"Tác giả {aid}", "", "", base, base, 1, 0) for aid in (1, 2, 3)
    ]
    news_part = (FIXTURE_PARTS / "10-news.sql").read_text(encoding="utf-8")
    # Categories and sources as the fixture has them; the rest is written here.
    keep = ("nv4_vi_news_cat", "nv4_vi_news_sources")
    out = [news_part[: news_part.index("--\n-- Table structure")]]
    for table in keep:
        start = news_part.index(f"DROP TABLE IF EXISTS `{table}`")
        out.append(news_part[start : news_part.index("UNLOCK TABLES;", start) + len("UNLOCK TABLES;\n")])
    for table, part, data in (
        ("nv4_vi_news_rows", "10-news.sql", rows),
        ("nv4_vi_news_detail", "10-news.sql", details),
        ("nv4_vi_news_tags", "10-news.sql", tags),
        ("nv4_vi_news_tags_id", "10-news.sql", tags_id),
        ("nv4_vi_news_author", "10-news.sql", authors),
        ("nv4_vi_news_authorlist", "10-news.sql", authorlist),
        ("nv4_vi_comment", "20-comment.sql", comments),
    ):
        out.append(_fixture_create(part, table))
        out.append(_inserts(table, data))
    dump = folder / "portal.sql"
    dump.write_text("\n".join(out), encoding="utf-8")
    return dump, uploads


# --------------------------------------------------------------------------- child: one measurement


def child(spec: dict) -> dict:
    import resource

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page

    from toasoan.nukeviet.services.run import import_dump

    call_command("migrate", verbosity=0, interactive=False)
    folder = Path(spec["workdir"])
    dump, uploads = write_dump(folder, spec["articles"], all_published=spec.get("all_published", False))

    def run() -> tuple[dict, float, float]:
        started, cpu_started = time.perf_counter(), time.process_time()
        report = import_dump(dump, uploads=uploads)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        return report.as_json(), elapsed, cpu

    report, elapsed, cpu = run()
    modules = {module["module"]: module["counts"] for module in report["modules"]}
    articles = spec["articles"]
    result = {
        "engine": connection.vendor,
        "articles": articles,
        "all_published": spec.get("all_published", False),
        "counts": modules,
        "seconds": round(elapsed, 2),
        "rate": round(articles / elapsed, 1),
        "cpu_seconds": round(cpu, 2),
        "rate_per_cpu_second": round(articles / cpu, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }
    if spec.get("rerun"):
        report, elapsed, cpu = run()
        result["rerun"] = {
            "changed": report["changed"],
            "seconds": round(elapsed, 2),
            "rate": round(articles / elapsed, 1),
        }
    result["find_problems"] = [len(problem) for problem in Page.find_problems()]
    return result


# --------------------------------------------------------------------------- parent: databases


def measure(engine: str, spec: dict) -> dict:
    return children.measure(__file__, engine, spec)


def main() -> None:
    args = parse_args()
    if args.child:
        sys.path.insert(0, str(REPO))
        print(json.dumps(child(json.loads(args.child))))
        return
    engines = ["sqlite", "pg"] if args.engine == "both" else [args.engine]
    spec = {"articles": args.articles, "rerun": not args.no_rerun, "all_published": args.all_published}
    for engine in engines:
        result = measure(engine, spec)
        print(json.dumps(result, ensure_ascii=False))
        line = (
            f"{engine}: {result['articles']} articles in {result['seconds']} s, {result['rate']} articles/s "
            f"({result['rate_per_cpu_second']} per CPU second); load average {result['load_average']}"
        )
        if engine == "sqlite":
            line += (
                f" ({'meets' if result['rate'] >= GOAL_SQLITE else 'misses'} the {GOAL_SQLITE:.0f}/s goal)"
            )
        if "rerun" in result:
            line += f"; second run {result['rerun']['seconds']} s, {result['rerun']['changed']} changed"
        print(line)


if __name__ == "__main__":
    main()
