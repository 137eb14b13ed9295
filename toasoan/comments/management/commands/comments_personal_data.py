"""A reader's request about their data, by the phone number they gave.

manage.py comments_personal_data export 0912345678 [--output file.json]
manage.py comments_personal_data erase 0912345678 --yes
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...services import personal_data
from ...services.phone import InvalidPhone, normalize_phone


class Command(BaseCommand):
    help = "Export (JSON) or erase every comment given with a phone number."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("phone", help="the phone number, in any usual spelling")
        parser.add_argument("--output", help="export: write to this file instead of standard output")
        parser.add_argument("--yes", action="store_true", help="erase: confirm the deletion")

    def handle(self, *args, action: str, phone: str, output=None, yes=False, **options):
        try:
            if not normalize_phone(phone):
                raise InvalidPhone(phone)
        except InvalidPhone:
            raise CommandError("not a Vietnamese mobile number") from None
        if action == "export":
            text = json.dumps(personal_data.export_for_phone(phone), ensure_ascii=False, indent=2)
            if output:
                Path(output).write_text(text + "\n", encoding="utf-8")
                self.stderr.write(f"written: {output}")
            else:
                self.stdout.write(text)
            return
        if not yes:
            count = personal_data.comments_for_phone(phone).count()
            raise CommandError(f"{count} comments would be deleted; add --yes to delete them")
        count = personal_data.erase_for_phone(phone)
        self.stdout.write(f"deleted: {count} comments")
