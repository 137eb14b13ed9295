"""Turn parsed records into published article pages, recording each in the ImportedRecord ledger.

Each record is written in its own transaction: a failure leaves nothing of that record
behind and the import goes on.  A record whose ledger entry has the same content hash
is left alone (``unchanged``); a different hash updates the page and publishes a new
revision (``updated``); a new record becomes a new page in its section (``created``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from itertools import batched
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler as search_index_on_save
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from toasoan.articles.models import Agency, ArticlePage

from ..models import ImportedRecord
from ..records import ArticleRecord, Origin, RecordError
from .sections import SectionDirectory, get_home_page, require_section

logger = logging.getLogger(__name__)

#: Records looked up in the ledger with one query.
LEDGER_BATCH_SIZE = 200


class Status(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


WRITTEN = frozenset({Status.CREATED, Status.UPDATED})


@dataclass(frozen=True)
class Outcome:
    """What happened to one input record (or to a file that could not be read)."""

    status: Status
    origin: Origin
    title: str | None = None
    url: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "url": self.url,
            "title": self.title,
            "error": self.error,
            "warnings": list(self.warnings),
            "file": self.origin.file,
            "line": self.origin.line,
        }

    def __str__(self) -> str:
        if self.status is Status.FAILED:
            return f"{self.origin}: {self.error}"
        return f"{self.origin}: {self.status} {self.url or ''}".rstrip()


class _Agencies:
    """Agencies by code; a missing one is created with its code as name, existing names are kept."""

    def __init__(self) -> None:
        self._by_code: dict[str, Agency] = {}

    def get(self, code: str) -> Agency | None:
        if not code:
            return None
        agency = self._by_code.get(code)
        if agency is None:
            agency, _ = Agency.objects.get_or_create(code=code, defaults={"name": code})
            self._by_code[code] = agency
        return agency

    def forget(self) -> None:
        self._by_code.clear()


@contextmanager
def _indexing_deferred() -> Iterator[None]:
    """Skip the search and reference indexing that Wagtail runs on each of a page's saves.

    Creating and publishing a page saves it three times, and the SQLite search backend
    scans the whole index table on every add; the import indexes each page once instead:
    references right after it is written, search entries per batch.
    """
    disconnected = post_save.disconnect(search_index_on_save, sender=ArticlePage)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        if disconnected:
            post_save.connect(search_index_on_save, sender=ArticlePage)


def _publish(page: ArticlePage) -> None:
    """Save a revision and publish it (Wagtail's ``page.save_revision().publish()``).

    Publishing saves the live page, which validates it in full; validating the revision
    too would run the same checks (a dozen queries) twice.
    """
    page.save_revision(clean=False).publish()


def _index_for_search(page_ids: list[int]) -> None:
    """Add or update the search entries of these pages, in one go per search backend."""
    if not page_ids:
        return
    pages = list(ArticlePage.objects.filter(pk__in=page_ids))
    for backend in get_search_backends(with_auto_update=True):
        try:
            backend.add_bulk(ArticlePage, pages)
        except Exception:  # the articles are saved; `manage.py update_index` can catch the index up
            logger.exception("Search index not updated for %d imported pages", len(pages))


def _outcome(
    record: ArticleRecord, status: Status, url: str | None = None, error: str | None = None
) -> Outcome:
    return Outcome(status, record.origin, record.title, url, error, record.warnings)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "dữ liệu không hợp lệ: " + "; ".join(exc.messages)
    return f"lỗi khi ghi: {exc}"


class _Run:
    """One import run: the caches it fills and the writes it makes."""

    def __init__(self, sections: SectionDirectory, *, dry_run: bool) -> None:
        self.sections = sections
        self.agencies = _Agencies()
        self.dry_run = dry_run
        # A dry run writes no ledger; what it would have written is kept here, so a record
        # repeated in the input is reported as a real run would report it.
        self.planned: dict[tuple[str, str], tuple[str, str]] = {}

    def import_batch(self, items: tuple[ArticleRecord | RecordError, ...]) -> Iterator[Outcome]:
        ledger = _ledger_for([item for item in items if isinstance(item, ArticleRecord)])
        written: list[int] = []
        try:
            for item in items:
                if isinstance(item, RecordError):
                    yield Outcome(Status.FAILED, item.origin, title=item.title, error=item.message)
                    continue
                entry = ledger.get((item.source, item.key))
                outcome, entry = self.import_record(item, entry)
                if entry is not None:
                    ledger[(item.source, item.key)] = entry
                if outcome.status in WRITTEN and entry is not None and not self.dry_run:
                    written.append(entry.page_id)
                yield outcome
        finally:
            _index_for_search(written)

    def import_record(
        self, record: ArticleRecord, entry: ImportedRecord | None
    ) -> tuple[Outcome, ImportedRecord | None]:
        if entry is not None and entry.content_hash == record.content_hash:
            return _outcome(record, Status.UNCHANGED, entry.page.url), entry
        if self.dry_run:
            return self.plan(record, entry), entry
        try:
            with transaction.atomic():
                if entry is not None:
                    self.update_page(entry.page, record)
                    entry.content_hash = record.content_hash
                    entry.save(update_fields=["content_hash", "updated_at"])
                    return _outcome(record, Status.UPDATED, entry.page.url), entry
                page = self.create_page(record)
                entry = ImportedRecord.objects.create(
                    source=record.source, key=record.key, content_hash=record.content_hash, page=page
                )
                return _outcome(record, Status.CREATED, page.url), entry
        except Exception as exc:  # one bad record must not stop the import; it is reported instead
            logger.debug("Import of %s failed", record.origin, exc_info=True)
            self.sections.forget()
            self.agencies.forget()
            if entry is not None:  # its page was changed in memory by the rolled-back update
                entry = ImportedRecord.objects.select_related("page").filter(pk=entry.pk).first()
            return _outcome(record, Status.FAILED, error=_error_text(exc)), entry

    def plan(self, record: ArticleRecord, entry: ImportedRecord | None) -> Outcome:
        """What a real run would do with *record*, without writing anything."""
        ledger_key = (record.source, record.key)
        if ledger_key in self.planned:
            planned_hash, url = self.planned[ledger_key]
            status = Status.UNCHANGED if planned_hash == record.content_hash else Status.UPDATED
        elif entry is not None:
            status, url = Status.UPDATED, entry.page.url
        else:
            section = self.sections.for_label(record.section_label)
            status, url = Status.CREATED, f"{section.url}{section.unique_slug(record.title)}/"
        self.planned[ledger_key] = (record.content_hash, url)
        return _outcome(record, status, url)

    def fill_page(self, page: ArticlePage, record: ArticleRecord) -> None:
        page.title = record.title
        page.lead = record.lead
        page.body = record.raw_body()
        page.agency = self.agencies.get(record.agency_code)
        page.byline = record.byline
        if record.published_at is not None:
            page.published_at = record.published_at

    def create_page(self, record: ArticleRecord) -> ArticlePage:
        section = self.sections.for_label(record.section_label)
        if section.page is None:
            raise RuntimeError("only a dry run plans sections without creating them")
        published_at = record.published_at or timezone.now()
        page = ArticlePage(slug=section.unique_slug(record.title), published_at=published_at, live=False)
        self.fill_page(page, record)
        # The page's own first publication is the article's, not the import's.
        page.first_published_at = published_at
        with _indexing_deferred():
            section.page.add_child(instance=page)
            _publish(page)
        ReferenceIndex.create_or_update_for_object(page)
        return page

    def update_page(self, page: ArticlePage, record: ArticleRecord) -> None:
        self.fill_page(page, record)
        with _indexing_deferred():
            _publish(page)
        ReferenceIndex.create_or_update_for_object(page)


def _ledger_for(records: list[ArticleRecord]) -> dict[tuple[str, str], ImportedRecord]:
    if not records:
        return {}
    wanted = {(record.source, record.key) for record in records}
    entries = ImportedRecord.objects.select_related("page").filter(
        key__in={key for _, key in wanted}, source__in={source for source, _ in wanted}
    )
    return {(entry.source, entry.key): entry for entry in entries if (entry.source, entry.key) in wanted}


def import_records(
    items: Iterable[ArticleRecord | RecordError], *, section_slug: str | None = None, dry_run: bool = False
) -> Iterator[Outcome]:
    """Import *items* in order, yielding one Outcome each. Raises ImportSetupError before the first one.

    ``section_slug`` puts every article into that existing section; otherwise sections come
    from the records' labels (created where missing) or default to "Tin tổng hợp".
    ``dry_run`` reports what would happen and writes nothing.
    """
    home = get_home_page()
    forced = require_section(home, section_slug) if section_slug else None
    run = _Run(SectionDirectory(home, forced=forced, dry_run=dry_run), dry_run=dry_run)
    return _outcomes(run, items)


def _outcomes(run: _Run, items: Iterable[ArticleRecord | RecordError]) -> Iterator[Outcome]:
    for batch in batched(items, LEDGER_BATCH_SIZE):
        yield from run.import_batch(batch)
