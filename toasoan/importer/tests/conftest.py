"""Fixtures for the importer: a site with a HomePage, a command runner, JSON-lines files written per test."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import factory
import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from toasoan.importer.records import Origin, build_record, paragraph, photo_note
from toasoan.sections.models import HomePage, SectionPage

SEED_NAME = "ba-dinh-thi-dua-1010-nam.txt"
CORPUS_NAME = "articles.jsonl.gz"


class CorpusRecordFactory(factory.DictFactory):
    """One line of the corpus format, with distinct ids and titles."""

    id = factory.Sequence(lambda n: f"test-{n}")
    title = factory.Sequence(lambda n: f"Hà Nội khởi công cầu vượt số {n}")
    section = None
    published = "2020-09-16T16:20:00+07:00"
    lead = "Sáng nay, thành phố khởi công công trình trọng điểm."
    body = "Đoạn thứ nhất của bài.\n\nĐoạn thứ hai của bài."
    source = "test-corpus"
    author = "Minh Anh"


def article_record(key: str, title: str, *, section: str = "Thời sự", agency: str = "HNP", day: int = 16):
    """One record as the parsers build it: a lead, two paragraphs around a photo note, a byline."""
    return build_record(
        origin=Origin("test", 1),
        source="bulk-test",
        key=key,
        title=title,
        lead="Sáng nay, quận tổ chức hội nghị.",
        body=[
            paragraph("Đoạn một của bài."),
            photo_note("Ảnh hội nghị", "Minh Anh"),
            paragraph("Đoạn hai."),
        ],
        published=f"2020-09-{day:02d}T16:20:00+07:00",
        agency_code=agency,
        byline="Bình An",
        section_label=section,
    )


@dataclass
class CommandResult:
    stdout: str
    stderr: str
    error: CommandError | None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def json_lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


@pytest.fixture
def home_page(db) -> HomePage:
    """Our HomePage under the tree root (the migration's, or a new one), as the default Site's root."""
    home = HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


@pytest.fixture
def make_section(home_page) -> Callable[[str], SectionPage]:
    def make(title: str) -> SectionPage:
        section = SectionPage(title=title)
        home_page.add_child(instance=section)
        section.save_revision().publish()
        return section

    return make


@pytest.fixture
def run_import(home_page) -> Callable[..., CommandResult]:
    """``run_import(path, "--json")``: call the command, keep its output and CommandError (if any)."""

    def run(*args: object) -> CommandResult:
        stdout, stderr = StringIO(), StringIO()
        try:
            call_command("import_articles", *[str(arg) for arg in args], stdout=stdout, stderr=stderr)
        except CommandError as exc:
            return CommandResult(stdout.getvalue(), stderr.getvalue(), exc)
        return CommandResult(stdout.getvalue(), stderr.getvalue(), None)

    return run


@pytest.fixture
def write_jsonl(tmp_path) -> Callable[..., Path]:
    """Write records (dicts, or raw strings for broken lines) as a JSON-lines file in tmp_path."""

    def write(records: Iterable[dict[str, Any] | str], name: str = "articles.jsonl") -> Path:
        path = tmp_path / name
        lines = [item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in records]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def seed_page(shared_dir) -> Path:
    return shared_dir / "fixtures" / "pages" / SEED_NAME


@pytest.fixture
def corpus(shared_dir) -> Path:
    return shared_dir / "corpus" / CORPUS_NAME
