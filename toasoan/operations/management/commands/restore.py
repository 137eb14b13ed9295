"""`manage.py restore <backup folder>`: replaces the database (and media) with a backup.

Stop the web and worker services first (docs/operations.md): a restore replaces every row.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toasoan.operations.services import backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` over the database and MEDIA_ROOT, then check it."

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", type=Path, nargs="?", help="backup folder (default: the newest in BACKUP_DIR)"
        )
        parser.add_argument("--no-media", action="store_true", help="restore the database only")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, folder: Path | None = None, no_media: bool = False, yes: bool = False, **options):
        if folder is None:
            found = backup.list_backups(backup.backup_dir())
            if not found:
                raise CommandError(f"no backup in {backup.backup_dir()}")
            folder = found[-1]
        if not yes and options.get("interactive", True):
            answer = input(
                f"Replace the database{'' if no_media else ' and media files'} with {folder}? [y/N] "
            )
            if answer.strip().lower() not in {"y", "yes", "c", "co", "có"}:
                raise CommandError("cancelled")
        try:
            report = backup.restore(folder, with_media=not no_media)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {folder}: {sum(report.rows.values())} rows in {len(report.rows)} tables "
            f"(as in the manifest), {report.media_files} media files; integrity ok"
        )
