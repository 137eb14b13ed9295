"""`manage.py setup_newsroom`: newsroom groups per section and the review workflow (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from toasoan.editorial.services import newsroom


class Command(BaseCommand):
    help = (
        "Tạo (hoặc bổ sung) các nhóm Phóng viên / Biên tập viên theo chuyên mục, nhóm Thư ký tòa soạn, "
        "Kiểm duyệt bình luận và quy trình duyệt tin hai bước; chạy lại không tạo trùng, "
        "không bỏ quyền nào đã cấp."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            report = newsroom.setup_newsroom()
        self.stdout.write(self.style.SUCCESS(report.summary()))
