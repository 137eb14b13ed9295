"""`manage.py merge_portals OLD… --into NEW [--dry-run] [--json]` (toasoan.portals.services.merge)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from toasoan.portals.services import merge


class Command(BaseCommand):
    help = (
        "Sáp nhập cổng thành phần: chuyển chuyên mục của các cổng cũ vào cổng mới (dưới mục "
        "“Trước đây: …”), chuyển hướng 301 mọi địa chỉ cũ, chuyển tác giả và nguồn tin sang cổng "
        "mới, ngừng các cổng cũ."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("old", nargs="+", help="Tên miền (host hoặc host:port) của các cổng cũ")
        parser.add_argument("--into", required=True, help="Tên miền của cổng mới")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ báo cáo, không thay đổi gì")
        parser.add_argument("--json", action="store_true", help="Báo cáo dạng JSON")

    def handle(self, *args, **options) -> None:
        try:
            report = merge.merge_portals(options["old"], into=options["into"], dry_run=options["dry_run"])
        except merge.MergeError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(_text(report))


def _text(report: merge.MergeReport) -> str:
    lines = []
    if report.dry_run:
        lines.append("CHẠY THỬ: chưa thay đổi gì; dưới đây là những việc sẽ làm.")
    lines.append(f"Sáp nhập vào: {report.into_name} ({report.into})")
    for portal in report.portals:
        lines.append(f"- {portal.name} ({portal.host}):")
        if portal.nothing_to_do:
            lines.append("    không có gì phải làm (đã sáp nhập trước đây).")
        if portal.moved:
            lines.append(
                f"    chuyển {len(portal.moved)} mục vào “{portal.archive_title}”: {', '.join(portal.moved)}"
            )
        if portal.archive_url:
            lines.append(f"    địa chỉ lưu trữ: {portal.archive_url}")
        lines.append(f"    chuyển hướng 301: {portal.redirects_created} mới, {portal.redirects_kept} đã có")
        if portal.left:
            lines.append(f"    giữ nguyên (không chuyển được vào chuyên mục): {', '.join(portal.left)}")
        if portal.authors_moved or portal.agencies_moved:
            lines.append(
                f"    chuyển sang cổng mới: {portal.authors_moved} tác giả, {portal.agencies_moved} nguồn tin"
            )
        if portal.retired:
            lines.append("    đã ngừng cổng cũ: mọi địa chỉ cũ chuyển hướng sang cổng mới.")
        elif portal.already_retired:
            lines.append("    cổng cũ đã ngừng từ trước.")
    if report.nothing_to_do:
        lines.append("Không có gì phải làm.")
    return "\n".join(lines) + "\n"
