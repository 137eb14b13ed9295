"""``manage.py rebuild_search_index``: index every live, public article again, in batches."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from toasoan.search.services import indexing


class Command(BaseCommand):
    help = (
        "Lập lại chỉ mục tìm kiếm: mọi bài đang xuất bản và công khai, theo từng lô; "
        "bỏ khỏi chỉ mục những bài không còn như vậy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=indexing.BATCH_SIZE, help="Số bài mỗi lô (mặc định %(default)s)"
        )

    def handle(self, *args, batch_size: int, **options) -> None:
        if batch_size < 1:
            batch_size = indexing.BATCH_SIZE
        started = time.perf_counter()
        last_report = [started]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if options["verbosity"] >= 2 or now - last_report[0] > 10 or done == total:
                self.stdout.write(f"  {done}/{total} bài")
                last_report[0] = now

        result = indexing.rebuild(batch_size=batch_size, progress=progress)
        elapsed = time.perf_counter() - started
        rate = result.indexed / elapsed if elapsed else 0.0
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã lập chỉ mục {result.indexed} bài, bỏ {result.removed} mục cũ "
                f"trong {elapsed:.1f} giây ({rate:.0f} bài/giây)."
            )
        )
