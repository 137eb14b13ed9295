"""Write the page nginx answers while the app server is down (502/503/504): the app's own 503 page.

    manage.py outage_page                      # TOASOAN_VAR_DIR/unavailable.html
    python3 deploy/nginx_conf.py site --var "$TOASOAN_VAR_DIR" …    # nginx reads it from there

Rendered here, not by nginx_conf.py, so it is the 503 page readers know (standalone frame, site
name, hashed stylesheet, which nginx serves itself); run it again after collectstatic or a change
of SITE_NAME. Without the file, nginx answers a short page in the same words.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from toasoan.operations.responses import service_unavailable

OUTAGE_FILE = "unavailable.html"  # deploy/nginx_conf.py's default name, in the var folder


def write_outage_page(target: Path) -> Path:
    """The 503 page as a file nginx's workers (another user) can read, replaced in one rename."""
    body = service_unavailable().content
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(body)
        os.fchmod(handle.fileno(), 0o644)
    os.replace(temporary, target)
    return target


class Command(BaseCommand):
    help = "Ghi trang báo gián đoạn (503) để nginx trả cho bạn đọc khi máy chủ ứng dụng ngừng chạy."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="", help=f"file to write (default: TOASOAN_VAR_DIR/{OUTAGE_FILE})"
        )

    def handle(self, *args, output: str, **options):
        target = Path(output) if output else Path(settings.VAR_DIR) / OUTAGE_FILE
        try:
            written = write_outage_page(target)
        except ValueError as error:  # the manifest storage without its manifest
            raise CommandError(f"chưa có tệp tĩnh (chạy collectstatic trước): {error}") from error
        except OSError as error:
            raise CommandError(f"không ghi được {target}: {error}") from error
        self.stdout.write(str(written))
