"""Moderators' decisions as small action objects (in the style of Wagtail's `actions/`).

Every decision: permission checked, saved with who and when, written to Wagtail's audit log
(label "Bình luận #id", data without personal details), and – through the post_save signal
– purges the cached page the comment is on after the commit. Moderators never edit a reader's words:
no action here touches name, title or content.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from ..models import Comment, CommentStatus
from . import cache, clock
from .text import multiline

logger = logging.getLogger(__name__)

MODERATE_PERMISSION = "comments.change_comment"
REPLY_MAX_LENGTH = 5000


class CommentPermissionError(PermissionDenied):
    pass


class CommentAction:
    permission: ClassVar[str] = MODERATE_PERMISSION
    log_action: ClassVar[str] = ""

    def __init__(self, comment: Comment, user=None):
        self.comment = comment
        self.user = user

    def check(self, skip_permission_checks: bool = False) -> None:
        if skip_permission_checks:
            return
        if self.user is None or not self.user.has_perm(self.permission):
            raise CommentPermissionError(_("Bạn không có quyền kiểm duyệt bình luận."))

    def execute(self, skip_permission_checks: bool = False) -> bool:
        """Apply the action; False when there was nothing to change."""
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            changed = self._execute()
        if changed:
            logger.info("comments: %s on comment %s", self.log_action, self.comment.pk)
        return changed

    def _execute(self) -> bool:
        raise NotImplementedError


class DecideCommentAction(CommentAction):
    status: ClassVar[str]

    def _execute(self) -> bool:
        comment = self.comment
        previous = comment.status
        if previous == self.status:
            return False
        comment.status = self.status
        comment.decided_by = self.user
        comment.decided_at = clock.now()
        comment.save(update_fields=["status", "decided_by", "decided_at"])
        log(comment, self.log_action, user=self.user, data={"from": previous, "to": self.status})
        return True


class ApproveCommentAction(DecideCommentAction):
    status = CommentStatus.APPROVED
    log_action = "comments.approve"


class RejectCommentAction(DecideCommentAction):
    status = CommentStatus.REJECTED
    log_action = "comments.reject"


class MarkSpamAction(DecideCommentAction):
    status = CommentStatus.SPAM
    log_action = "comments.spam"


class ReplyToCommentAction(CommentAction):
    """The editorial board's official reply, shown under the comment once it is approved."""

    log_action = "comments.reply"

    def __init__(self, comment: Comment, user=None, text: str = ""):
        super().__init__(comment, user)
        self.text = multiline(text)[:REPLY_MAX_LENGTH]

    def _execute(self) -> bool:
        comment = self.comment
        if comment.reply_text == self.text:
            return False
        removed = not self.text
        comment.reply_text = self.text
        comment.replied_by = None if removed else self.user
        comment.replied_at = None if removed else clock.now()
        comment.save(update_fields=["reply_text", "replied_by", "replied_at"])
        log(comment, "comments.reply_remove" if removed else self.log_action, user=self.user)
        return True


ACTIONS: dict[str, type[DecideCommentAction]] = {
    "approve": ApproveCommentAction,
    "reject": RejectCommentAction,
    "spam": MarkSpamAction,
}


def decide_many(
    comments: Iterable[Comment], action: str, user=None, *, skip_permission_checks: bool = False
) -> int:
    """Apply one decision to many comments in one transaction; each page is purged once."""
    action_class = ACTIONS[action]
    if not skip_permission_checks:
        action_class(Comment(), user).check()
    changed = 0
    with transaction.atomic(), cache.batched_purges():
        for comment in comments:
            if action_class(comment, user).execute(skip_permission_checks=True):
                changed += 1
    return changed


def approve(comment: Comment, user=None, **kwargs) -> bool:
    return ApproveCommentAction(comment, user, **kwargs).execute()


def reject(comment: Comment, user=None, **kwargs) -> bool:
    return RejectCommentAction(comment, user, **kwargs).execute()


def mark_spam(comment: Comment, user=None, **kwargs) -> bool:
    return MarkSpamAction(comment, user, **kwargs).execute()


def reply(comment: Comment, user, text: str, **kwargs) -> bool:
    return ReplyToCommentAction(comment, user, text, **kwargs).execute()
