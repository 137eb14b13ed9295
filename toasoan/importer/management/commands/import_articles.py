"""``manage.py import_articles PATH...``: import articles from JSON lines or captured text pages."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from itertools import islice
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from toasoan.importer.parsers import InputFormat, read_inputs
from toasoan.importer.records import WARNING_NO_DATE
from toasoan.importer.services.importing import Outcome, Status, import_records
from toasoan.importer.services.sections import ImportSetupError


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, không phải {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, không phải {value!r}")
    return number


def summary_line(counts: Counter[Status], *, dry_run: bool) -> str:
    created, updated = counts[Status.CREATED], counts[Status.UPDATED]
    unchanged, failed = counts[Status.UNCHANGED], counts[Status.FAILED]
    if dry_run:
        return (
            f"Chạy thử, không ghi gì: sẽ tạo {created}, cập nhật {updated}, "
            f"không đổi {unchanged}, lỗi {failed}"
        )
    return f"Đã tạo {created}, cập nhật {updated}, không đổi {unchanged}, lỗi {failed}"


class Command(BaseCommand):
    help = (
        "Nhập bài viết từ tệp JSON lines (.jsonl, .jsonl.gz) hoặc trang bài chụp dạng văn bản (.txt). "
        "Nhập lại cùng dữ liệu thì cập nhật, không tạo trùng."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="Tệp cần nhập")
        parser.add_argument(
            "--section", dest="section_slug", metavar="SLUG",
            help="Đưa mọi bài vào chuyên mục (đã có) này thay vì theo nhãn chuyên mục của từng bài",
        )
        parser.add_argument(
            "--format", dest="input_format", choices=[choice.value for choice in InputFormat],
            default=InputFormat.AUTO.value,
            help="Định dạng tệp; auto: theo đuôi tệp (.jsonl, .gz → jsonl; .txt → text)",
        )
        parser.add_argument("--limit", type=positive_int, metavar="N", help="Dừng sau N bản ghi")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ báo sẽ làm gì, không ghi gì")
        parser.add_argument(
            "--json", action="store_true", dest="as_json",
            help="Mỗi bản ghi một dòng JSON trên stdout (status, url, title, error)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        as_json: bool = options["as_json"]
        limit: int | None = options["limit"]
        items = read_inputs(options["paths"], InputFormat(options["input_format"]))
        if limit is not None:
            items = islice(items, limit)
        try:
            outcomes = import_records(items, section_slug=options["section_slug"], dry_run=dry_run)
        except ImportSetupError as exc:
            raise CommandError(str(exc)) from exc

        stderr = getattr(self.stderr, "_out", sys.stderr)
        counts: Counter[Status] = Counter()
        undated = 0
        started = time.perf_counter()
        with tqdm(
            total=limit, unit=" bài", file=stderr, disable=True if as_json else None, dynamic_ncols=True
        ) as progress:
            for outcome in outcomes:
                counts[outcome.status] += 1
                undated += WARNING_NO_DATE in outcome.warnings
                if as_json:
                    self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
                else:
                    self.report(outcome, progress, stderr)
                    progress.update()
                    progress.set_postfix_str(self.counts_text(counts), refresh=False)
        elapsed = time.perf_counter() - started

        total = sum(counts.values())
        rate = f"{total / elapsed:,.1f}" if elapsed > 0 else "–"
        summary = f"{summary_line(counts, dry_run=dry_run)} ({elapsed:,.1f} giây, {rate} bản ghi/giây)"
        notes = f"{undated} bài không có thời gian đăng: lấy thời điểm nhập" if undated else ""
        out = self.stderr if as_json else self.stdout
        out.write(summary)
        if notes:
            out.write(notes)
        if counts[Status.FAILED]:
            raise CommandError(f"{counts[Status.FAILED]} bản ghi không nhập được (xem các dòng lỗi ở trên)")

    @staticmethod
    def counts_text(counts: Counter[Status]) -> str:
        return (
            f"tạo {counts[Status.CREATED]}, cập nhật {counts[Status.UPDATED]}, "
            f"không đổi {counts[Status.UNCHANGED]}, lỗi {counts[Status.FAILED]}"
        )

    @staticmethod
    def report(outcome: Outcome, progress: tqdm, stderr: Any) -> None:
        if outcome.status is Status.FAILED:
            progress.write(f"lỗi: {outcome}", file=stderr)
