"""``manage.py import_nukeviet DUMP [--uploads DIR] [--portal HOST]``: move a whole NukeViet 4.x portal over.

DUMP is the portal's ``mysqldump`` (``.sql`` or ``.sql.gz``), read without a MySQL server;
``--uploads`` its ``uploads/`` folder (pictures and attachments); ``--portal`` the component
portal it moves into (made by ``create_portal``; the main portal by default), whose host then
answers its old addresses. Re-running changes only what changed in the dump, and says so;
``--dry-run`` reports what would happen and keeps nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from toasoan.importer.services.sections import ImportSetupError
from toasoan.nukeviet.dump import DumpError
from toasoan.nukeviet.services.run import SOURCE_MAX_LENGTH, import_dump, source_for
from toasoan.sections import addresses

UNITS = {"news": " bài", "comment": " bình luận"}


class Command(BaseCommand):
    help = (
        "Chuyển cả cổng NukeViet 4.x sang: tin tức, chuyên mục, bình luận… từ bản sao MySQL (.sql, .sql.gz) "
        "và thư mục uploads. Chạy lại thì chỉ cập nhật phần đã đổi."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "dump", type=Path, metavar="DUMP", help="Bản sao MySQL của cổng (.sql hoặc .sql.gz)"
        )
        parser.add_argument("--uploads", type=Path, metavar="DIR", help="Thư mục uploads/ của cổng NukeViet")
        parser.add_argument(
            "--portal",
            metavar="HOST",
            help="Cổng thành phần nhận bản sao (tên miền, ví dụ xa-hoa-an.tinh.gov.vn; mặc định: cổng chính)",
        )
        parser.add_argument(
            "--source",
            metavar="NAME",
            help=(
                "Tên của bản sao trong sổ nhập (mặc định “nukeviet”, hoặc “nukeviet@<tên miền>” "
                "với --portal; đặt tên khác khi gộp nhiều cổng vào một)"
            ),
        )
        parser.add_argument("--dry-run", action="store_true", help="Chạy thử: báo cáo, không ghi gì")
        parser.add_argument("--json", action="store_true", help="In báo cáo dạng JSON")
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ")

    def handle(self, *args: Any, **options: Any) -> None:
        dump: Path = options["dump"]
        uploads: Path | None = options["uploads"]
        try:
            site = addresses.find_site(options["portal"]) if options["portal"] else None
        except addresses.UnknownSite as exc:
            raise CommandError(str(exc)) from exc
        source = source_for(site) if options["source"] is None else options["source"].strip()
        if not source or len(source) > SOURCE_MAX_LENGTH:
            raise CommandError(f"--source cần một tên từ 1 đến {SOURCE_MAX_LENGTH} ký tự")
        if not dump.is_file():
            raise CommandError(f"Không tìm thấy tệp bản sao: {dump}")
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"Không tìm thấy thư mục uploads: {uploads}")
        stderr = getattr(self.stderr, "_out", sys.stderr)
        bars: dict[str, tqdm] = {}

        def progress(module: str, done: int, total: int | None) -> None:
            bar = bars.get(module)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[module] = tqdm(
                    total=total,
                    desc=module,
                    unit=UNITS.get(module, " dòng"),
                    file=stderr,
                    disable=True if options["no_progress"] or options["json"] else None,
                    dynamic_ncols=True,
                )
            if total is not None and bar.total != total:
                bar.total = total
            bar.update(done - bar.n)

        try:
            report = import_dump(
                dump,
                uploads=uploads,
                source=source,
                dry_run=options["dry_run"],
                progress=progress,
                site=site,
            )
        except (DumpError, ImportSetupError) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for bar in bars.values():
                bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(report.as_text())
