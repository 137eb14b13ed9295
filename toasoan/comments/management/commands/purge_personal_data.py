"""Erase readers' personal data past its retention; run daily (docs/comments.md).

manage.py purge_personal_data [--phone-days 90] [--ip-days 30] [--dry-run]
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ...services import personal_data


class Command(BaseCommand):
    help = (
        "Erase comment phone numbers N days after the moderation decision "
        "(COMMENTS_PHONE_RETENTION_DAYS, 90) and IP hashes / user agents after N days "
        "(COMMENTS_IP_RETENTION_DAYS, 30); remove expired captcha codes and rate-limit records; "
        "apply the other apps' retention (questions: QUESTIONS_CONTACT_RETENTION_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--phone-days", type=int, default=None, help="override COMMENTS_PHONE_RETENTION_DAYS"
        )
        parser.add_argument("--ip-days", type=int, default=None, help="override COMMENTS_IP_RETENTION_DAYS")
        parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")

    def handle(self, *args, phone_days=None, ip_days=None, dry_run=False, **options):
        for name, value in (("--phone-days", phone_days), ("--ip-days", ip_days)):
            if value is not None and value < 0:
                self.stderr.write(f"{name} must be 0 or more")
                raise SystemExit(2)
        result = personal_data.purge(phone_days=phone_days, ip_days=ip_days, dry_run=dry_run)
        verb = "would erase" if dry_run else "erased"
        self.stdout.write(
            f"{verb}: {result.phones_erased} phone numbers, {result.ip_hashes_erased} IP hashes/user agents, "
            f"{result.captchas_removed} expired captcha codes, "
            f"{result.rate_limits_removed} expired rate-limit records"
            + "".join(f", {count} {name}" for name, count in result.others.items())
        )
