"""``manage.py import_articles PATH... [--from-urls FILE]``: move articles over from another portal.

Inputs: JSON lines (``.jsonl``, ``.jsonl.gz``), captured text pages (``.txt``), saved HTML
article pages (``.html``…), and pages fetched from a list of addresses (``--from-urls``).
Re-running updates what changed and leaves the rest; ``--dry-run`` only reports.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from toasoan.importer.parsers import InputFormat, read_inputs
from toasoan.importer.parsers.fetch import FetchSettings, read_urls
from toasoan.importer.records import WARNING_NO_DATE
from toasoan.importer.services.importing import WITH_REASON, Outcome, Status, import_records
from toasoan.importer.services.sections import ImportSetupError
from toasoan.sections import addresses

#: Reasons listed per status in the summary.
TOP_REASONS = 10

STATUS_LABELS = {
    Status.CREATED: "tạo",
    Status.UPDATED: "cập nhật",
    Status.UNCHANGED: "không đổi",
    Status.FAILED: "lỗi",
    Status.NOT_ARTICLE: "không phải bài",
    Status.DAMAGED: "chữ hỏng",
}


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, không phải {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, không phải {value!r}")
    return number


def non_negative_int(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"cần một số nguyên không âm, không phải {value!r}")
    return int(value)


def non_negative_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"cần một số không âm, không phải {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"cần một số không âm, không phải {value!r}")
    return number


def summary_line(counts: Counter[Status], *, dry_run: bool) -> str:
    created, updated = counts[Status.CREATED], counts[Status.UPDATED]
    unchanged, failed = counts[Status.UNCHANGED], counts[Status.FAILED]
    rest = f"không phải bài {counts[Status.NOT_ARTICLE]}, chữ hỏng {counts[Status.DAMAGED]}"
    if dry_run:
        return (
            f"Chạy thử, không ghi gì: sẽ tạo {created}, cập nhật {updated}, "
            f"không đổi {unchanged}, lỗi {failed}, {rest}"
        )
    return f"Đã tạo {created}, cập nhật {updated}, không đổi {unchanged}, lỗi {failed}, {rest}"


class ReportWriter:
    """``--report FILE.json``, written as the import goes (one line per record), summary last.

    The file is one JSON object: ``{"started_at", "options", "records": [...], "summary": {...}}``.
    """

    def __init__(self, path: Path, options: dict[str, Any]) -> None:
        self.path = path
        self.handle: IO[str] = path.open("w", encoding="utf-8")
        self.count = 0
        head = {"started_at": timezone.now().isoformat(), "options": options}
        self.handle.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "records": [\n')

    def add(self, outcome: Outcome) -> None:
        separator = ",\n" if self.count else ""
        self.handle.write(separator + json.dumps(outcome.as_report(), ensure_ascii=False))
        self.count += 1

    def close(self, summary: dict[str, Any]) -> None:
        self.handle.write('\n], "summary": ' + json.dumps(summary, ensure_ascii=False, indent=1) + "}\n")
        self.handle.close()


class Command(BaseCommand):
    help = (
        "Nhập bài viết từ tệp JSON lines (.jsonl, .jsonl.gz), trang chụp dạng văn bản (.txt), trang HTML "
        "đã lưu (.html) hoặc tải từ danh sách địa chỉ (--from-urls). Nhập lại cùng dữ liệu thì cập nhật, "
        "không tạo trùng."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="Tệp cần nhập")
        parser.add_argument(
            "--from-urls", type=Path, metavar="FILE",
            help="Tải và nhập các trang có địa chỉ trong FILE (mỗi dòng một địa chỉ; dòng # là ghi chú)",
        )  # fmt: skip
        parser.add_argument(
            "--section", dest="section_slug", metavar="SLUG",
            help="Đưa mọi bài vào chuyên mục (đã có) này thay vì theo nhãn chuyên mục của từng bài",
        )  # fmt: skip
        parser.add_argument(
            "--format", dest="input_format", choices=[choice.value for choice in InputFormat],
            default=InputFormat.AUTO.value,
            help="Định dạng tệp; auto: theo đuôi tệp (.jsonl, .gz → jsonl; .txt → text; .html, .htm → html)",
        )  # fmt: skip
        parser.add_argument("--limit", type=positive_int, metavar="N", help="Dừng sau N bản ghi")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ báo sẽ làm gì, không ghi gì")
        parser.add_argument(
            "--accept-damaged", action="store_true",
            help="Vẫn nhập bài có chữ bị mất (“L?y l?i”); mặc định chỉ báo cáo, không nhập",
        )  # fmt: skip
        parser.add_argument(
            "--json", action="store_true", dest="as_json",
            help="Mỗi bản ghi một dòng JSON trên stdout (status, url, title, error)",
        )  # fmt: skip
        parser.add_argument(
            "--report", type=Path, metavar="FILE.json",
            help="Ghi báo cáo đầy đủ (từng bản ghi và tổng kết) vào tệp JSON",
        )  # fmt: skip
        parser.add_argument(
            "--portal", metavar="HOST",
            help="Nhập vào cổng ở địa chỉ này (tên miền hoặc tên miền:cổng mạng); mặc định: cổng chính",
        )  # fmt: skip
        parser.add_argument(
            "--one-by-one", action="store_true",
            help="Tạo từng trang theo cách của Wagtail thay vì ghi theo lô (chậm hơn nhiều; để so sánh)",
        )  # fmt: skip
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=500,
            metavar="N",
            help="Số bản ghi mỗi lô (mặc định 500)",
        )
        parser.add_argument(
            "--jobs", type=non_negative_int, default=None, metavar="N",
            help="Số tiến trình phụ đọc và chuẩn bị bản ghi trong khi tiến trình chính ghi "
            "(0: không dùng; mặc định: tự chọn, 1 khi máy có từ 2 nhân và đầu vào trên 200 bản ghi; "
            "0 với --from-urls)",
        )  # fmt: skip
        fetching = parser.add_argument_group("tải trang (--from-urls)")
        fetching.add_argument(
            "--timeout",
            type=non_negative_float,
            default=15.0,
            metavar="GIÂY",
            help="Thời gian chờ mỗi lần tải",
        )
        fetching.add_argument(
            "--retries",
            type=non_negative_int,
            default=3,
            metavar="N",
            help="Số lần thử lại khi lỗi mạng, 429, 5xx",
        )
        fetching.add_argument(
            "--backoff", type=non_negative_float, default=1.0, metavar="GIÂY",
            help="Chờ trước lần thử lại đầu tiên; gấp đôi mỗi lần sau",
        )  # fmt: skip
        fetching.add_argument(
            "--rate", type=non_negative_float, default=1.0, metavar="N",
            help="Tối đa N yêu cầu mỗi giây tới một máy chủ (0 = không giới hạn); mặc định 1, lịch sự",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        as_json: bool = options["as_json"]
        limit: int | None = options["limit"]
        if not options["paths"] and not options["from_urls"]:
            raise CommandError("Cần ít nhất một tệp hoặc --from-urls FILE")
        # Lazy: JSON lines are parsed by import_records, in its worker processes if it has any.
        items: Iterator[Any] = read_inputs(options["paths"], InputFormat(options["input_format"]), lazy=True)
        if options["from_urls"]:
            settings = FetchSettings(
                timeout=options["timeout"],
                retries=options["retries"],
                backoff=options["backoff"],
                rate=options["rate"],
            )
            items = chain(items, read_urls(options["from_urls"], settings))
        if limit is not None:
            items = islice(items, limit)
        try:
            home = addresses.find_site(options["portal"]).root_page.specific if options["portal"] else None
        except addresses.UnknownSite as exc:
            raise CommandError(str(exc)) from exc
        try:
            outcomes = import_records(
                items,
                home=home,
                section_slug=options["section_slug"],
                dry_run=dry_run,
                accept_damaged=options["accept_damaged"],
                use_bulk=not options["one_by_one"],
                batch_size=options["batch_size"],
                jobs=self._jobs(options),
            )
        except ImportSetupError as exc:
            raise CommandError(str(exc)) from exc

        report = ReportWriter(options["report"], self._report_options(options)) if options["report"] else None
        stderr = getattr(self.stderr, "_out", sys.stderr)
        counts: Counter[Status] = Counter()
        reasons: dict[Status, Counter[str]] = {status: Counter() for status in WITH_REASON}
        damaged_accepted = undated = 0
        started = time.perf_counter()
        try:
            with tqdm(
                total=limit, unit=" bài", file=stderr, disable=True if as_json else None, dynamic_ncols=True
            ) as progress:
                for outcome in outcomes:
                    counts[outcome.status] += 1
                    undated += WARNING_NO_DATE in outcome.warnings
                    damaged_accepted += bool(outcome.damage) and outcome.status not in WITH_REASON
                    if outcome.status in WITH_REASON:
                        reasons[outcome.status][_reason_key(outcome)] += 1
                    if report is not None:
                        report.add(outcome)
                    if as_json:
                        self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
                    else:
                        self.show(outcome, progress, stderr)
                        progress.update()
                        progress.set_postfix_str(self.counts_text(counts), refresh=False)
        finally:
            elapsed = time.perf_counter() - started
            summary = self._summary(counts, reasons, elapsed, dry_run=dry_run)
            if report is not None:
                report.close(summary)

        total = sum(counts.values())
        rate = f"{total / elapsed:,.1f}" if elapsed > 0 else "–"
        out = self.stderr if as_json else self.stdout
        out.write(f"{summary_line(counts, dry_run=dry_run)} ({elapsed:,.1f} giây, {rate} bản ghi/giây)")
        for status in (Status.FAILED, Status.DAMAGED, Status.NOT_ARTICLE):
            if reasons[status]:
                out.write(f"Lý do {STATUS_LABELS[status]}:")
                for reason, number in reasons[status].most_common(TOP_REASONS):
                    out.write(f"  {number} × {reason}")
        if undated:
            out.write(f"{undated} bài không có thời gian đăng: ghi “Không rõ ngày”, xếp sau các bài có ngày")
        if damaged_accepted:
            out.write(f"{damaged_accepted} bài có chữ bị mất vẫn được nhập (--accept-damaged): xem báo cáo")
        if counts[Status.DAMAGED]:
            out.write(
                f"{counts[Status.DAMAGED]} bài có chữ bị mất, chưa nhập: "
                "sửa nguồn, hoặc chạy lại với --accept-damaged"
            )
        if report is not None:
            out.write(f"Báo cáo: {options['report']}")
        if counts[Status.FAILED]:
            raise CommandError(f"{counts[Status.FAILED]} bản ghi không nhập được (xem các dòng lỗi ở trên)")

    @staticmethod
    def _jobs(options: dict[str, Any]) -> int | None:
        if options["jobs"] is None and options["from_urls"]:
            # Fetching sets the pace; workers would only make the reader fetch ahead of the import.
            return 0
        return options["jobs"]

    @staticmethod
    def _report_options(options: dict[str, Any]) -> dict[str, Any]:
        keys = (
            "dry_run",
            "accept_damaged",
            "section_slug",
            "input_format",
            "limit",
            "one_by_one",
            "from_urls",
            "jobs",
        )
        data = {key: options.get(key) for key in keys}
        data["paths"] = [str(path) for path in options["paths"]]
        data["from_urls"] = str(data["from_urls"]) if data["from_urls"] else None
        return data

    @staticmethod
    def _summary(
        counts: Counter[Status], reasons: dict[Status, Counter[str]], elapsed: float, *, dry_run: bool
    ) -> dict[str, Any]:
        total = sum(counts.values())
        summary: dict[str, Any] = {
            "dry_run": dry_run,
            "total": total,
            **{str(status): counts[status] for status in Status},
            "elapsed_seconds": round(elapsed, 3),
            "records_per_second": round(total / elapsed, 1) if elapsed > 0 else None,
            "reasons": {
                str(status): [
                    {"reason": reason, "count": number} for reason, number in reasons[status].most_common()
                ]
                for status in WITH_REASON
            },
        }
        if tracemalloc.is_tracing():
            summary["peak_memory_bytes"] = tracemalloc.get_traced_memory()[1]
        return summary

    @staticmethod
    def counts_text(counts: Counter[Status]) -> str:
        return ", ".join(f"{label} {counts[status]}" for status, label in STATUS_LABELS.items())

    @staticmethod
    def show(outcome: Outcome, progress: tqdm, stderr: Any) -> None:
        if outcome.status is Status.FAILED:
            progress.write(f"lỗi: {outcome}", file=stderr)
        elif outcome.status is Status.DAMAGED:
            progress.write(f"chữ hỏng: {outcome}", file=stderr)
        elif outcome.status is Status.NOT_ARTICLE:
            progress.write(f"không phải bài: {outcome}", file=stderr)


def _reason_key(outcome: Outcome) -> str:
    """The reason without the record's own details, so that alike reasons group."""
    if outcome.status is Status.DAMAGED:
        return "chữ bị mất, không khôi phục được"
    reason = outcome.error or ""
    if reason.startswith(("http://", "https://")):
        reason = reason.split(": ", 1)[-1]  # "<url>: máy chủ trả lời 500" → "máy chủ trả lời 500"
    return reason
