"""`manage.py load_demo`: a demo portal with Vietnamese content, images, an administrator and one
account per newsroom role."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from toasoan.accounts.services import two_factor
from toasoan.demo import services


class Command(BaseCommand):
    help = (
        "Tạo trang chủ, chuyên mục, bài viết mẫu, ảnh minh họa, tài khoản quản trị và một tài khoản "
        "cho mỗi vai trò của tòa soạn (chạy lại không tạo trùng; mật khẩu được đặt lại mỗi lần chạy)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--corpus",
            metavar="PATH",
            help="Nạp bài từ tệp .jsonl / .jsonl.gz (qua lệnh import_articles) thay cho bài viết mẫu.",
        )
        parser.add_argument(
            "--editor-username",
            default=services.DEFAULT_EDITOR,
            metavar="NAME",
            help=f"Tên đăng nhập của tài khoản quản trị (mặc định: {services.DEFAULT_EDITOR}).",
        )

    def handle(self, *args, corpus: str | None = None, editor_username: str, **options) -> None:
        started = time.monotonic()
        report = services.load_demo(editor_username=editor_username, articles=corpus is None)
        # A new password comes with a new second factor: the first login sets up the authenticator.
        usernames = [report.username, *(account.username for account in report.accounts)]
        for user in get_user_model().objects.filter(username__in=usernames):
            two_factor.reset(user)
        try:
            if corpus:
                self.stdout.write(f"Nạp bài từ {corpus} …")
                services.import_corpus(corpus, stdout=self.stdout)
                report.totals = services.totals(report.home)
        finally:
            self._print_report(report, time.monotonic() - started)

    def _print_report(self, report: services.DemoReport, seconds: float) -> None:
        created, totals = report.created, report.totals
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(
            f"Trang chủ: {report.home.title} ({'mới tạo' if created.get('home') else 'đã có'})\n"
            f"Chuyên mục: {totals.get('sections', 0)} (mới {created.get('sections', 0)})\n"
            f"Bài viết đang đăng: {totals.get('articles', 0)} (mới {created.get('articles', 0)})\n"
            f"Ảnh: {totals.get('images', 0)} (mới {created.get('images', 0)})\n"
            f"Nguồn tin mới: {created.get('agencies', 0)}, tác giả mới: {created.get('authors', 0)}\n"
            f"Thời gian: {seconds:.1f} giây"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Tài khoản biên tập: {report.username} / {report.password}")
            + " (quản trị, toàn quyền, không qua quy trình duyệt)"
        )
        if report.accounts:
            self.stdout.write(
                "Tài khoản theo vai trò, để thử quy trình duyệt tin: phóng viên viết và gửi duyệt, "
                "biên tập viên duyệt, thư ký tòa soạn duyệt và xuất bản; kiểm duyệt viên duyệt bình luận."
            )
            width = max(len(account.group) for account in report.accounts)
            for account in report.accounts:
                self.stdout.write(
                    f"  {account.group + ':':<{width + 1}} "
                    + self.style.SUCCESS(f"{account.username} / {account.password}")
                )
        self.stdout.write("(Mật khẩu chỉ hiện một lần; chạy lại lệnh để đặt mật khẩu mới.)")
        self.stdout.write(
            "Lần đăng nhập đầu tiên, trang quản trị yêu cầu cài xác thực hai bước: quét mã QR bằng ứng dụng "
            "xác thực (TOTP) trên điện thoại, nhập mã 6 chữ số, rồi lưu các mã dự phòng."
        )
