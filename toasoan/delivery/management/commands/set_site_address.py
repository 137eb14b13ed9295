"""Point the default Wagtail Site at the address the site is served on (make serve, make bench).

Purges name pages by their full URL (the Site's host and port), and nginx keys pages by the Host
readers send: both must agree for a purge to reach nginx.
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = "Đặt địa chỉ (host:port) của trang mặc định, ví dụ 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("address", help="host:port, e.g. 127.0.0.1:8000")

    def handle(self, *args, address: str, **options):
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"expected host:port, got {address!r}")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("no default site (run migrate first)")
        if (site.hostname, site.port) != (host, int(port)):
            site.hostname, site.port = host, int(port)
            site.save()
        self.stdout.write(f"{site.root_url}")
