"""`manage.py backup`: the database and the media files, while the site runs (services.backup)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from toasoan.operations.services import backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump -Fc) and MEDIA_ROOT into BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="where to write (default: BACKUP_DIR)")
        parser.add_argument(
            "--keep",
            type=int,
            help=f"backups to keep, older ones removed (default BACKUP_KEEP={settings.BACKUP_KEEP})",
        )

    def handle(self, *args, dir: Path | None = None, keep: int | None = None, **options):
        try:
            path = backup.backup(folder=dir, keep=keep)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backup.Manifest.read(path)
        self.stdout.write(
            f"{path}: {manifest.engine}, {sum(manifest.rows.values())} rows in {len(manifest.rows)} tables, "
            f"{manifest.media_files} media files, {manifest.seconds:.1f} s"
        )
