"""`manage.py import_legal FILE --files DIR --registry <id or address>`: see legal/services/importing.py."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toasoan.legal.services import importing


class Command(BaseCommand):
    help = "Nhập danh mục văn bản từ tệp CSV hoặc JSONL và thư mục tệp đính kèm (chạy lại không nhân đôi)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="Tệp .csv (có dòng tiêu đề) hoặc .jsonl")
        parser.add_argument("--files", type=Path, required=True, help="Thư mục chứa các tệp đính kèm")
        parser.add_argument(
            "--registry", required=True, help="Mã trang hoặc địa chỉ danh mục, ví dụ /van-ban/"
        )

    def handle(self, *args, file: Path, files: Path, registry: str, **options) -> None:
        try:
            index = importing.find_registry(registry)
            summary = importing.import_registry(Path(file), Path(files), index)
        except importing.ImportSetupError as error:
            raise CommandError(str(error)) from error
        for line in summary.errors:
            self.stderr.write(line)
        self.stdout.write(str(summary))
