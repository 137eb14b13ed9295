"""Content changed: said once by whoever changed it, turned into purges by `delivery` alone.

Wagtail's own signals (publish, unpublish, move, delete, view restrictions) already say it for
pages; these say it for what Wagtail does not know about. Send them once the change is committed
(`transaction.on_commit`), so no purge can run before readers could see the new state.

`content_changed` is sent with `kind` and what changed:
- COMMENTS: `pages`, the articles whose comments readers see changed (the article page only);
- THREADS: `slugs` of story threads and `article_ids` of the articles whose thread box changed;
- EVERYTHING: no details (an import wrote pages in bulk, bypassing the page signals).
"""

from __future__ import annotations

from django.dispatch import Signal

COMMENTS = "comments"
THREADS = "threads"
EVERYTHING = "everything"

content_changed = Signal()


def send(kind: str, **details) -> None:
    content_changed.send(sender=kind, kind=kind, **details)
