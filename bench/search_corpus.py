"""Shared by bench/search_eval.py and bench/search_speed.py: a throwaway portal full of real articles.

* `setup(engine)`: Django on a fresh database — SQLite in a temporary TOASOAN_VAR_DIR, or a
  new PostgreSQL database (dropped at exit) on the server of DATABASE_URL / PG_BENCH_URL /
  scripts/pg-test-server.sh — migrated.
* `load_corpus()`: ../shared/corpus/articles.jsonl.gz.
* `build_portal(records, total)`: live ArticlePages under a few sections, inserted in bulk
  (pages and their article rows written directly: creating 100,000 pages one by one through
  treebeard would take hours), the corpus repeated with new ids and dates until `total`.
  The search index is then built with the real service (`indexing.rebuild`), timed.
"""

from __future__ import annotations

import atexit
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "articles.jsonl.gz"
sys.path.insert(0, str(REPO))


def _pg_server_url() -> str:
    for name in ("PG_BENCH_URL", "DATABASE_URL"):
        if os.environ.get(name):
            return os.environ[name]
    return subprocess.run(
        [str(REPO / "scripts" / "pg-test-server.sh"), "url"], capture_output=True, text=True, check=True
    ).stdout.strip()


def setup(engine: str, *, keep: bool = False, reuse: str | None = None) -> str:
    """Configure and set up Django on a new, migrated database; returns a description of it.

    The new PostgreSQL database, or the temporary TOASOAN_VAR_DIR of SQLite, is deleted at
    exit unless *keep*.  *reuse* names one a previous run kept (a PostgreSQL URL, or the
    SQLite run's TOASOAN_VAR_DIR) instead.
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = "toasoan.settings.test"  # DEBUG off: no query log
    if reuse:
        if engine == "postgresql":
            os.environ["DATABASE_URL"] = reuse
        else:
            os.environ.pop("DATABASE_URL", None)
            os.environ["TOASOAN_VAR_DIR"] = reuse
        import django

        django.setup()
        return f"reused {reuse}"
    if not os.environ.get("TOASOAN_VAR_DIR"):
        os.environ["TOASOAN_VAR_DIR"] = tempfile.mkdtemp(prefix="toasoan-search-bench-")
        if not keep:
            atexit.register(shutil.rmtree, os.environ["TOASOAN_VAR_DIR"], ignore_errors=True)
    described = f"SQLite in {os.environ['TOASOAN_VAR_DIR']}"
    if engine == "postgresql":
        import psycopg

        server = _pg_server_url()
        name = f"bench_search_{os.getpid()}"
        admin_url = server.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        if not keep:
            atexit.register(drop)
        os.environ["DATABASE_URL"] = server.rsplit("/", 1)[0] + f"/{name}"
        described = f"PostgreSQL database {name} ({'kept' if keep else 'dropped at exit'})"
    else:
        os.environ.pop("DATABASE_URL", None)

    import django
    from django.core.management import call_command

    django.setup()
    if engine == "sqlite":
        # test settings point at VAR_DIR/test.sqlite3, a file like production's
        from django.conf import settings

        described = (
            f"SQLite file {settings.DATABASES['default']['NAME']} ({'kept' if keep else 'deleted at exit'})"
        )
    call_command("migrate", verbosity=0, skip_checks=True)
    return described


def load_corpus() -> list[dict]:
    if not CORPUS.is_file():
        sys.exit(f"{CORPUS} is absent: the search benchmarks need the workplace's ../shared folder")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@dataclass
class Built:
    #: page id -> index of the corpus record it copies
    record_of: dict[int, int]
    seconds_pages: float
    seconds_index: float
    indexed: int


def _section_names(records: list[dict], count: int) -> list[str]:
    from collections import Counter

    labels = Counter(record.get("section") for record in records if record.get("section"))
    names = [label for label, _ in labels.most_common(count - 1)]
    return [*names, "Tin tổng hợp"]


def build_portal(records: list[dict], total: int, *, seed: int = 20240917, batch: int = 2000) -> Built:
    """`total` live articles copying the corpus in turn (copy k shifted k*53 days back), then index them."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from wagtail.models import Locale, Page, Site

    from toasoan import vntext
    from toasoan.articles.models import ArticlePage
    from toasoan.search.services import indexing, window
    from toasoan.sections.models import SectionPage

    rng = random.Random(seed)
    home = Site.objects.get(is_default_site=True).root_page.specific
    names = _section_names(records, 7)
    sections = {name: home.add_child(instance=SectionPage(title=name, show_in_menus=True)) for name in names}
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    base_date = datetime(2025, 10, 1, tzinfo=UTC)
    next_child = dict.fromkeys(names, 0)
    record_of: dict[int, int] = {}

    page_fields = [f for f in Page._meta.concrete_fields if f.name != "id"]
    article_fields = list(ArticlePage._meta.local_concrete_fields)
    table = ArticlePage._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in article_fields)
    placeholders = "(" + ", ".join(["%s"] * len(article_fields)) + ")"

    started = time.perf_counter()
    for start in range(0, total, batch):
        pages, extras = [], []
        for number in range(start, min(total, start + batch)):
            index = number % len(records)
            copy = number // len(records)
            record = records[index]
            name = record.get("section") if record.get("section") in sections else names[-1]
            section = sections[name]
            next_child[name] += 1
            title = vntext.normalize(record["title"])[:255] or "Không tiêu đề"
            slug = f"{vntext.slugify(title, 80) or 'bai'}-{number}"
            if record.get("published"):
                published = datetime.fromisoformat(record["published"]).astimezone(UTC)
            else:
                published = base_date - timedelta(minutes=rng.randrange(60 * 24 * 365 * 8))
            published -= timedelta(days=53 * copy, minutes=rng.randrange(600))
            page = Page(
                title=title,
                draft_title=title,
                slug=slug,
                path=Page._get_path(section.path, section.depth + 1, next_child[name]),
                depth=section.depth + 1,
                numchild=0,
                url_path=f"{section.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                content_type=content_type,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
            for field in page_fields:
                if getattr(page, field.attname, None) is None and field.has_default():
                    setattr(page, field.attname, field.get_default())
            pages.append(page)
            body = [
                {"type": "paragraph", "value": f"<p>{paragraph}</p>", "id": str(uuid.uuid4())}
                for paragraph in vntext.normalize(record.get("body") or "").split("\n\n")
                if paragraph.strip()
            ]
            extras.append(
                {
                    "published_at": published,
                    "lead": vntext.normalize(record.get("lead") or ""),
                    "body": json.dumps(body, ensure_ascii=False),
                    "byline": vntext.normalize(record.get("author") or "")[:200],
                    "_record": index,
                }
            )
        with transaction.atomic():
            Page.objects.bulk_create(pages, batch_size=500)
            if connection.vendor == "sqlite" or any(page.pk is None for page in pages):
                paths = [page.path for page in pages]
                ids = dict(Page.objects.filter(path__in=paths).values_list("path", "pk"))
                for page in pages:
                    page.pk = ids[page.path]
            rows = []
            for page, extra in zip(pages, extras, strict=True):
                record_of[page.pk] = extra["_record"]
                values = []
                for field in article_fields:
                    if field.name == "page_ptr":
                        values.append(page.pk)
                    elif field.name in extra:
                        values.append(
                            extra[field.name]
                            if field.name == "body"
                            else field.get_db_prep_save(extra[field.name], connection)
                        )
                    else:
                        values.append(field.get_db_prep_save(field.get_default(), connection))
                rows.append(values)
            with connection.cursor() as cursor:
                for chunk_start in range(0, len(rows), 300):
                    chunk = rows[chunk_start : chunk_start + 300]
                    cursor.execute(
                        f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(chunk))}",  # noqa: S608
                        [value for row in chunk for value in row],
                    )
    for name, section in sections.items():
        Page.objects.filter(pk=section.pk).update(numchild=next_child[name])
    seconds_pages = time.perf_counter() - started

    started = time.perf_counter()
    result = indexing.rebuild()
    seconds_index = time.perf_counter() - started
    window.maintain()  # PostgreSQL: the recent articles' indexes, as the worker keeps them
    return Built(record_of, seconds_pages, seconds_index, result.indexed)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[position]


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def hold_in_memory(path: str) -> str:
    """Keep a database file in memory for the process's life (``mlock`` of a read-only map),
    as a serving machine's page cache keeps a busy database; says what it did.

    Some virtual machines (this project's development boxes among them: DAMON's ``pageout``
    scheme) write out page-cache pages untouched for a minute, so a query for a word not
    searched lately reads it from disk again: a property of the box, not of the search.
    Without the privilege to lock (``RLIMIT_MEMLOCK``), nothing is held and the run says so.
    """
    import ctypes
    import ctypes.util
    import mmap

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    size_t, int_ = ctypes.c_size_t, ctypes.c_int
    libc.mmap.argtypes = [ctypes.c_void_p, size_t, int_, int_, int_, ctypes.c_long]
    libc.mlock.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    descriptor = os.open(path, os.O_RDONLY)
    size = os.fstat(descriptor).st_size
    address = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, descriptor, 0)
    os.close(descriptor)  # the mapping keeps the file
    if address in (None, ctypes.c_void_p(-1).value):
        return f"{path} not held in memory (mmap failed)"
    if libc.mlock(ctypes.c_void_p(address), size) != 0:
        return f"{path} not held in memory (mlock: {os.strerror(ctypes.get_errno())})"
    return f"{path} held in memory ({size / 2**20:,.0f} MB locked)"
