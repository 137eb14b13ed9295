"""Print the headers nginx must add to baked pages, read from a real answer of this site.

    manage.py baked_headers > var/baked-headers.json
    python3 deploy/nginx_conf.py site --baked var/baked --baked-headers var/baked-headers.json ...

The app bakes a page only when its headers are exactly this set (nginx sends the digest with
each request it forwards): change a setting that changes headers (CSP, HSTS, CDN_MAX_AGE…)
and pages stop being baked until nginx's site file is rendered again with a new set.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from toasoan.delivery import baking


class Command(BaseCommand):
    help = "In ra các header mà nginx phải thêm cho trang tĩnh (JSON), đọc từ trang chủ của site."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="", help="Host to ask for (default: the default site's)")
        parser.add_argument(
            "--scheme",
            choices=("http", "https"),
            default="",
            help="as nginx forwards it (default: https when SECURE_SSL_REDIRECT is on)",
        )

    def handle(self, *args, host: str, scheme: str, **options):
        from django.test import Client

        site = Site.objects.filter(is_default_site=True).first()
        if not host:
            if site is None:
                raise CommandError("no default site (run migrate first)")
            host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
        secure = (scheme or ("https" if settings.SECURE_SSL_REDIRECT else "http")) == "https"
        response = Client(raise_request_exception=False).get(
            "/", headers={"host": host, "x-forwarded-proto": "https" if secure else "http"}, secure=secure
        )
        cache_control = response.get("Cache-Control", "")
        if response.status_code != 200 or response.get("Content-Type") != baking.CONTENT_TYPE:
            raise CommandError(
                f"the home page on {host} answered {response.status_code} {response.get('Content-Type')}: "
                "no public page to read headers from (load content first)"
            )
        if "public" not in cache_control:
            raise CommandError(f"the home page is not public (Cache-Control: {cache_control!r})")
        try:
            described = baking.describe(response.items())
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(described, ensure_ascii=False, indent=1))
