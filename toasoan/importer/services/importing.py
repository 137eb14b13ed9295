"""Turn parsed records into published article pages, recording each in the ImportedRecord ledger.

Records are read in batches (``BATCH_SIZE``), so memory stays flat whatever the input's
size.  For each record of a batch:

* a record whose ledger entry has the same content hash is left alone (``unchanged``);
* a different hash updates the page and publishes a new revision (``updated``), the
  Wagtail way, one record per transaction;
* a new record becomes a new page (``created``): new records of a batch are written
  together by ``bulk.create_articles`` in one transaction (if that fails, they are
  written one by one, so one bad record costs only itself);
* a page that is not an article (``not-article``), a record whose text lost letters
  (``damaged``, unless ``accept_damaged``) and an unreadable one (``failed``) are
  reported with the reason and nothing is written for them.

Outcomes come out in input order.

Records can be read and made ready in worker processes while this process writes
(``jobs``, see ``pipeline``): JSON lines are parsed there, and the search text of new
articles is worked out there for the bulk path's indexing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import batched
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from toasoan.articles import scope
from toasoan.articles.models import Agency, ArticlePage
from toasoan.search.services.prepared import PreparedText
from toasoan.sections.models import HomePage

from ..models import ImportedRecord
from ..records import WARNING_DAMAGED, ArticleRecord, NotArticle, Origin, RecordError
from . import bulk, pipeline
from .sections import SectionDirectory, SectionTarget, get_home_page, require_section

logger = logging.getLogger(__name__)

#: Records read, looked up in the ledger and written per round.
BATCH_SIZE = 500


class Status(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    NOT_ARTICLE = "not-article"
    DAMAGED = "damaged"
    FAILED = "failed"


WRITTEN = frozenset({Status.CREATED, Status.UPDATED})
#: Statuses that carry a reason worth grouping in the summary.
WITH_REASON = frozenset({Status.NOT_ARTICLE, Status.DAMAGED, Status.FAILED})


@dataclass(frozen=True)
class Outcome:
    """What happened to one input record (or to a file that could not be read)."""

    status: Status
    origin: Origin
    title: str | None = None
    url: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    #: Damaged words with their context, for ``damaged`` (and accepted damaged) records.
    damage: tuple[str, ...] = ()
    #: For ``updated``: "source" (the input changed) or "extraction" (the importer reads it anew).
    changed: str | None = None
    source: str | None = None
    key: str | None = None

    @property
    def reason(self) -> str | None:
        return self.error

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": str(self.status),
            "url": self.url,
            "title": self.title,
            "error": self.error,
            "warnings": list(self.warnings),
            "file": self.origin.file,
            "line": self.origin.line,
        }
        if self.damage:
            data["damage"] = list(self.damage)
        if self.changed:
            data["changed"] = self.changed
        return data

    def as_report(self) -> dict[str, Any]:
        """The fuller line of ``--report``: also the ledger key."""
        return {**self.as_json(), "source": self.source, "key": self.key, "damage": list(self.damage)}

    def __str__(self) -> str:
        if self.status in WITH_REASON:
            return f"{self.origin}: {self.error}"
        return f"{self.origin}: {self.status} {self.url or ''}".rstrip()


class _Agencies:
    """Agencies by code; a missing one is created with its code as name, existing names are kept.

    A code names one source across the install (``Agency.code`` is unique), so an existing one is
    used whatever its portal: the article keeps the prefix the old site printed. A new one belongs
    to the portal imported into, or to every portal for the main portal (docs/portals.md).
    """

    def __init__(self, owner: Site | None = None) -> None:
        self._by_code: dict[str, Agency] = {}
        self.owner = owner

    def get(self, code: str) -> Agency | None:
        if not code:
            return None
        agency = self._by_code.get(code)
        if agency is None:
            agency, _ = Agency.objects.get_or_create(code=code, defaults={"name": code, "site": self.owner})
            self._by_code[code] = agency
        return agency

    def forget(self) -> None:
        self._by_code.clear()


def _outcome(
    record: ArticleRecord,
    status: Status,
    url: str | None = None,
    error: str | None = None,
    changed: str | None = None,
) -> Outcome:
    warnings = record.warnings
    if record.damage and status in WRITTEN:
        warnings = (*warnings, WARNING_DAMAGED)
    return Outcome(
        status,
        record.origin,
        record.title,
        url,
        error,
        warnings,
        record.damage,
        changed,
        record.source,
        record.key,
    )


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "dữ liệu không hợp lệ: " + "; ".join(exc.messages)
    return f"lỗi khi ghi: {exc}"


def _damage_text(record: ArticleRecord) -> str:
    return f"chữ bị mất, không khôi phục được: “{record.damage[0]}” (nhập với --accept-damaged nếu vẫn muốn)"


@dataclass
class _Pending:
    """A new record waiting for the batch's bulk write, at its place in the output."""

    index: int
    record: ArticleRecord
    target: SectionTarget
    page: ArticlePage
    #: The search text worked out ahead by a worker, if any.
    search: PreparedText | None = None


class _Run:
    """One import run: the caches it fills and the writes it makes."""

    def __init__(
        self,
        sections: SectionDirectory,
        *,
        dry_run: bool,
        accept_damaged: bool = False,
        use_bulk: bool = True,
        owner: Site | None = None,
    ) -> None:
        self.sections = sections
        self.agencies = _Agencies(owner)
        self.dry_run = dry_run
        self.accept_damaged = accept_damaged
        self.use_bulk = use_bulk
        # A dry run writes no ledger; what it would have written is kept here, so a record
        # repeated in the input is reported as a real run would report it.
        self.planned: dict[tuple[str, str], tuple[str, str]] = {}

    # -- a batch
    def import_batch(self, batch: Sequence[pipeline.Prepared]) -> list[Outcome]:
        ledger = _ledger_for([ready.item for ready in batch if isinstance(ready.item, ArticleRecord)])
        outcomes: list[Outcome | None] = []
        pending: list[_Pending] = []
        pending_keys: set[tuple[str, str]] = set()
        updated: list[int] = []
        for ready in batch:
            item = ready.item
            if isinstance(item, RecordError):
                outcomes.append(Outcome(Status.FAILED, item.origin, title=item.title, error=item.message))
                continue
            if isinstance(item, NotArticle):
                outcomes.append(Outcome(Status.NOT_ARTICLE, item.origin, title=item.title, error=item.reason))
                continue
            if item.damage and not self.accept_damaged:
                outcomes.append(_outcome(item, Status.DAMAGED, error=_damage_text(item)))
                continue
            ledger_key = (item.source, item.key)
            if ledger_key in pending_keys:  # the same record twice in a batch: write the first one first
                self._flush(pending, outcomes, ledger)
                pending_keys.clear()
            entry = ledger.get(ledger_key)
            if self.dry_run:
                outcomes.append(self.plan(item, entry))
                continue
            if entry is not None:
                outcome, entry = self.import_existing(item, entry)
                if entry is not None:
                    ledger[ledger_key] = entry
                    if outcome.status is Status.UPDATED:
                        updated.append(entry.page_id)
                outcomes.append(outcome)
                continue
            if not self.use_bulk:
                outcome, entry = self.create_one(item)
                if entry is not None:
                    ledger[ledger_key] = entry
                outcomes.append(outcome)
                continue
            try:
                target = self.sections.for_label(item.section_label)
                page = self.new_page(item, target)
            except Exception as exc:  # a section that cannot be created: this record only
                logger.debug("Import of %s failed", item.origin, exc_info=True)
                self.sections.forget()
                outcomes.append(_outcome(item, Status.FAILED, error=_error_text(exc)))
                continue
            pending.append(_Pending(len(outcomes), item, target, page, ready.search))
            pending_keys.add(ledger_key)
            outcomes.append(None)
        self._flush(pending, outcomes, ledger)
        if updated:
            bulk.index_for_search(list(ArticlePage.objects.filter(pk__in=updated)))
        return [outcome for outcome in outcomes if outcome is not None]

    def _flush(
        self,
        pending: list[_Pending],
        outcomes: list[Outcome | None],
        ledger: dict[tuple[str, str], ImportedRecord],
    ) -> None:
        """Write the batch's new records in one go; one by one if that fails."""
        if not pending:
            return
        items = list(pending)
        pending.clear()
        now = timezone.now()
        try:
            with transaction.atomic():
                pages = bulk.create_articles(
                    [bulk.NewArticle(item.page, item.target.page, self._url(item)) for item in items], now=now
                )
                entries = [
                    self._ledger_entry(item.record, page) for item, page in zip(items, pages, strict=True)
                ]
                bulk.insert_objects(ImportedRecord, entries)
        except Exception:
            logger.warning(
                "Bulk write of %d records failed; writing them one by one", len(items), exc_info=True
            )
            self.sections.forget()
            self.agencies.forget()
            for item in items:
                outcome, entry = self.create_one(item.record)
                outcomes[item.index] = outcome
                if entry is not None:
                    ledger[(item.record.source, item.record.key)] = entry
            return
        for item, page, entry in zip(items, pages, entries, strict=True):
            entry.page = page
            ledger[(item.record.source, item.record.key)] = entry
            outcomes[item.index] = _outcome(item.record, Status.CREATED, self._url(item))
        searches = {page.pk: item.search for item, page in zip(items, pages, strict=True) if item.search}
        try:
            bulk.announce_published(pages, prepared=searches)
        except Exception:  # the pages are written; `manage.py update_index` and the search rebuild catch up
            logger.exception("Indexing or cache purge failed after importing %d pages", len(pages))
        bulk.drop_raw_data_views(pages)

    @staticmethod
    def _url(item: _Pending) -> str:
        return f"{item.target.url}{item.page.slug}/"

    @staticmethod
    def _ledger_entry(record: ArticleRecord, page: ArticlePage) -> ImportedRecord:
        return ImportedRecord(
            source=record.source,
            key=record.key,
            content_hash=record.content_hash,
            raw_hash=record.raw_hash,
            source_url=record.source_url[:2000],
            media=[media.as_json() for media in record.media],
            page=page,
        )

    # -- one record
    def import_existing(
        self, record: ArticleRecord, entry: ImportedRecord
    ) -> tuple[Outcome, ImportedRecord | None]:
        if entry.content_hash == record.content_hash:
            if record.raw_hash and entry.raw_hash != record.raw_hash:
                # Same article from a different input (re-saved page, other whitespace): remember it.
                ImportedRecord.objects.filter(pk=entry.pk).update(raw_hash=record.raw_hash)
                entry.raw_hash = record.raw_hash
            return _outcome(record, Status.UNCHANGED, entry.page.url), entry
        changed = "source" if not entry.raw_hash or entry.raw_hash != record.raw_hash else "extraction"
        try:
            with transaction.atomic():
                self.update_page(entry.page, record)
                entry.content_hash = record.content_hash
                entry.raw_hash = record.raw_hash
                entry.source_url = record.source_url[:2000]
                entry.media = [media.as_json() for media in record.media]
                entry.save(update_fields=["content_hash", "raw_hash", "source_url", "media", "updated_at"])
                return _outcome(record, Status.UPDATED, entry.page.url, changed=changed), entry
        except Exception as exc:  # one bad record must not stop the import; it is reported instead
            logger.debug("Import of %s failed", record.origin, exc_info=True)
            self.sections.forget()
            self.agencies.forget()
            # Its page was changed in memory by the rolled-back update.
            entry = ImportedRecord.objects.select_related("page").filter(pk=entry.pk).first()
            return _outcome(record, Status.FAILED, error=_error_text(exc)), entry

    def create_one(self, record: ArticleRecord) -> tuple[Outcome, ImportedRecord | None]:
        """The slow, safe way: Wagtail's add_child and publish, in a transaction of its own."""
        try:
            with transaction.atomic():
                target = self.sections.for_label(record.section_label)
                page = self.new_page(record, target)
                page.live = False
                with disable_reference_index_auto_update():
                    target.page.add_child(instance=page)
                    page.save_revision(clean=False).publish()
                ReferenceIndex.create_or_update_for_object(page)
                entry = self._ledger_entry(record, page)
                entry.save()
                return _outcome(record, Status.CREATED, page.url), entry
        except Exception as exc:
            logger.debug("Import of %s failed", record.origin, exc_info=True)
            self.sections.forget()
            self.agencies.forget()
            return _outcome(record, Status.FAILED, error=_error_text(exc)), None

    def plan(self, record: ArticleRecord, entry: ImportedRecord | None) -> Outcome:
        """What a real run would do with *record*, without writing anything."""
        ledger_key = (record.source, record.key)
        if ledger_key in self.planned:
            planned_hash, url = self.planned[ledger_key]
            status = Status.UNCHANGED if planned_hash == record.content_hash else Status.UPDATED
        elif entry is not None:
            url = entry.page.url
            status = Status.UNCHANGED if entry.content_hash == record.content_hash else Status.UPDATED
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
            page.published_at_unknown = False

    def new_page(self, record: ArticleRecord, target: SectionTarget) -> ArticlePage:
        if target.page is None:
            raise RuntimeError("only a dry run plans sections without creating them")
        # No time in the source: the article keeps none (not the import's, which would make a
        # whole archive the newest news) and lists after the dated ones.
        page = ArticlePage(
            slug=target.unique_slug(record.title),
            published_at=record.published_at,
            published_at_unknown=record.published_at is None,
        )
        self.fill_page(page, record)
        # The page's own first publication is the article's, not the import's.
        page.first_published_at = record.published_at or timezone.now()
        return page

    def update_page(self, page: ArticlePage, record: ArticleRecord) -> None:
        """A new revision, published the Wagtail way; the search index updates on save as usual."""
        self.fill_page(page, record)
        with disable_reference_index_auto_update():
            page.save_revision(clean=False).publish()
        ReferenceIndex.create_or_update_for_object(page)


def portal_site(home: HomePage) -> Site | None:
    """The Site whose root *home* is; the default one first when it has several hostnames."""
    return Site.objects.filter(root_page=home).order_by("-is_default_site", "pk").first()


def _ledger_for(records: list[ArticleRecord]) -> dict[tuple[str, str], ImportedRecord]:
    if not records:
        return {}
    wanted = {(record.source, record.key) for record in records}
    entries = ImportedRecord.objects.select_related("page").filter(
        key__in={key for _, key in wanted}, source__in={source for source, _ in wanted}
    )
    return {(entry.source, entry.key): entry for entry in entries if (entry.source, entry.key) in wanted}


def import_records(
    items: Iterable[pipeline.LazyItem],
    *,
    home: HomePage | None = None,
    section_slug: str | None = None,
    dry_run: bool = False,
    accept_damaged: bool = False,
    use_bulk: bool = True,
    batch_size: int = BATCH_SIZE,
    jobs: int | None = 0,
) -> Iterator[Outcome]:
    """Import *items* in order, yielding one Outcome each. Raises ImportSetupError before the first one.

    ``home`` is the portal imported into (default: the main portal's, the default Site's root);
    ``section_slug`` puts every article into that existing section; otherwise sections come
    from the records' labels (created where missing) or default to "Tin tổng hợp".
    ``dry_run`` reports what would happen and writes nothing; ``accept_damaged`` imports
    records whose text lost letters (flagged in the outcome) instead of refusing them;
    ``use_bulk=False`` creates pages one by one the Wagtail way (slower, for comparison).
    *items* may hold unparsed JSON lines (``read_inputs(..., lazy=True)``); ``jobs`` worker
    processes parse them and prepare search text while this process writes (0: none, all
    here; None: ``pipeline.auto_jobs()`` when the input is big enough). Outcomes are the
    same whatever ``jobs``.
    """
    home = home or get_home_page()
    forced = require_section(home, section_slug) if section_slug else None
    run = _Run(
        SectionDirectory(home, forced=forced, dry_run=dry_run),
        dry_run=dry_run,
        accept_damaged=accept_damaged,
        use_bulk=use_bulk,
        owner=scope.import_owner(portal_site(home)),
    )
    return _outcomes(run, items, batch_size, jobs)


def _outcomes(
    run: _Run, items: Iterable[pipeline.LazyItem], size: int, jobs: int | None
) -> Iterator[Outcome]:
    # Search text is only worth preparing for what the bulk path writes (and indexes).
    with_search = run.use_bulk and not run.dry_run
    # A batch ahead: the workers prepare the next batch while this one is written.
    prepared = pipeline.prepare_items(items, jobs=jobs, with_search=with_search, ahead=size)
    for batch in batched(prepared, size):
        yield from run.import_batch(batch)


__all__ = ["BATCH_SIZE", "Outcome", "Status", "import_records"]
