"""Which HTML extractor reads the saved Vietnamese news pages best: ours, or trafilatura?

    .venv/bin/python bench/html_extractors.py

scores every page of ``../shared/fixtures/html`` field by field against its hand-written
sidecar, with the rules of ``toasoan/importer/tests/html_accuracy.py``, for:

* ``toasoan``: ``toasoan.importer.parsers.html_extract`` (selectolax/Lexbor and the rules
  written for Vietnamese portals);
* ``trafilatura``: ``trafilatura.bare_extraction`` (title, date, author, categories,
  description as the lead, text as the body; its page type: anything it extracts is an
  article), when trafilatura is importable. It is not a dependency of the project: to run
  this comparison, put it on the path, e.g.
  ``python -m venv /tmp/t && /tmp/t/bin/pip install trafilatura`` then
  ``PYTHONPATH=/tmp/t/lib/python3.13/site-packages .venv/bin/python bench/html_extractors.py``.

Also prints each extractor's time per page.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings.test")

import django  # noqa: E402

django.setup()

from toasoan import vntext  # noqa: E402
from toasoan.importer.parsers.html_extract import ARTICLE, HOMEPAGE, extract  # noqa: E402
from toasoan.importer.tests.html_accuracy import FIELDS, fixtures, score, table  # noqa: E402

FIXTURES = REPO.parent / "shared" / "fixtures" / "html"


def ours(html: str, url: str | None) -> dict:
    result = extract(html, url)
    return {
        "page_type": result.page_type,
        "title": result.title,
        "published_at": result.published_at,
        "byline": result.byline,
        "credit": result.credit,
        "section": result.section,
        "lead": result.lead,
        "body": result.body_text(),
    }


def trafilatura_reader():
    try:
        import trafilatura
    except ImportError:
        return None

    def read(html: str, url: str | None) -> dict:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
        if result is None:
            return {"page_type": HOMEPAGE}
        data = result.as_dict() if hasattr(result, "as_dict") else result
        published = None
        if data.get("date"):
            try:  # trafilatura gives a day; the sidecars give the minute
                published = datetime.fromisoformat(data["date"]).replace(tzinfo=vntext.dates.VIETNAM_TZ)
            except ValueError:
                published = None
        return {
            "page_type": ARTICLE,
            "title": data.get("title") or "",
            "published_at": published,
            "byline": data.get("author") or "",
            "credit": "",
            "section": list(data.get("categories") or []),
            "lead": data.get("description") or "",
            "body": data.get("text") or "",
        }

    return read


def run(name: str, reader) -> None:
    scores = {}
    started = time.perf_counter()
    pages = fixtures(FIXTURES)
    for fixture in pages:
        html = fixture.html.read_bytes().decode("utf-8", errors="replace")
        scores[fixture.name] = score(fixture.meta, **reader(html, fixture.meta.get("url")))
    elapsed = time.perf_counter() - started
    totals = table(scores)
    cells = "  ".join(f"{field} {right}/{total}" for field, (right, total) in totals.items())
    print(f"{name:<12} {cells}  ({elapsed / len(pages) * 1000:.0f} ms/page)")


def main() -> None:
    if not FIXTURES.is_dir():
        raise SystemExit(f"{FIXTURES} is absent (../shared is needed)")
    print("fields:", ", ".join(FIELDS))
    run("toasoan", ours)
    other = trafilatura_reader()
    if other is None:
        print("trafilatura   not importable: see this script's docstring to run the comparison")
    else:
        run("trafilatura", other)


if __name__ == "__main__":
    main()
