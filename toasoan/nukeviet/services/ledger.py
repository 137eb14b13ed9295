"""The ledger as the laws, faq and organs importers use it: one `LegacyRecord` per NukeViet row.

A row's `content_hash` covers everything read from it (its fields, its files' bytes, what it
points to), so a second run of the same dump finds every hash equal and writes nothing.  The
records of a module are read once per run (`Ledger`), not once per row.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..models import LegacyRecord

CREATED = LegacyRecord.Status.CREATED
SKIPPED = LegacyRecord.Status.SKIPPED


def digest(value: Any) -> str:
    """A stable hash of JSON-able data (sorted keys, dates as text)."""
    # A dump's text may hold lone surrogates (bytes no encoding explains): hashed as they are.
    encoded = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8", errors="surrogatepass")).hexdigest()


class Ledger:
    """The records of one (source, module), read once; `save` writes one only when it changed."""

    def __init__(self, source: str, module: str) -> None:
        self.source = source
        self.module = module
        self.records = {
            record.key: record for record in LegacyRecord.objects.filter(source=source, module=module)
        }

    def get(self, key: object) -> LegacyRecord | None:
        return self.records.get(str(key))

    def is_current(self, key: object, content_hash: str, *, needs_page: bool = True) -> bool:
        """Whether the row was imported with this very content (and its page is still there)."""
        record = self.get(key)
        return (
            record is not None
            and record.content_hash == content_hash
            and record.status == CREATED
            and (record.page_id is not None or not needs_page)
        )

    def save(
        self,
        key: object,
        *,
        content_hash: str,
        page_id: int | None = None,
        object_label: str = "",
        object_pk: object = "",
        old_urls: list[str] | None = None,
        status: str = CREATED,
        reason: str = "",
    ) -> bool:
        """Create or update the record; True when something was written."""
        values = {
            "content_hash": content_hash,
            "page_id": page_id,
            "object_label": object_label,
            "object_pk": str(object_pk or ""),
            "old_urls": list(old_urls or []),
            "status": status,
            "reason": reason,
        }
        record = self.get(key)
        if record is None:
            record = LegacyRecord.objects.create(
                source=self.source, module=self.module, key=str(key), **values
            )
            self.records[record.key] = record
            return True
        if all(getattr(record, name) == value for name, value in values.items()):
            return False
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
        return True
