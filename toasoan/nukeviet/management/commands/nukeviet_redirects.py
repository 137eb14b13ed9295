"""`manage.py nukeviet_redirects [--source NAME] [--report] [--json]`: rebuild the old-address index
from the ledger (services/redirects.py) and say what could not be mapped."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from toasoan.nukeviet.services import redirects


class Command(BaseCommand):
    help = (
        "Dựng lại bảng chuyển hướng từ địa chỉ cũ của NukeViet sang trang mới; "
        "--report liệt kê mọi địa chỉ không chuyển được."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--source", default="nukeviet", help="Tên bản sao đã dùng khi nhập (mặc định: nukeviet)"
        )
        parser.add_argument("--lang", default="vi", help="Ngôn ngữ của bản sao (mặc định: vi)")
        parser.add_argument("--report", action="store_true", help="Liệt kê từng địa chỉ không chuyển được")
        parser.add_argument("--json", action="store_true", help="Kết quả dạng JSON (luôn kèm danh sách)")

    def handle(self, *args, source: str, lang: str, report: bool, json: bool, **options) -> None:
        result = redirects.rebuild(source, lang)
        if json:
            self.stdout.write(result.as_json_text())
        else:
            self.stdout.write(result.as_text(listing=report))
