"""A link or a group saved or deleted: every page shows the footer, so all of them are stale.

Sent once per transaction, after the commit (toasoan.cache.events): an admin save writes the
group and each of its links, and the readers' next request must find them all.
"""

from __future__ import annotations

from asgiref.local import Local
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from toasoan.cache import events

from .models import Link, LinkGroup

_pending = Local()


def _send() -> None:
    _pending.waiting = False
    events.send(events.EVERYTHING)


def on_links_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _send()
        return
    waiting = getattr(_pending, "waiting", False)
    if waiting and any(entry[1] is _send for entry in connection.run_on_commit):
        return  # this transaction sends it once it commits
    # Not waiting, or left waiting by a transaction that was rolled back: its changes never happened.
    _pending.waiting = True
    transaction.on_commit(_send)


def register() -> None:
    for model in (LinkGroup, Link):
        label = model._meta.label_lower
        post_save.connect(on_links_changed, sender=model, dispatch_uid=f"links.changed.{label}")
        post_delete.connect(on_links_changed, sender=model, dispatch_uid=f"links.deleted.{label}")
