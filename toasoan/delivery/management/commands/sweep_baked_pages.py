"""Delete expired baked pages at once (run_worker's "baked-pages" job does it every interval).

Works on a full disk: it creates nothing (baking.sweep).
"""

from django.core.management.base import BaseCommand

from toasoan.delivery import baking


class Command(BaseCommand):
    help = "Xóa các trang tĩnh đã hết hạn (cũ hơn PAGE_CACHE_SECONDS) khỏi BAKED_PAGES_DIR."

    def handle(self, *args, **options):
        if baking.root() is None:
            self.stdout.write("BAKED_PAGES_DIR is empty: baking is off")
            return
        self.stdout.write(f"removed {baking.sweep()} expired file(s) from {baking.root()}")
