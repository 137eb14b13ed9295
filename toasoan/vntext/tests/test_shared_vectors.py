"""The project-wide vectors (../shared/vntext/vectors.json) and hand-checked pages (../shared/fixtures/html).

The files are read when the tests are collected so that every vector is its own test;
where ../shared is absent each test asks for the ``shared_dir`` fixture, which skips.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from toasoan.vntext import fold, parse_datetime, slugify

# Same place as the root conftest's shared_dir: beside the repository.
SHARED = Path(__file__).resolve().parents[3].parent / "shared"
VECTORS_FILE = SHARED / "vntext" / "vectors.json"
HTML_FIXTURES = SHARED / "fixtures" / "html"

ABSENT = "shared-absent"


def _vectors(kind: str) -> list[Any]:
    """The vectors of one kind, or a single None that the shared_vectors fixture skips."""
    if not VECTORS_FILE.is_file():
        return [None]
    return json.loads(VECTORS_FILE.read_text(encoding="utf-8"))[kind]


def _vector_id(vector: Any) -> str:
    if vector is None:
        return ABSENT
    if isinstance(vector, dict):  # match: {"doc", "query", "mode", "match"}
        outcome = "finds" if vector["match"] else "misses"
        return f"{vector['mode']}-{outcome}-{fold(vector['query']).replace(' ', '_')}"
    return str(vector[1]).replace(" ", "_")  # [input, expected]


def _published_fixtures() -> list[Any]:
    """Article pages whose sidecar gives both the timestamp as shown and as ISO 8601."""
    params = []
    for sidecar in sorted(HTML_FIXTURES.glob("*.json")):
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        if meta.get("page_type") != "homepage" and meta.get("published") and meta.get("published_as_shown"):
            params.append(pytest.param(meta["published_as_shown"], meta["published"], id=sidecar.stem))
    return params or [pytest.param(None, None, id=ABSENT)]


@pytest.fixture
def shared_vectors(shared_dir: Path) -> None:
    """Skips with the root fixture's reason where ../shared is absent, fails where it is incomplete."""
    assert shared_dir / "vntext" / "vectors.json" == VECTORS_FILE
    assert VECTORS_FILE.is_file(), f"{VECTORS_FILE} is missing from ../shared"


@pytest.mark.usefixtures("shared_vectors")
@pytest.mark.parametrize("vector", _vectors("fold"), ids=_vector_id)
def test_fold_vector(vector: list[str]) -> None:
    text, expected = vector
    assert fold(text) == expected


@pytest.mark.usefixtures("shared_vectors")
@pytest.mark.parametrize("vector", _vectors("slug"), ids=_vector_id)
def test_slug_vector(vector: list[str]) -> None:
    title, expected = vector
    assert slugify(title) == expected


@pytest.mark.usefixtures("shared_vectors")
@pytest.mark.parametrize("vector", _vectors("datetime"), ids=_vector_id)
def test_datetime_vector(vector: list[str]) -> None:
    shown, expected_utc = vector
    value = parse_datetime(shown)
    assert value == datetime.fromisoformat(expected_utc)
    assert str(value.tzinfo) == "Asia/Ho_Chi_Minh"


def _search_finds(doc: str, query: str, mode: str) -> bool:
    """The vectors' definition of a match, on fold keys (the real search lives elsewhere)."""
    doc_words, query_words = fold(doc).split(), fold(query).split()
    if not query_words:
        return False
    if mode == "and":
        return set(query_words) <= set(doc_words)
    if mode == "phrase":
        width = len(query_words)
        return any(doc_words[i : i + width] == query_words for i in range(len(doc_words) - width + 1))
    if mode == "prefix":
        *whole, partial = query_words
        return set(whole) <= set(doc_words) and any(word.startswith(partial) for word in doc_words)
    raise AssertionError(f"unknown match mode {mode!r}")


@pytest.mark.usefixtures("shared_vectors")
@pytest.mark.parametrize("vector", _vectors("match"), ids=_vector_id)
def test_match_vector_keys(vector: dict[str, Any]) -> None:
    assert _search_finds(vector["doc"], vector["query"], vector["mode"]) is vector["match"]


@pytest.mark.parametrize(("shown", "published"), _published_fixtures())
def test_published_as_shown_on_real_pages(shared_dir: Path, shown: str, published: str) -> None:
    assert shared_dir / "fixtures" / "html" == HTML_FIXTURES
    assert shown is not None, f"no article sidecar with a published date in {HTML_FIXTURES}"
    value = parse_datetime(shown)
    if "T" in published:
        assert value == datetime.fromisoformat(published)
    else:  # a forum post shows only its day
        assert value.date().isoformat() == published
