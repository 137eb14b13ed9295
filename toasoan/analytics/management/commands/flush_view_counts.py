"""Write buffered view counts to the database now (the app servers also do it on a timer)."""

from django.core.management.base import BaseCommand

from toasoan.analytics.services import counter


class Command(BaseCommand):
    help = "Ghi lượt xem đang chờ vào cơ sở dữ liệu (Redis hoặc bộ đệm của tiến trình này)."

    def handle(self, *args, **options):
        written = counter.flush()
        self.stdout.write(f"{written} lượt xem đã ghi.")
