#!/usr/bin/env python3
"""A province on one install (issue #22): many portals against a single-portal install, in one run.

    .venv/bin/python bench/portals_scale.py [--engine sqlite|pg|both] [--portals 100] [--per-portal 1000]
        [--rounds 6] [--renders 30] [--queries 60] [--jobs 0] [--json]

Two throwaway installs are built, each in a child process of its own on a fresh database (a
SQLite file in a temporary folder, or a PostgreSQL database created for the run and dropped after
it, on the server of PG_BENCH_URL / DATABASE_URL / scripts/pg-test-server.sh):

* the baseline: one portal (the main one, the default Site) with M articles;
* the province: the main portal with the same M articles, then N - 1 component portals made by
  `portals.services.provision.create_portal` (kind "xã"), each with M articles of its own.

Articles go in through the importer's bulk path (`importer.services.importing.import_records`,
its `home` naming the portal), over the four sections every commune portal starts with; their
text is the corpus (../shared/corpus/articles.jsonl.gz) in turn, or invented text without it.
The last component portal carries the same texts as the main portal, so its pages compare with
the baseline's word for word; the others carry the next records of the corpus.

Then the parent asks both children, in turns, for:

* queries of the home, a section and an article, cold (every cache cleared, the process warm:
  a worker after a cache flush) and warm, through Django's test client: baseline main portal,
  province's main portal, province's last component portal. They must be equal;
* CPU per render on a cache miss (page cache off): the article with its fragments kept
  (bench/run.py's (d)) and after a publish elsewhere, the section and the home with their
  fragments kept, in alternating rounds baseline / province so a slow spell of the shared machine
  falls on both; the ratio province / baseline (the issue, for the article: ≤ 1.10);
* search p95 (wall ms, /tim-kiem/ with 2-syllable folded spans of the portal's own titles): the
  baseline, a component portal, the main portal, and the main portal with `pham-vi=toan-tinh`;
* a section's page 1 against `?trang=500` (or its last page), each render after a content
  generation bump, so the listing is worked out afresh (wall and CPU ms, median);
* the import rate (articles/s, wall and per CPU second of the importing process) and the seconds
  per `create_portal`;
* the sitemap: /sitemap.xml and, when it is an index, each file it names, with its URL count.

Figures, not assertions (the machine is shared: the load average is printed with them); the
query-count equality is asserted by toasoan/portals/tests/test_scale.py at a tiny size.

The issue's million (`--engine pg --portals 100 --per-portal 10000`) runs the same way; on this
2-core machine, busy, a portal cost about 3 CPU seconds to make and an article 5–6.5 ms of the
importing process's CPU, so the build alone is 1.5–2 CPU hours (docs/performance.md).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
CORPUS_CANDIDATES = (
    REPO.parent / "shared" / "corpus" / "articles.jsonl.gz",
    Path("/work/shared/corpus/articles.jsonl.gz"),
)
#: Section labels of the imported records: the four sections `create_portal` gives a commune.
SECTION_TITLES = ("Tin tức – Sự kiện", "Thông báo", "Chỉ đạo – Điều hành", "Kinh tế – Xã hội")
MAIN_HOST = "localhost"
DEEP_PAGE = 500
#: Responses of a child start with this, so nothing else it prints is taken for one.
MARK = "@@ "


def component_host(number: int) -> str:
    return f"xa-thu-{number}.localhost"


# --------------------------------------------------------------------------- records


def corpus_path() -> Path | None:
    for candidate in CORPUS_CANDIDATES:
        if candidate.is_file():
            return candidate
    return None


def load_texts(limit: int | None = None) -> list[dict]:
    """The corpus's articles (title, lead, body, published), or invented ones without ../shared."""
    path = corpus_path()
    if path is None:
        return invented_texts(limit or 2000)
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            data = json.loads(line)
            if not (data.get("title") or "").strip() or not (data.get("body") or "").strip():
                continue
            texts.append({key: data.get(key) for key in ("title", "lead", "body", "published")})
            if limit and len(texts) >= limit:
                break
    return texts


_WORDS = [
    "ủy",
    "ban",
    "nhân",
    "dân",
    "xã",
    "phường",
    "hội",
    "nghị",
    "sơ",
    "kết",
    "công",
    "tác",
    "quý",
    "tổ",
    "chức",
    "triển",
    "khai",
    "kế",
    "hoạch",
    "phát",
    "triển",
    "kinh",
    "tế",
    "xã",
    "hội",
    "nông",
    "thôn",
    "mới",
    "đường",
    "giao",
    "thông",
    "trường",
    "học",
    "trạm",
    "y",
    "tế",
    "văn",
    "hóa",
    "thể",
    "thao",
    "lễ",
    "hội",
    "mùa",
    "màng",
    "lúa",
    "gạo",
    "cà",
    "phê",
    "hồ",
    "tiêu",
    "thủy",
    "lợi",
    "đê",
    "điều",
    "phòng",
    "chống",
    "thiên",
    "tai",
    "bão",
    "lũ",
    "hạn",
    "hán",
    "dân",
    "cư",
    "thôn",
    "bản",
    "khu",
    "phố",
    "thanh",
    "niên",
    "phụ",
    "nữ",
    "cựu",
    "chiến",
    "binh",
    "hội",
    "nông",
    "dân",
    "mặt",
    "trận",
    "tổ",
    "quốc",
    "an",
    "ninh",
    "trật",
    "tự",
]


def invented_texts(count: int, seed: int = 22) -> list[dict]:
    """Invented commune news: titles of 8–14 words from a small vocabulary, a lead and 4 paragraphs."""
    rng = random.Random(seed)

    def sentence(low: int, high: int) -> str:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
        return " ".join(words).capitalize()

    return [
        {
            "title": f"{sentence(8, 14)} {number}",
            "lead": sentence(20, 30) + ".",
            "body": "\n\n".join(sentence(30, 60) + "." for _ in range(4)),
            "published": f"20{15 + number % 10}-{number % 12 + 1:02d}-{number % 28 + 1:02d}T08:00:00+07:00",
        }
        for number in range(count)
    ]


def portal_items(portal: int, count: int, texts: list[dict], offset: int) -> list:
    """`count` lazy JSON-line items for portal number `portal` (0: the main one), texts from `offset`."""
    from toasoan.importer.parsers import JsonLine
    from toasoan.importer.records import Origin

    source = f"bench-cong-{portal}"
    items = []
    for number in range(count):
        text = texts[(offset + number) % len(texts)]
        record = {
            "id": str(number),
            "source": source,
            "title": text["title"],
            "lead": text.get("lead") or "",
            "body": text["body"],
            "published": text.get("published"),
            "section": SECTION_TITLES[number % len(SECTION_TITLES)],
        }
        raw = json.dumps(record, ensure_ascii=False).encode("utf-8")
        items.append(JsonLine(raw, Origin(source, number + 1), source))
    return items


# --------------------------------------------------------------------------- building an install


def import_portal(
    home, portal: int, per_portal: int, texts: list[dict], offset: int, jobs: int | None
) -> dict:
    """Import `per_portal` articles into the portal of `home` through the importer's bulk path."""
    from toasoan.importer.services.importing import Status, import_records

    items = portal_items(portal, per_portal, texts, offset)
    started, cpu = time.perf_counter(), time.process_time()
    statuses: dict[str, int] = {}
    for outcome in import_records(items, home=home, jobs=jobs):
        statuses[str(outcome.status)] = statuses.get(str(outcome.status), 0) + 1
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    created = statuses.get(str(Status.CREATED), 0)
    # A resumed build finds the articles an interrupted run wrote already there, unchanged.
    if created + statuses.get(str(Status.UNCHANGED), 0) != per_portal:
        raise RuntimeError(f"portal {portal}: {statuses}")
    return {"seconds": seconds, "cpu": cpu, "articles": per_portal, "created": created}


def new_portal(number: int):
    """Component portal `number`, made as `manage.py create_portal` makes one; its home page."""
    from toasoan.portals.services import provision

    report = provision.create_portal(
        name=f"Cổng thông tin điện tử xã Thử {number}", host=component_host(number), kind="xa"
    )
    return report.home


def existing_portal(number: int):
    """Component portal `number`'s home if an interrupted build made it, else None."""
    from wagtail.models import Site

    site = Site.objects.select_related("root_page").filter(hostname=component_host(number)).first()
    return site.root_page if site else None


def build_install(
    portals: int,
    per_portal: int,
    texts: list[dict],
    *,
    jobs: int | None = 0,
    log=None,
    progress: Path | None = None,
) -> dict:
    """The main portal and `portals` - 1 component portals, `per_portal` articles each.

    The last component portal repeats the main portal's texts (so their pages compare); the others
    take the next texts in turn.

    With `progress` (a JSON file; `--keep`), each finished portal is written down as it ends, and a
    build stopped half-way goes on from there the next time: the million takes longer than one
    sitting on a 2-core machine. A portal the stopped run was importing is imported again; the
    articles it had written come back unchanged and are not counted in the rates."""
    from toasoan.editorial.services import newsroom
    from toasoan.importer.services.sections import get_home_page

    done: dict[str, dict] = {}
    if progress is not None and progress.exists():
        done = json.loads(progress.read_text(encoding="utf-8"))
        if log:
            log(f"resuming: {len(done)}/{portals} portals done before")
    before = len(done)

    def finished(number: int, figures: dict) -> None:
        done[str(number)] = figures
        if progress is not None:
            # Replaced whole, so a run stopped while writing leaves the previous list, not half of it.
            written = progress.with_suffix(".tmp")
            written.write_text(json.dumps(done), encoding="utf-8")
            os.replace(written, progress)

    newsroom.setup_newsroom()
    if "0" not in done:
        finished(0, import_portal(get_home_page(), 0, per_portal, texts, 0, jobs))
    for number in range(1, portals):
        if str(number) in done:
            continue
        home = existing_portal(number)
        creation = None
        if home is None:
            started = time.perf_counter()
            home = new_portal(number)
            creation = time.perf_counter() - started
        offset = 0 if number == portals - 1 else number * per_portal
        figures = import_portal(home, number, per_portal, texts, offset, jobs)
        finished(number, {**figures, "creation": creation})
        if log and (number % 10 == 0 or number == portals - 1):
            log(f"{number + 1}/{portals} portals, {sum(i['articles'] for i in done.values())} articles")
    imports = [done[str(number)] for number in range(portals)]
    creations = [item["creation"] for item in imports[1:] if item.get("creation") is not None]
    seconds = sum(item["seconds"] for item in imports)
    cpu = sum(item["cpu"] for item in imports)
    articles = sum(item["articles"] for item in imports)
    # The rates count what was written: a resumed portal's earlier articles come back unchanged.
    created = sum(item.get("created", item["articles"]) for item in imports)
    return {
        "portals": portals,
        "articles": articles,
        "portals_done_before_this_run": before,
        "import_seconds": round(seconds, 1),
        "import_rate": round(created / seconds, 1) if seconds else None,
        "import_rate_per_cpu_second": round(created / cpu, 1) if cpu else None,
        "create_portal_median_seconds": round(statistics.median(creations), 3) if creations else None,
        "create_portal_max_seconds": round(max(creations), 3) if creations else None,
    }


def measured_pages(host: str, portal: int) -> dict:
    """The paths measured on the portal at `host`: its home, its first section, the section's
    deepest page up to DEEP_PAGE, and the article of the middle of the portal's import."""
    from wagtail.models import Site

    from toasoan.articles.models import ArticlePage
    from toasoan.importer.models import ImportedRecord
    from toasoan.sections.models import SectionPage
    from toasoan.sections.services import SECTION_PAGE_SIZE

    site = Site.objects.select_related("root_page").get(hostname=host)
    home = site.root_page
    section = SectionPage.objects.child_of(home).live().order_by("path").first()
    articles = ArticlePage.objects.live().child_of(section).count()
    last_page = max(1, -(-articles // SECTION_PAGE_SIZE))
    source = f"bench-cong-{portal}"
    count = ImportedRecord.objects.filter(source=source).count()
    # The record in the middle of the portal's import whose number puts it in the first section.
    key = (count // 2) - (count // 2) % len(SECTION_TITLES)
    article = ImportedRecord.objects.select_related("page").get(source=source, key=str(key)).page

    def path_of(page) -> str:
        return page.get_url_parts()[2]

    return {
        "host": host,
        "home": "/",
        "section": path_of(section),
        "deep_page": min(DEEP_PAGE, last_page),
        "article": path_of(article),
        "section_articles": articles,
    }


# --------------------------------------------------------------------------- measuring


def forget_caches() -> None:
    """Every cache emptied, as after a flush: Django's caches and the page cache's local level."""
    from django.core.cache import caches

    from toasoan.cache.pagecache import page_cache

    for cache in caches.all():
        cache.clear()
    page_cache.forget_local()


def queries_of(client, host: str, path: str, *, cold: bool) -> list[str]:
    """The SQL a render of `path` on `host` runs; `cold`: every cache cleared first. The page is
    rendered once before either way, so the process itself is warm (a worker after a cache flush)."""
    from django.db import connection

    client.get(path, HTTP_HOST=host)
    if cold:
        forget_caches()
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(path, HTTP_HOST=host)
    if response.status_code != 200:
        raise RuntimeError(f"{host}{path}: {response.status_code}")
    return statements


def page_queries(client, pages: dict) -> dict:
    """{page kind: {"cold": [sql...], "warm": [sql...]}} for the home, the section and the article."""
    return {
        kind: {
            "cold": queries_of(client, pages["host"], pages[kind], cold=True),
            "warm": queries_of(client, pages["host"], pages[kind], cold=False),
        }
        for kind in ("home", "section", "article")
    }


def site_root_queries() -> dict:
    """Queries to work out the site root paths afresh: Wagtail's own way and the portals app's
    (toasoan.portals.site_roots, in place of Wagtail's), and whether both give the same list."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Site

    from toasoan.portals import site_roots

    counts, results = {}, {}
    for name, compute in (("wagtail", site_roots.wagtails_own), ("toasoan", site_roots.site_root_paths)):
        Site.clear_site_root_paths_cache()
        with CaptureQueriesContext(connection) as captured:
            results[name] = compute()
        counts[name] = len(captured.captured_queries)
    return {**counts, "same": results["wagtail"] == results["toasoan"], "paths": len(results["toasoan"])}


def cpu_per_render(client, host: str, path: str, renders: int, *, bump: bool = False) -> float:
    """CPU ms per render of `path` (page cache off); `bump`: a publish elsewhere before each."""
    from toasoan.cache import fragments

    started = time.process_time()
    for _ in range(renders):
        if bump:
            fragments.bump()
        client.get(path, HTTP_HOST=host)
    return (time.process_time() - started) / renders * 1000


def timed_renders(client, host: str, path: str, renders: int) -> dict:
    """Median wall and CPU ms of `renders` renders, each after a content generation bump."""
    from toasoan.cache import fragments

    walls, cpus = [], []
    for _ in range(renders):
        fragments.bump()
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path, HTTP_HOST=host)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{host}{path}: {response.status_code}")
    return {"wall_ms": round(statistics.median(walls), 2), "cpu_ms": round(statistics.median(cpus), 2)}


def search_spans(host: str, count: int, seed: int) -> list[str]:
    """2-syllable spans of the portal's own titles, folded, as readers type them."""
    from wagtail.models import Site

    from toasoan import vntext
    from toasoan.articles.models import ArticlePage
    from toasoan.search.services.text import words

    home = Site.objects.select_related("root_page").get(hostname=host).root_page
    titles = list(
        ArticlePage.objects.live().descendant_of(home).order_by("path").values_list("title", flat=True)[:3000]
    )
    rng = random.Random(seed)
    spans: list[str] = []
    while len(spans) < count:
        parts = [vntext.fold(word) for word in words(vntext.normalize(rng.choice(titles)))]
        parts = [part for part in parts if part]
        if len(parts) >= 2:
            start = rng.randrange(len(parts) - 1)
            spans.append(" ".join(parts[start : start + 2]))
    return spans


def search_times(client, host: str, queries: list[str], *, province: bool) -> dict:
    from toasoan.search.services.params import PROVINCE_WIDE, SCOPE_PARAM

    extra = {SCOPE_PARAM: PROVINCE_WIDE} if province else {}
    for query in queries[:5]:  # warm: statements, the OS page cache
        client.get("/tim-kiem/", {"q": query, **extra}, HTTP_HOST=host)
    times = []
    for query in queries:
        started = time.perf_counter()
        response = client.get("/tim-kiem/", {"q": query, **extra}, HTTP_HOST=host)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"search {query!r} on {host}: {response.status_code}")
    return {
        "p50_ms": round(percentile(times, 0.5), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "n": len(times),
    }


def sitemap_files(client, host: str) -> list[dict]:
    """/sitemap.xml and, for an index, every file it names: [{"file", "urls"}] (URLs per file)."""
    from xml.etree import ElementTree

    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

    def fetch(path: str):
        response = client.get(path, HTTP_HOST=host)
        if response.status_code != 200:
            raise RuntimeError(f"{host}{path}: {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return ElementTree.fromstring(body)  # noqa: S314 (our own server's answer, in a throwaway install)

    root = fetch("/sitemap.xml")
    if root.tag != f"{namespace}sitemapindex":
        return [{"file": "/sitemap.xml", "urls": len(root.findall(f"{namespace}url"))}]
    files = [{"file": "/sitemap.xml (index)", "urls": len(root.findall(f"{namespace}sitemap"))}]
    for location in root.iter(f"{namespace}loc"):
        parts = urlsplit(location.text.strip())
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        files.append({"file": path, "urls": len(fetch(path).findall(f"{namespace}url"))})
    return files


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[position]


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


# --------------------------------------------------------------------------- child: one install


def child(spec: dict) -> None:
    """Build one install, then answer the parent's requests (one JSON line each) until "quit"."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = [MAIN_HOST, ".localhost"]
    kept = Path(spec["kept"]) if spec.get("kept") else None
    call_command("migrate", verbosity=0, interactive=False)  # a kept install takes later migrations too

    def answer(data) -> None:
        sys.stdout.write(MARK + json.dumps(data, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def log(text: str) -> None:
        sys.stderr.write(f"[{spec['name']} {time.strftime('%H:%M:%S')}] {text}\n")
        sys.stderr.flush()

    if kept is not None and kept.exists():
        built = json.loads(kept.read_text(encoding="utf-8"))
        built["reused"] = True
        log(f"reusing the install built {built.get('built_at', '?')}")
    else:
        texts = load_texts()
        built = build_install(
            spec["portals"],
            spec["per_portal"],
            texts,
            jobs=spec.get("jobs"),
            log=log,
            progress=kept.with_name("progress.json") if kept is not None else None,
        )
        built.update(
            engine=connection.vendor,
            load_average=load_average(),
            texts=len(texts),
            built_at=time.strftime("%F %H:%M:%S"),
        )
        if kept is not None:
            kept.write_text(json.dumps(built, ensure_ascii=False), encoding="utf-8")
    from toasoan.search.services import window

    window.maintain()  # PostgreSQL: the recent articles' indexes, as the worker keeps them
    answer(built)
    client = Client()
    pages = {"main": measured_pages(MAIN_HOST, 0)}
    if spec["portals"] > 1:
        last = spec["portals"] - 1
        pages["component"] = measured_pages(component_host(last), last)
    warmed: set[tuple[str, str]] = set()
    for line in sys.stdin:
        request = json.loads(line)
        what = request["what"]
        if what == "quit":
            answer({"bye": True})
            return
        if what == "pages":
            answer(pages)
        elif what == "queries":
            answer(page_queries(client, pages[request["portal"]]))
        elif what == "cpu":
            page = pages[request["portal"]]
            path = page[request.get("page", "article")]
            if (page["host"], path) not in warmed:
                warmed.add((page["host"], path))
                cpu_per_render(client, page["host"], path, 20)
            answer(cpu_per_render(client, page["host"], path, request["renders"], bump=request["bump"]))
        elif what == "search":
            page = pages[request["portal"]]
            queries = search_spans(page["host"], request["count"], request["seed"])
            answer(search_times(client, page["host"], queries, province=request["province"]))
        elif what == "section":
            page = pages[request["portal"]]
            first = timed_renders(client, page["host"], page["section"], request["renders"])
            deep = timed_renders(
                client, page["host"], f"{page['section']}?trang={page['deep_page']}", request["renders"]
            )
            answer({"page_1": first, "deep": deep, "deep_page": page["deep_page"]})
        elif what == "site_roots":
            answer(site_root_queries())
        elif what == "sitemaps":
            answer(sitemap_files(client, pages[request["portal"]]["host"]))
        elif what == "load":
            answer(load_average())


# --------------------------------------------------------------------------- parent


def pg_server_url() -> str:
    for name in ("PG_BENCH_URL", "DATABASE_URL"):
        if os.environ.get(name):
            return os.environ[name]
    return subprocess.run(
        ["bash", str(REPO / "scripts" / "pg-test-server.sh"), "url"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def pg_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(statement)


class Install:
    """A child process holding one install, answering requests over its stdin and stdout."""

    def __init__(self, name: str, engine: str, spec: dict, keep: Path | None = None) -> None:
        self.name = name
        self.keep = keep
        if keep is None:
            self.folder = tempfile.TemporaryDirectory(prefix=f"toasoan-portals-{name}-")
            folder = Path(self.folder.name)
        else:
            # --keep: the install stays for the next run, which measures it without building it,
            # or finishes building it (progress.json) if this run is stopped.
            folder = keep / f"{engine}-{name}-{spec['portals']}x{spec['per_portal']}"
            folder.mkdir(parents=True, exist_ok=True)
            spec = {**spec, "kept": str(folder / "built.json")}
        env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
        env.update(
            DJANGO_SETTINGS_MODULE="toasoan.settings.test",
            TOASOAN_VAR_DIR=str(folder),
            PAGE_CACHE="false",
            EDITORIAL_SAFETY_NET_SECONDS="0",
            LOG_LEVEL="ERROR",
            PYTHONPATH=str(REPO),
        )
        self.database = None
        if engine == "pg":
            self.server = pg_server_url()
            if keep is None:
                self.database = f"toasoan_portals_{name}_{uuid.uuid4().hex[:8]}"
                pg_admin(self.server, f'CREATE DATABASE "{self.database}"')
            else:
                self.database = f"toasoan_portals_{name}_{spec['portals']}x{spec['per_portal']}"
                # Neither built nor begun (no progress written): a database of that name is an
                # older run's, started afresh.
                if not Path(spec["kept"]).exists() and not (folder / "progress.json").exists():
                    pg_admin(self.server, f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
                    pg_admin(self.server, f'CREATE DATABASE "{self.database}"')
            env["DATABASE_URL"] = self.server.rsplit("/", 1)[0] + "/" + self.database
        self.stderr = open(folder / "stderr.log", "w+")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--child", json.dumps({**spec, "name": name})],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
        )
        self.built = self.read()

    def read(self):
        for line in self.process.stdout:
            if line.startswith(MARK):
                return json.loads(line[len(MARK) :])
        self.stderr.seek(0)
        sys.stderr.write(self.stderr.read()[-6000:])
        raise SystemExit(f"the {self.name} install's process stopped")

    def ask(self, what: str, **request):
        self.process.stdin.write(json.dumps({"what": what, **request}) + "\n")
        self.process.stdin.flush()
        return self.read()

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(SystemExit, BrokenPipeError):
                self.ask("quit")
            self.process.wait(timeout=60)
        self.stderr.close()
        if self.keep is not None:
            return
        if self.database:
            pg_admin(self.server, f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self.folder.cleanup()


#: What the alternating CPU rounds render: (label, page, a publish elsewhere before each render).
CPU_MEASURES = (
    ("article, fragments kept", "article", False),
    ("article, after a publish", "article", True),
    ("section, fragments kept", "section", False),
    ("home, fragments kept", "home", False),
)


def compare_queries(results: dict[str, dict]) -> dict:
    """Counts per page and temperature for each column, and the statements of any that differ."""
    columns = list(results)
    table, differences = {}, {}
    for kind in ("home", "section", "article"):
        for temperature in ("cold", "warm"):
            counts = {column: len(results[column][kind][temperature]) for column in columns}
            table[f"{kind}, {temperature}"] = counts
            if len(set(counts.values())) > 1:
                differences[f"{kind}, {temperature}"] = {
                    column: results[column][kind][temperature] for column in columns
                }
    return {"counts": table, "differences": differences}


def measure_engine(engine: str, args: argparse.Namespace) -> dict:
    spec = {"per_portal": args.per_portal, "jobs": args.jobs}
    started = time.strftime("%F %H:%M:%S")
    print(f"[{engine}] building the baseline (1 portal × {args.per_portal}) …", file=sys.stderr, flush=True)
    keep = Path(args.keep).resolve() if args.keep else None
    single = Install("single", engine, {**spec, "portals": 1}, keep)
    installs = [single]
    try:
        print(
            f"[{engine}] building the province ({args.portals} × {args.per_portal}) …",
            file=sys.stderr,
            flush=True,
        )
        multi = Install("multi", engine, {**spec, "portals": args.portals}, keep)
        installs.append(multi)
        if args.build_only:
            return {"engine": engine, "built": {"single": single.built, "multi": multi.built}}
        columns = {
            "single": (single, "main"),
            "multi, main": (multi, "main"),
            "multi, component": (multi, "component"),
        }
        pages = {name: install.ask("pages")[portal] for name, (install, portal) in columns.items()}
        queries = compare_queries(
            {name: install.ask("queries", portal=portal) for name, (install, portal) in columns.items()}
        )
        load_before = single.ask("load")
        cpu: dict[str, dict[str, list[float]]] = {label: {} for label, _, _ in CPU_MEASURES}
        for round_number in range(args.rounds):
            order = list(columns.items())
            if round_number % 2:
                order.reverse()
            for name, (install, portal) in order:
                for label, page, bump in CPU_MEASURES:
                    figure = install.ask("cpu", portal=portal, page=page, renders=args.renders, bump=bump)
                    cpu[label].setdefault(name, []).append(figure)
        search = {
            "single": single.ask("search", portal="main", count=args.queries, seed=7, province=False),
            "multi, component": multi.ask(
                "search", portal="component", count=args.queries, seed=7, province=False
            ),
            "multi, main": multi.ask("search", portal="main", count=args.queries, seed=7, province=False),
            "multi, main, province-wide": multi.ask(
                "search", portal="main", count=args.queries, seed=7, province=True
            ),
        }
        sections = {
            name: install.ask("section", portal=portal, renders=args.section_renders)
            for name, (install, portal) in columns.items()
        }
        sitemaps = {
            name: install.ask("sitemaps", portal=portal) for name, (install, portal) in columns.items()
        }
        site_roots = {"single": single.ask("site_roots"), "multi": multi.ask("site_roots")}
        load_after = single.ask("load")
    finally:
        for install in installs:
            install.close()
    medians = {
        label: {name: statistics.median(values) for name, values in by.items()} for label, by in cpu.items()
    }
    return {
        "engine": engine,
        "started": started,
        "portals": args.portals,
        "per_portal": args.per_portal,
        "built": {"single": single.built, "multi": multi.built},
        "pages": pages,
        "queries": queries,
        "cpu_rounds": cpu,
        "cpu_median_ms": medians,
        "cpu_ratio_to_single": {
            label: {name: round(value / by["single"], 3) for name, value in by.items()}
            for label, by in medians.items()
        },
        "search": search,
        "sections": sections,
        "sitemaps": sitemaps,
        "site_roots": site_roots,
        "load_average": {"before measuring": load_before, "after": load_after},
    }


def print_report(result: dict, args: argparse.Namespace) -> None:
    engine, built = result["engine"], result["built"]
    print(
        f"\n== {engine}: {result['portals']} portals × {result['per_portal']} articles against 1 × "
        f"{result['per_portal']} (started {result['started']}; load average {result['load_average']}) =="
    )
    for name, figures in built.items():
        print(
            f"  build {name:6}: {figures['articles']} articles imported in {figures['import_seconds']} s = "
            f"{figures['import_rate']} articles/s ({figures['import_rate_per_cpu_second']} per CPU second); "
            f"create_portal median {figures['create_portal_median_seconds']} s, max "
            f"{figures['create_portal_max_seconds']} s; load at the end {figures['load_average']}"
        )
    columns = list(result["pages"])
    print(f"\n  {'queries':24}" + "".join(f"{column:>20}" for column in columns))
    for row, counts in result["queries"]["counts"].items():
        print(f"  {row:24}" + "".join(f"{counts[column]:>20}" for column in columns))
    verdict = (
        "equal"
        if not result["queries"]["differences"]
        else "NOT EQUAL: " + ", ".join(result["queries"]["differences"])
    )
    print(f"  query counts: {verdict}")
    print(
        f"\n  CPU ms per render (page cache off), median of {args.rounds} rounds in turn of {args.renders}:"
    )
    for label, by in result["cpu_median_ms"].items():
        ratios = result["cpu_ratio_to_single"][label]
        cells = "".join(f"{by[column]:>12.2f} (× {ratios[column]:.3f})" for column in columns)
        print(f"  {label:26}{cells}")
    print("\n  search /tim-kiem/ (wall ms):")
    for name, figures in result["search"].items():
        print(
            f"    {name:30} p50 {figures['p50_ms']:8.1f}   p95 {figures['p95_ms']:8.1f}   (n {figures['n']})"
        )
    print("\n  section, each render after a publish elsewhere (median wall / CPU ms):")
    for name, figures in result["sections"].items():
        first, deep = figures["page_1"], figures["deep"]
        print(
            f"    {name:20} page 1 {first['wall_ms']:7.1f} / {first['cpu_ms']:6.1f}   "
            f"page {figures['deep_page']:>3} {deep['wall_ms']:7.1f} / {deep['cpu_ms']:6.1f}   "
            f"(× {deep['wall_ms'] / first['wall_ms']:.2f} wall)"
        )
    print("\n  sitemap files (URLs each):")
    for name, files in result["sitemaps"].items():
        print(f"    {name:20} " + ", ".join(f"{item['file']}: {item['urls']}" for item in files))
    print("\n  site root paths worked out afresh (queries: Wagtail's own way, toasoan.portals.site_roots):")
    for name, figures in result["site_roots"].items():
        print(
            f"    {name:20} Wagtail {figures['wagtail']:>4}   toasoan {figures['toasoan']:>4}   "
            f"same list: {figures['same']} ({figures['paths']} paths)"
        )
    for key, statements in result["queries"]["differences"].items():
        print(f"\n  statements of {key}:")
        for column, listing in statements.items():
            print(f"    -- {column} ({len(listing)})")
            for sql in listing:
                print(f"       {sql[:200]}")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "pg", "both"], default="sqlite")
    parser.add_argument(
        "--portals", type=int, default=100, help="portals of the province, the main one included"
    )
    parser.add_argument("--per-portal", type=int, default=1000, help="articles per portal")
    parser.add_argument("--rounds", type=int, default=6, help="alternating CPU rounds")
    parser.add_argument("--renders", type=int, default=30, help="article renders per CPU round")
    parser.add_argument("--section-renders", type=int, default=15)
    parser.add_argument("--queries", type=int, default=60, help="searches per portal")
    parser.add_argument(
        "--jobs", type=int, default=0, help="importer worker processes per portal's import (default 0: none)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the built installs in DIR (PostgreSQL: databases named by size) and measure the "
        "ones already there instead of building them again",
    )
    parser.add_argument("--build-only", action="store_true", help="with --keep: build, measure nothing")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.portals < 2 and not args.child:
        parser.error("--portals must be at least 2 (the main portal and one component portal)")
    if args.build_only and not args.keep:
        parser.error("--build-only needs --keep DIR")
    return args


def main() -> None:
    args = parse_args()
    if args.child:
        sys.path.insert(0, str(REPO))
        child(json.loads(args.child))
        return
    engines = ["sqlite", "pg"] if args.engine == "both" else [args.engine]
    results = []
    for engine in engines:
        result = measure_engine(engine, args)
        if args.build_only:
            print(json.dumps(result, ensure_ascii=False, indent=1))
            continue
        print_report(result, args)
        results.append(result)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
