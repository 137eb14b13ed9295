#!/usr/bin/env python3
"""CPU per render of the article, home and section pages on a cache miss, in-process.

    TOASOAN_VAR_DIR=/tmp/render-cost .venv/bin/python bench/render_cost.py [renders]

Django's test client renders each page `renders` times (default 200) with the page cache off
(PAGE_CACHE=false), after warm-up renders; the figure is `time.process_time()` per render, the
best of three rounds (this machine is shared: the best round is the least disturbed one). A
trivial template view (a title and a 20-item list through base-free template, the same
middleware) is measured in the same run as the baseline, so the ratios compare across runs and
machines. Settings: toasoan.settings.dev with DEBUG off; SQLite in TOASOAN_VAR_DIR (default
var/render-cost), created with the demo content (`manage.py load_demo`) when missing.
The article is bench/run.py's (scenario d) when the demo has it, else the newest article.

Each page is measured twice: with the fragments kept (a miss in steady state: the page cache
was purged but nothing changed since the last render) and "after a publish": the content
generation is bumped before every render, as a publish of some article does
(toasoan.cache.fragments), so what is keyed by the content generation is computed afresh.
That is what the first reader of a page gets on a news day once the page cache let it go.
"After a publish in its section" also moves the fragment scope of the article's section, as a
publish of one of its neighbours does (which purges the page: its newer/older lists changed).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_PATH = "/kinh-te/phien-giao-dich-viec-lam-thu-hut-hon-1-200-luot-nguoi-lao-dong/"
ROUNDS = 3
WARM_UP = 20

os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("TOASOAN_VAR_DIR", str(ROOT / "var" / "render-cost"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "toasoan.settings.dev",
        "DEBUG": "false",
        "PAGE_CACHE": "false",
        "EDITORIAL_SAFETY_NET_SECONDS": "0",
        "LOG_LEVEL": "ERROR",
    }
)
sys.path.insert(0, str(ROOT))


def prepare() -> None:
    var = Path(os.environ["TOASOAN_VAR_DIR"])
    fresh = not (var / "toasoan.sqlite3").exists()
    var.mkdir(parents=True, exist_ok=True)
    # migrate every time: a database made before the tree gained a migration answers 503
    for command in (["migrate", "--noinput"], *([["load_demo"]] if fresh else [])):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, check=True, capture_output=True, env=os.environ
        )


def baseline_view(request):
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(BASELINE_TEMPLATE)
    items = [{"title": f"Mục {number}", "url": f"/muc-{number}/"} for number in range(20)]
    return HttpResponse(template.render({"title": "Trang thử", "items": items}, request))


BASELINE_TEMPLATE = """<!DOCTYPE html><html lang="vi"><head><title>{{ title }}</title></head><body>
<h1>{{ title }}</h1><ul>{% for item in items %}
<li><a href="{{ item.url }}">{{ item.title }}</a></li>{% endfor %}</ul>
</body></html>"""


def urlpatterns_with_baseline():
    from django.urls import path

    from toasoan import urls as project_urls

    return [path("_render-cost-baseline/", baseline_view), *project_urls.urlpatterns]


urlpatterns: list = []


def measure(client, path: str, renders: int, *, before=None) -> tuple[float, int]:
    """(CPU ms per render, best of ROUNDS; queries per render); `before()` runs before each
    render, inside the measured time (a cache write: a few microseconds)."""
    from django.db import connection

    def get():
        if before is not None:
            before()
        return client.get(path)

    for _ in range(WARM_UP):
        response = get()
        assert response.status_code == 200, (path, response.status_code)
    queries = []
    # Django empties connection.queries when a request starts: count with a wrapper instead.
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        get()
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.process_time()
        for _ in range(renders):
            get()
        best = min(best, (time.process_time() - started) / renders * 1000)
    return best, len(queries)


def main() -> None:
    renders = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    prepare()
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from toasoan.articles.models import ArticlePage
    from toasoan.cache import fragments

    global urlpatterns
    urlpatterns = urlpatterns_with_baseline()
    settings.ROOT_URLCONF = __name__ if __name__ != "__main__" else "bench.render_cost"
    sys.modules.setdefault("bench.render_cost", sys.modules[__name__])

    article = ArticlePage.objects.live().filter(url_path__endswith=ARTICLE_PATH).first()
    if article is None:
        article = ArticlePage.objects.live().order_by("-published_at").first()
    section = article.get_parent()
    client = Client(HTTP_HOST="localhost")
    figures = {}
    for name, path in (
        ("baseline (trivial template view)", "/_render-cost-baseline/"),
        ("article", article.url),
        ("home", "/"),
        ("section", section.url),
    ):
        figures[name] = measure(client, path, renders)
    for name, path in (("article", article.url), ("home", "/"), ("section", section.url)):
        figures[f"{name}, after a publish"] = measure(client, path, renders, before=fragments.bump)
    scope = fragments.children_scope(section.path)

    def publish_in_section() -> None:
        fragments.bump()
        fragments.bump_scopes(scope)

    figures["article, after a publish in its section"] = measure(
        client, article.url, renders, before=publish_in_section
    )
    base = figures["baseline (trivial template view)"][0]
    when = time.strftime("%F %H:%M")
    print(f"CPU ms per render, best of {ROUNDS} rounds of {renders}, page cache off ({when}):")
    for name, (ms, queries) in figures.items():
        print(f"  {name:42} {ms:7.2f} ms  {ms / base:6.1f}× baseline  {queries:3d} queries")
    print(f"  article: {article.url}; section: {section.url}; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
