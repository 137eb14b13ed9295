"""A reader's request about their data, by the phone number (or e-mail) they gave.

manage.py comments_personal_data export 0912345678 [--output file.json] [--portal HOST]
manage.py comments_personal_data erase 0912345678 --yes [--portal HOST]
manage.py comments_personal_data export ban@example.vn

Comments and every registered provider (questions) are covered; comments keep no e-mail. Every
portal of the install by default; `--portal` answers for one portal only (a commune's request).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from toasoan.sections import addresses
from toasoan.sections.portal import portal_paths

from ...services import personal_data
from ...services.phone import InvalidPhone, normalize_phone


class Command(BaseCommand):
    help = "Export (JSON) or erase every comment (and question) given with a phone number or e-mail."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("phone", help="the phone number, in any usual spelling, or an e-mail address")
        parser.add_argument("--output", help="export: write to this file instead of standard output")
        parser.add_argument("--yes", action="store_true", help="erase: confirm the deletion")
        parser.add_argument(
            "--portal", metavar="HOST", help="only what this portal holds (default: every portal)"
        )

    def handle(self, *args, action: str, phone: str, output=None, yes=False, portal=None, **options):
        try:
            self.within = portal_paths(addresses.find_site(portal)) if portal else None
        except addresses.UnknownSite as exc:
            raise CommandError(str(exc)) from exc
        if "@" in phone:
            return self._by_email(action, phone.strip().lower(), output, yes)
        try:
            if not normalize_phone(phone):
                raise InvalidPhone(phone)
        except InvalidPhone:
            raise CommandError("not a Vietnamese mobile number") from None
        normalized = normalize_phone(phone)
        within = self.within
        if action == "export":
            data = personal_data.export_for_phone(phone, within=within)
            data.update(personal_data.export_others(phone=normalized, within=within))
            self._write(data, output)
            return
        if not yes:
            count = personal_data.comments_for_phone(phone, within).count()
            others = self._others(personal_data.count_others(phone=normalized, within=within))
            raise CommandError(f"{count} comments would be deleted{others}; add --yes to delete them")
        count = personal_data.erase_for_phone(phone, within=within)
        others = personal_data.erase_others(phone=normalized, within=within)
        self.stdout.write(f"deleted: {count} comments{self._others(others)}")

    def _by_email(self, action: str, email: str, output, yes: bool) -> None:
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError("not an e-mail address") from None
        within = self.within
        if action == "export":
            others = personal_data.export_others(email=email, within=within)
            self._write({"email": email, "comments": [], **others}, output)
            return
        if not yes:
            counts = personal_data.count_others(email=email, within=within)
            raise CommandError(f"0 comments would be deleted{self._others(counts)}; add --yes to delete them")
        erased = personal_data.erase_others(email=email, within=within)
        self.stdout.write(f"deleted: 0 comments{self._others(erased)}")

    @staticmethod
    def _others(counts: dict[str, int]) -> str:
        return "".join(f", {count} {name}" for name, count in counts.items())

    def _write(self, data: dict, output) -> None:
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"written: {output}")
        else:
            self.stdout.write(text)
