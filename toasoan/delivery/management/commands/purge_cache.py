"""Purge pages after changes that sent no signal (bulk imports, scripts): paths, or everything."""

from django.core.management.base import BaseCommand

from toasoan.delivery.services import purge as purges


class Command(BaseCommand):
    help = "Xóa trang khỏi bộ đệm: các đường dẫn đã cho, hoặc tất cả khi không cho đường dẫn nào."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="paths such as /thoi-su/ (default: everything)")

    def handle(self, *args, paths, **options):
        from wagtail.models import Site

        if paths:
            purge = purges.Purge()
            for site in Site.objects.all():
                for path in paths:
                    purge.add(site.root_url, path if path.startswith("/") else f"/{path}")
        else:
            purge = purges.everything_purge()
        purges.execute(purge)
        self.stdout.write("purged " + (", ".join(paths) if paths else "everything"))
