"""`manage.py create_portal --name "UBND xã Hòa An" --host xa-hoa-an.localhost [--port 8000] [--kind xa]`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from toasoan.sections.models import PortalKind

from ...services import provision


class Command(BaseCommand):
    help = (
        "Tạo một cổng thành phần (sở, ngành, xã, phường) trên cùng hệ thống: site với địa chỉ riêng, "
        "trang chủ, các chuyên mục mặc định, các trang giới thiệu/liên hệ/chính sách, các nhóm biên tập "
        "và quy trình duyệt tin riêng. Chạy lại với cùng địa chỉ chỉ bổ sung phần còn thiếu."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--name", required=True, help="Tên cổng, ví dụ “Cổng thông tin điện tử xã Hòa An”"
        )
        parser.add_argument("--host", required=True, help="Tên miền, ví dụ xa-hoa-an.example.gov.vn")
        parser.add_argument("--port", default=80, help="Cổng mạng (mặc định 80)")
        parser.add_argument(
            "--kind",
            default=PortalKind.COMMUNE,
            help="Loại cổng: " + ", ".join(f"{value} ({label})" for value, label in PortalKind.choices),
        )

    def handle(self, *args, **options) -> None:
        try:
            report = provision.create_portal(
                name=options["name"], host=options["host"], port=options["port"], kind=options["kind"]
            )
        except provision.ProvisionError as error:
            raise CommandError(str(error)) from None
        write = self.stdout.write
        if report.site_created:
            write(self.style.SUCCESS(f"Đã tạo cổng “{report.site.site_name}”: {report.address}"))
        elif report.changed:
            write(self.style.SUCCESS(f"Đã bổ sung cổng “{report.site.site_name}”: {report.address}"))
        else:
            write(f"Cổng “{report.site.site_name}” đã đủ, không có gì để làm: {report.address}")
        if report.sections_created:
            write("Chuyên mục mới: " + ", ".join(report.sections_created))
        if report.pages_created:
            write("Trang mới: " + ", ".join(report.pages_created))
        write("Nhóm biên tập:")
        for name in report.groups:
            write(f"  - {name}")
        if report.workflow:
            write(f"Quy trình duyệt: {report.workflow}")
        for note in report.notes:
            write(self.style.WARNING(note))
