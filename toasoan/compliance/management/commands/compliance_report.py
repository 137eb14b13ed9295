"""`manage.py compliance_report [--portal HOST]`: a portal (the main one by default) checked against
the checklist (services.report)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toasoan.compliance.services import checklist, report
from toasoan.sections import addresses


class Command(BaseCommand):
    help = (
        "Kiểm tra cổng đang chạy theo danh mục yêu cầu (compliance/checklist.toml), in tóm tắt và ghi "
        "báo cáo HTML, JSON; mã thoát khác 0 khi có mục không đạt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", type=Path, metavar="PATH", help="ghi báo cáo JSON vào PATH")
        parser.add_argument("--html", type=Path, metavar="PATH", help="ghi báo cáo HTML (in được) vào PATH")
        parser.add_argument(
            "--portal",
            metavar="HOST",
            help="kiểm tra cổng ở địa chỉ này (tên miền hoặc tên miền:cổng mạng); mặc định: cổng chính",
        )

    def handle(
        self, *args, json: Path | None = None, html: Path | None = None, portal: str | None = None, **options
    ):
        try:
            site = addresses.find_site(portal) if portal else None
            made = report.run(site=site)
        except (report.ReportError, checklist.ChecklistError, addresses.UnknownSite) as error:
            raise CommandError(str(error)) from error
        for line in made.summary_lines():
            self.stdout.write(line)
        if json is not None:
            report.write_json(made, json)
            self.stdout.write(f"Báo cáo JSON: {json}")
        if html is not None:
            report.write_html(made, html)
            self.stdout.write(f"Báo cáo HTML: {html}")
        if not made.passed:
            names = ", ".join(item.requirement.title for item in made.failures)
            raise CommandError(f"{len(made.failures)} mục không đạt: {names}.", returncode=1)
