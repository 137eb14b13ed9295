"""`manage.py nukeviet_redirects [--source NAME] [--portal HOST] [--report] [--json]`: rebuild the
old-address index from the ledger (services/redirects.py) and say what could not be mapped."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from toasoan.nukeviet.services import redirects
from toasoan.sections import addresses


class Command(BaseCommand):
    help = (
        "Dựng lại bảng chuyển hướng từ địa chỉ cũ của NukeViet sang trang mới; "
        "--report liệt kê mọi địa chỉ không chuyển được."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--source", default="nukeviet", help="Tên bản sao đã dùng khi nhập (mặc định: nukeviet)"
        )
        parser.add_argument(
            "--portal",
            metavar="HOST",
            help="Cổng trả lời các địa chỉ cũ (mặc định: cổng mà bản sao đã được nhập vào)",
        )
        parser.add_argument("--lang", default="vi", help="Ngôn ngữ của bản sao (mặc định: vi)")
        parser.add_argument("--report", action="store_true", help="Liệt kê từng địa chỉ không chuyển được")
        parser.add_argument("--json", action="store_true", help="Kết quả dạng JSON (luôn kèm danh sách)")

    def handle(self, *args, source: str, lang: str, report: bool, json: bool, **options) -> None:
        try:
            site = addresses.find_site(options["portal"]) if options["portal"] else None
        except addresses.UnknownSite as exc:
            raise CommandError(str(exc)) from exc
        result = redirects.rebuild(source, lang, site=site)
        if json:
            self.stdout.write(result.as_json_text())
        else:
            self.stdout.write(result.as_text(listing=report))
