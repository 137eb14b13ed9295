"""Records read and prepared in worker processes: the same import, in order, with flat memory."""

from __future__ import annotations

import json
import os
from itertools import chain, islice

from django.db import transaction

from toasoan.importer.models import ImportedRecord
from toasoan.importer.parsers import read_inputs
from toasoan.importer.parsers.jsonl import JsonLine
from toasoan.importer.records import ArticleRecord, Origin, RecordError
from toasoan.importer.services import pipeline
from toasoan.importer.services.importing import Status, import_records
from toasoan.search.models import SORT_KEY_FACTOR, SearchDocument
from toasoan.search.services import searching
from toasoan.search.services.text import parse_query

from .conftest import CorpusRecordFactory
from .pipeline_entries import KillsItsWorker

#: A line nested so deep that ``json.loads`` raises RecursionError: the parser does not catch it.
TOO_DEEP = "[" * 100_000 + "]" * 100_000
SECTIONS = [None, "Thời sự", "Thể thao", "Kinh doanh"]


def _corpus_lines() -> list[dict | str]:
    lines: list[dict | str] = [
        CorpusRecordFactory(
            id=f"pipeline-{number}",
            title=f"Hà Nội khởi công cầu vượt số {number}",
            section=SECTIONS[number % len(SECTIONS)],
            body=f"Đoạn thứ nhất của bài {number}, về thuỷ lợi và hoà bình.\n\nĐoạn hai: «Bão» số {number}.",
        )
        for number in range(60)
    ]
    lines[5] = "{not json"
    lines[9] = TOO_DEEP
    lines[13] = CorpusRecordFactory(title="")
    lines[17] = CorpusRecordFactory(title="L?y l?i m?t kh?u c?a b?n")  # damaged
    lines[21] = dict(lines[20])  # the same record twice in a row
    return lines


def _search_documents() -> dict[str, dict]:
    """The search rows by title, without what depends on the keys handed out and the clock."""
    rows = {}
    for document in SearchDocument.objects.all():
        values = {field.attname: getattr(document, field.attname) for field in document._meta.concrete_fields}
        for name in ("page_id", "section_id", "scope_key", "indexed_at"):
            values.pop(name)
        values["sort_key"] //= SORT_KEY_FACTOR
        rows[values["title"]] = values
    return rows


def _import(path, jobs: int) -> tuple[list[tuple], dict, list, list[str]]:
    """Import *path* with *jobs* workers, note what it did, and roll it all back."""
    with transaction.atomic():
        outcomes = [
            (outcome.status, outcome.url, outcome.title, outcome.error, str(outcome.origin))
            for outcome in import_records(read_inputs([path], lazy=True), jobs=jobs, batch_size=16)
        ]
        ledger = sorted(
            ImportedRecord.objects.values_list(
                "source", "key", "content_hash", "page__url_path", "page__title"
            )
        )
        hits = searching.search(parse_query("thủy lợi bão 7"), searching.Filters())
        found = [hit.article.title for hit in hits[0 : hits.count()] if not hit.missing]
        documents = _search_documents()
        transaction.set_rollback(True)
    return outcomes, documents, ledger, found


def test_workers_import_the_same_as_the_main_process_alone(home_page, write_jsonl, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 5)  # many chunks, several in flight at once
    path = write_jsonl(_corpus_lines())
    alone = _import(path, jobs=0)
    outcomes, documents, ledger, found = alone
    statuses = [outcome[0] for outcome in outcomes]
    assert statuses.count(Status.CREATED) == 55 and statuses.count(Status.UNCHANGED) == 1
    assert [statuses[5], statuses[9], statuses[13], statuses[17]] == [Status.FAILED] * 3 + [Status.DAMAGED]
    assert outcomes[9][3].startswith("lỗi khi đọc bản ghi: RecursionError")
    assert [outcome[4] for outcome in outcomes] == [f"{path}:{line}" for line in range(1, 61)]
    assert len(documents) == 55 and len(ledger) == 55
    assert found == ["Hà Nội khởi công cầu vượt số 7"]  # body words: the prepared body text is searched

    for jobs in (1, 2):
        assert _import(path, jobs=jobs) == alone


def test_workers_prepare_the_search_text(home_page, write_jsonl, monkeypatch):
    """With a worker, indexing is handed the text work for every new article (and uses it)."""
    from toasoan.search.services import indexing

    handed: list[int] = []
    index_new_articles = indexing.index_new_articles

    def spy(articles, prepared=None):
        handed.extend(prepared or {})
        assert all(prepared[article.pk].title.matches(article.title) for article in articles)
        return index_new_articles(articles, prepared)

    monkeypatch.setattr(indexing, "index_new_articles", spy)
    path = write_jsonl([CorpusRecordFactory() for _ in range(12)])
    outcomes = list(import_records(read_inputs([path], lazy=True), jobs=1, batch_size=5))
    assert [outcome.status for outcome in outcomes] == [Status.CREATED] * 12
    assert sorted(handed) == sorted(ImportedRecord.objects.values_list("page_id", flat=True))
    assert SearchDocument.objects.count() == 12


def _lines(count: int, name: str = "input.jsonl") -> list[JsonLine]:
    return [
        JsonLine(json.dumps(CorpusRecordFactory(), ensure_ascii=False).encode(), Origin(name, line), name)
        for line in range(1, count + 1)
    ]


def test_a_dead_worker_costs_no_record():
    """A worker killed mid-import: its records are prepared in the main process, which goes on alone."""
    entries = _lines(20)
    entries[7] = KillsItsWorker(entries[7].raw, entries[7].origin, "input.jsonl", parent_pid=os.getpid())
    prepared = list(pipeline.prepare_items(entries, jobs=1, chunk_size=3, window=2))
    assert [ready.item.origin.line for ready in prepared] == list(range(1, 21))
    assert all(isinstance(ready.item, ArticleRecord) for ready in prepared)
    # Those prepared by the worker before it died carry their search text; those after, none.
    assert prepared[0].search is not None and prepared[-1].search is None


def test_a_line_the_parser_chokes_on_is_its_own_error_in_a_worker():
    entries = _lines(6)
    entries[2] = JsonLine(TOO_DEEP.encode(), Origin("input.jsonl", 3), "input.jsonl")
    prepared = list(pipeline.prepare_items(entries, jobs=1, chunk_size=2))
    items = [ready.item for ready in prepared]
    assert isinstance(items[2], RecordError) and "RecursionError" in items[2].message
    assert [type(item) for item in items] == [ArticleRecord] * 2 + [RecordError] + [ArticleRecord] * 3
    assert prepared[2].search is None and prepared[3].search is not None


def test_the_input_is_read_no_further_than_the_window():
    read = 0

    def reader():
        nonlocal read
        for entry in _lines(400):
            read += 1
            yield entry

    prepared = pipeline.prepare_items(reader(), jobs=1, chunk_size=10, window=3)
    assert next(prepared).item.origin.line == 1 and read == 30  # three chunks sent, no more
    first = list(islice(prepared, 24))
    assert len(first) == 24 and read <= 25 + 10 * 3
    rest = list(prepared)
    assert read == 400 and [ready.item.origin.line for ready in first + rest] == list(range(2, 401))

    # A consumer working by batches of 100 asks for a batch ahead: 11 chunks of 10 in flight.
    read = 0
    prepared = pipeline.prepare_items(reader(), jobs=1, chunk_size=10, ahead=100)
    assert next(prepared).item.origin.line == 1 and read == 110
    prepared.close()


def test_automatic_jobs_only_for_inputs_worth_a_worker(monkeypatch):
    started: list[tuple[int, int]] = []
    read = 0

    def in_workers(entries, jobs, *args):
        first = next(entries)
        started.append((jobs, first.origin.line))
        return (pipeline.prepare_one(entry, with_search=False) for entry in chain([first], entries))

    def reader(count: int):
        nonlocal read
        for entry in _lines(count):
            read += 1
            yield entry

    monkeypatch.setattr(pipeline, "_in_workers", in_workers)
    monkeypatch.setattr(pipeline, "available_cpus", lambda: 2)
    monkeypatch.setattr(pipeline, "AUTO_MIN_INPUTS", 10)
    small = list(pipeline.prepare_items(reader(10), jobs=None))
    assert len(small) == 10 and started == []
    # The first ten are prepared here as they are read (no look ahead), the rest in a worker.
    read = 0
    big = pipeline.prepare_items(reader(30), jobs=None)
    assert next(big).item.origin.line == 1 and read == 1
    assert [ready.item.origin.line for ready in big] == list(range(2, 31)) and started == [(1, 11)]
    # One core: no worker.
    monkeypatch.setattr(pipeline, "available_cpus", lambda: 1)
    assert len(list(pipeline.prepare_items(_lines(30), jobs=None))) == 30 and started == [(1, 11)]


def test_command_takes_jobs(run_import, write_jsonl, tmp_path, monkeypatch):
    from toasoan.importer.management.commands import import_articles

    asked: list[int | None] = []
    real_import_records = import_articles.import_records

    def spy(items, **options):
        asked.append(options["jobs"])
        return real_import_records(items, **options)

    monkeypatch.setattr(import_articles, "import_records", spy)
    path = write_jsonl([CorpusRecordFactory() for _ in range(5)])
    result = run_import(path, "--json", "--jobs", "1")
    assert result.ok, result.stderr
    assert [line["status"] for line in result.json_lines] == ["created"] * 5
    again = run_import(path, "--json")
    assert [line["status"] for line in again.json_lines] == ["unchanged"] * 5
    assert asked == [1, None]  # None: automatic
    # Fetching sets the pace: no workers unless asked for.
    urls = tmp_path / "urls.txt"
    urls.write_text("# none yet\n", encoding="utf-8")
    assert run_import("--from-urls", urls, "--json").ok and asked[-1] == 0
    assert run_import("--from-urls", urls, "--json", "--jobs", "2").ok and asked[-1] == 2
    assert run_import(path, "--jobs", "-1").error is not None
