"""Per-field accuracy of HTML extraction against the hand-written sidecars of ../shared/fixtures/html.

A field is right when it says what the person who read the page wrote:

* ``page_type``: article vs not an article (homepage, forum thread);
* ``title``: equal, folded (tone marks, case and punctuation aside);
* ``date``: the same instant (``None`` where the page shows none);
* ``author``: the name before any parenthesis of the sidecar ("Sầm Hoa (Theo Vietnamnet/Reuters)"
  → "Sầm Hoa"); for "Theo K14 (no named author)" no author and the credit "K14";
* ``section``: the first crumb is the sidecar's top section, or its last section is among the crumbs;
* ``lead``: similarity ≥ 0.9 (folded text);
* ``body``: the sidecar's first 60 characters open the body's first 1,500.

Also used by ``bench/html_extractors.py`` to score other extractors the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from toasoan import vntext
from toasoan.importer.parsers.html_extract import ARTICLE, similarity

FIELDS = ("page_type", "title", "date", "author", "section", "lead", "body")
_NO_AUTHOR = re.compile(r"^Theo (?P<credit>.+?) \(no named author\)$")


@dataclass(frozen=True)
class Fixture:
    name: str
    html: Path
    meta: dict[str, Any]

    @property
    def is_article(self) -> bool:
        return self.meta["page_type"] == "article"


def fixtures(folder: Path) -> list[Fixture]:
    return [
        Fixture(sidecar.stem, sidecar.with_suffix(".html"), json.loads(sidecar.read_text(encoding="utf-8")))
        for sidecar in sorted(folder.glob("*.json"))
    ]


def expected_author(author: str | None) -> tuple[str, str | None]:
    """(author name, credit or None) the sidecar means."""
    if not author:
        return "", None
    if match := _NO_AUTHOR.match(author):
        return "", match["credit"]
    return author.split(" (")[0], None


def score(
    meta: dict[str, Any],
    *,
    page_type: str,
    title: str = "",
    published_at: datetime | None = None,
    byline: str = "",
    credit: str = "",
    section: list[str] | None = None,
    lead: str = "",
    body: str = "",
) -> dict[str, bool]:
    """Which fields of one extraction are right (see the module's docstring)."""
    fold = vntext.fold
    is_article = meta["page_type"] == "article"
    result = {"page_type": (page_type == ARTICLE) == is_article}
    if not is_article or page_type != ARTICLE:
        return result
    expected_date = datetime.fromisoformat(meta["published"]) if meta["published"] else None
    name, expected_credit = expected_author(meta["author"])
    expected_section = re.sub(r"\s*\(.*?\)$", "", meta["section"] or "")
    components = [fold(part) for part in re.split(r" / | > ", expected_section)]
    crumbs = [fold(crumb) for crumb in section or []]
    result.update(
        title=fold(title) == fold(meta["title"]),
        date=published_at == expected_date,
        author=fold(byline) == fold(name)
        and (expected_credit is None or fold(credit) == fold(expected_credit)),
        section=bool(crumbs) and (crumbs[0] == components[0] or components[-1] in crumbs),
        lead=similarity(lead, meta["lead"]) >= 0.9 if meta["lead"] else not lead,
        body=fold(meta["body_start"][:60]) in fold(body)[:1500],
    )
    return result


def table(scores: dict[str, dict[str, bool]]) -> dict[str, tuple[int, int]]:
    """field → (right, out of) over all pages that have the field scored."""
    totals: dict[str, tuple[int, int]] = {}
    for field in FIELDS:
        marks = [page[field] for page in scores.values() if field in page]
        totals[field] = (sum(marks), len(marks))
    return totals


def format_table(scores: dict[str, dict[str, bool]]) -> str:
    lines = ["field       right / pages"]
    for field, (right, total) in table(scores).items():
        lines.append(f"{field:<11} {right:>5} / {total}")
    for name, page in scores.items():
        wrong = [field for field, ok in page.items() if not ok]
        if wrong:
            lines.append(f"  {name}: {', '.join(wrong)}")
    return "\n".join(lines)
