"""Fixtures for search: a section, articles made the way editors make them, search helpers.

Every test here runs on whichever engine the suite runs on (SQLite, or PostgreSQL with
DATABASE_URL): nothing below knows which, except test_postgresql_functions.py, which tests
PostgreSQL's own SQL functions and is collected only there (the suite's other leg runs it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from toasoan.search.services import searching
from toasoan.search.services.text import parse_query

# Each engine's own SQL is tested on its leg of the suite.
collect_ignore = (
    ["test_sqlite_term_index.py"] if connection.vendor == "postgresql" else ["test_postgresql_functions.py"]
)

VECTORS_PATH = Path(__file__).resolve().parents[3].parent / "shared" / "vntext" / "vectors.json"


def match_vectors() -> list[dict]:
    """The ``match`` vectors of ../shared/vntext/vectors.json, or [] where ../shared is absent."""
    if not VECTORS_PATH.is_file():
        return []
    return json.loads(VECTORS_PATH.read_text(encoding="utf-8"))["match"]


@pytest.fixture(autouse=True)
def _clear_cache():
    # Wagtail caches the site root paths; the cache outlives each test's database.
    cache.clear()


@pytest.fixture
def section(make_section):
    return make_section("Thời sự")


@pytest.fixture
def article(section, make_article):
    """An article with only what is given (no generated lead or body)."""

    def make(
        title: str, lead: str = "", body: str = "", published_at="08:00 01/09/2020", parent=None, **fields
    ):
        blocks = [("paragraph", f"<p>{body}</p>")] if body else []
        return make_article(
            parent or section, title, published_at=published_at, lead=lead, body=blocks, **fields
        )

    return make


@pytest.fixture
def titles():
    """Titles of the results of a query through the search service, best first."""

    def search(query: str, **filters) -> list[str]:
        results = searching.search(parse_query(query), searching.Filters(**filters))
        return [hit.article.title for hit in results[0 : results.count()]]

    return search


@pytest.fixture
def api(client):
    """GET /tim-kiem.json and return the decoded body (asserting a 200)."""

    def get(query: str, **params) -> dict:
        response = client.get("/tim-kiem.json", {"q": query, **params})
        assert response.status_code == 200, response.content
        assert response["Content-Type"].startswith("application/json")
        return response.json()

    return get


@pytest.fixture
def many(article):
    """12 matches of "ha noi": 3 with it in the title (the oldest), 9 in the body only."""
    made = []
    for day in range(1, 13):
        if day <= 3:
            made.append(article(f"Hà Nội ngày {day}", published_at=f"08:00 {day:02d}/09/2020"))
        else:
            made.append(
                article(f"Tin ngày {day}", body="Tin từ Hà Nội", published_at=f"08:00 {day:02d}/09/2020")
            )
    return made
