"""Content changed: said once by whoever changed it, turned into purges by `delivery` alone.

Wagtail's own signals (publish, unpublish, move, delete, view restrictions) already say it for
pages; these say it for what Wagtail does not know about. Send them once the change is committed
(`transaction.on_commit`), so no purge can run before readers could see the new state.

`content_changed` is sent with `kind` and what changed:
- COMMENTS: `pages`, the articles whose comments readers see changed (their own paths only: lists
  do not show comments);
- CONTENT: `paths` from the root of every site and `page_ids` of pages (with their own paths)
  that show the change, e.g. a story thread's pages and its articles;
- EVERYTHING: no details (an import wrote pages in bulk, bypassing the page signals).
"""

from __future__ import annotations

from django.dispatch import Signal

COMMENTS = "comments"
CONTENT = "content"
EVERYTHING = "everything"

content_changed = Signal()


def send(kind: str, **details) -> None:
    content_changed.send(sender=kind, kind=kind, **details)
