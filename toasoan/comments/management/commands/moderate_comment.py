"""Decide on comments from the command line (same rules, audit log and page purge as the admin).

manage.py moderate_comment approve 12 13 [--user bientap]
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ...models import Comment
from ...services import moderation


class Command(BaseCommand):
    help = "Approve, reject or mark comments as spam by id."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=sorted(moderation.ACTIONS))
        parser.add_argument("ids", nargs="+", type=int)
        parser.add_argument("--user", help="username recorded as the moderator (default: none)")

    def handle(self, *args, action: str, ids: list[int], user=None, **options):
        moderator = None
        if user:
            moderator = get_user_model().objects.filter(username=user).first()
            if moderator is None:
                raise CommandError(f"no user {user!r}")
        comments = Comment.objects.filter(pk__in=ids)
        missing = set(ids) - set(comments.values_list("pk", flat=True))
        if missing:
            raise CommandError(f"no comment with id {', '.join(map(str, sorted(missing)))}")
        changed = moderation.decide_many(comments, action, moderator, skip_permission_checks=True)
        self.stdout.write(f"{action}: {changed} of {len(ids)} comments changed")
