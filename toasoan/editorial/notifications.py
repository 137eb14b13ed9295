"""Review e-mails go to the editors of the article's section, not to every section's editors.

Wagtail e-mails every member of a group approval task's groups when a page reaches the task.
Our first step's groups are all the sections' editors' groups, so for a `SectionApprovalTask`
only the groups that edit the page's section are written to. The notifier replaces Wagtail's
under Wagtail's own `dispatch_uid`, whichever app is ready first.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import Page, TaskState
from wagtail.signals import task_submitted

DISPATCH_UID = "group_approval_task_submitted_email_notification"


class SectionAwareSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_recipient_users(self, task_state: TaskState, **kwargs):
        from .models import SectionApprovalTask

        task = task_state.task.specific
        obj = task_state.workflow_state.content_object
        if not isinstance(task, SectionApprovalTask) or not isinstance(obj, Page):
            return super().get_recipient_users(task_state, **kwargs)
        groups = task.groups.filter(
            page_permissions__permission__codename="change_page",
            page_permissions__page__in=obj.get_ancestors(inclusive=True),
        )
        recipients = get_user_model().objects.filter(groups__in=groups, is_active=True)
        from django.conf import settings

        if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
            recipients = recipients | get_user_model().objects.filter(is_superuser=True, is_active=True)
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            recipients = recipients.exclude(pk=triggering_user.pk)
        return recipients.distinct()


section_aware_notifier = SectionAwareSubmissionNotifier()


def register() -> None:
    task_submitted.disconnect(sender=TaskState, dispatch_uid=DISPATCH_UID)
    task_submitted.connect(section_aware_notifier, sender=TaskState, dispatch_uid=DISPATCH_UID)
