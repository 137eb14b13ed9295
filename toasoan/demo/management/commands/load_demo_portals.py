"""`manage.py load_demo_portals --port 8000`: the demo's department and commune portals on
`*.localhost`, with their addresses and accounts printed (docs/portals.md)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from toasoan.accounts.services import two_factor
from toasoan.demo import portals


class Command(BaseCommand):
    help = (
        "Tạo hai cổng thành phần mẫu (một sở, một xã) ở địa chỉ *.localhost bên cạnh cổng chính, "
        "có bài viết, thông tin cổng và tài khoản thư ký tòa soạn, biên tập viên cho mỗi cổng "
        "(chạy lại không tạo trùng; mật khẩu được đặt lại mỗi lần chạy)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Cổng mạng của máy chủ (mặc định 8000).")

    def handle(self, *args, port: int, **options) -> None:
        loaded = portals.load_portals(port)
        usernames = [account.username for portal in loaded for account in portal.accounts]
        for user in get_user_model().objects.filter(username__in=usernames):
            two_factor.reset(user)  # a new password comes with a new second factor
        self.stdout.write("Các cổng thành phần (trình duyệt tự hiểu *.localhost là máy này):")
        for portal in loaded:
            state = "mới tạo" if portal.created else "đã có"
            self.stdout.write(f"  {portal.name} ({state}, {portal.articles} bài mới)")
            self.stdout.write(f"    Trang cho người đọc: {portal.address}")
            self.stdout.write(f"    Trang quản trị:      {portal.address}admin/")
            for account in portal.accounts:
                self.stdout.write(
                    f"    {account.group}: " + self.style.SUCCESS(f"{account.username} / {account.password}")
                )
