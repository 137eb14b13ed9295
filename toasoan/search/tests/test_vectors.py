"""Every ``match`` vector of ../shared/vntext/vectors.json, through the JSON API and the autocomplete.

'and' and 'phrase' vectors are checked with the document as the title, the lead and the
body of an article; 'prefix' vectors (autocomplete) with the document as the title, the
only field suggestions are taken from.
"""

from __future__ import annotations

import pytest

from .conftest import VECTORS_PATH, match_vectors

FIELDS = ("title", "lead", "body")
FILLER_TITLE = "Tin kiểm tra"  # shares no word with any vector's query


def _params() -> list:
    vectors = match_vectors()
    if not vectors:
        return [
            pytest.param(None, None, marks=pytest.mark.skip(reason=f"{VECTORS_PATH} is absent"), id="absent")
        ]
    params = []
    for index, vector in enumerate(vectors):
        fields = ("title",) if vector["mode"] == "prefix" else FIELDS
        for field in fields:
            expected = "match" if vector["match"] else "no-match"
            params.append(pytest.param(vector, field, id=f"{index}-{vector['mode']}-{expected}-{field}"))
    return params


def _query(vector: dict) -> str:
    return f'"{vector["query"]}"' if vector["mode"] == "phrase" else vector["query"]


@pytest.mark.parametrize(("vector", "field"), _params())
def test_match_vector(vector, field, article, api, client):
    page = article(vector["doc"]) if field == "title" else article(FILLER_TITLE, **{field: vector["doc"]})

    if vector["mode"] == "prefix":
        response = client.get("/tim-kiem/goi-y.json", {"q": vector["query"]})
        assert response.status_code == 200
        found = [suggestion["title"] for suggestion in response.json()["suggestions"]]
    else:
        found = [result["title"] for result in api(_query(vector))["results"]]

    assert (page.title in found) is vector["match"], vector
