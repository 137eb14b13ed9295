"""The XSS payload corpus through the importer service (JSON lines): 0 unescaped.

Kept apart from test_xss.py, whose articles (one per payload, shared by its tests) would otherwise be
on the home page, the feed and the search results this test reads.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_xss import PAYLOADS, _page, injected, injected_in_feed


@pytest.mark.django_db
def test_imported_articles_are_escaped(client, home, tmp_path: Path):
    from toasoan.importer.parsers.jsonl import read_jsonl
    from toasoan.importer.services.importing import import_records

    lines = [
        json.dumps(
            {
                "id": f"xss-{index}",
                "title": f"{payload} bản tin nhập số {index}",
                "section": "Tin nhập khẩu",
                "published": f"2025-09-16T08:{index:02d}:00+07:00",
                "lead": f"Sapo {payload}",
                "body": f"{payload}\n\nĐoạn hai {payload}",
                "source": "cong-cu",
                "author": payload[:100],
            },
            ensure_ascii=False,
        )
        for index, payload in enumerate(PAYLOADS)
    ]
    source = tmp_path / "tin.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcomes = list(import_records(read_jsonl(source)))
    assert [outcome.status for outcome in outcomes] == ["created"] * len(PAYLOADS), [str(o) for o in outcomes]
    from toasoan.importer.models import ImportedRecord

    pages = [record.page.specific for record in ImportedRecord.objects.select_related("page")]
    assert len(pages) == len(PAYLOADS)
    found = {}
    for article in pages:
        found[article.url] = injected(_page(client, article.url))
    section_url = pages[0].get_parent().url
    found[section_url] = injected(_page(client, section_url))
    found["/"] = injected(_page(client, "/"))
    found["/tim-kiem/?q=ban tin"] = injected(_page(client, "/tim-kiem/", q="bản tin nhập"))
    found["/rss/"] = injected_in_feed(client.get("/rss/").content)
    assert {path: items for path, items in found.items() if items} == {}
