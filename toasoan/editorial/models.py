"""The desk's own data: which group is which newsroom role, the section review task, story threads.

Thin models: the rules live in `services/`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import AbstractGroupApprovalTask

from toasoan import vntext


class NewsroomRole(models.TextChoices):
    REPORTER = "reporter", _("Phóng viên")
    EDITOR = "editor", _("Biên tập viên")
    MANAGING_EDITOR = "managing_editor", _("Thư ký tòa soạn")
    MODERATOR = "moderator", _("Kiểm duyệt bình luận")


class NewsroomGroup(models.Model):
    """Marks a Django group as a newsroom role, for one section or for the whole paper.

    Groups are found through this row, never by name, so an administrator may rename them.
    """

    group = models.OneToOneField(
        Group, verbose_name=_("Nhóm"), on_delete=models.CASCADE, related_name="newsroom"
    )
    role = models.CharField(_("Vai trò"), max_length=20, choices=NewsroomRole.choices)
    section = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Chuyên mục"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Để trống: nhóm làm việc trên toàn bộ trang."),
    )

    class Meta:
        verbose_name = _("Nhóm tòa soạn")
        verbose_name_plural = _("Nhóm tòa soạn")
        constraints = [
            models.UniqueConstraint(fields=["role", "section"], name="newsroom_group_role_section"),
            models.UniqueConstraint(
                fields=["role"], condition=Q(section__isnull=True), name="newsroom_group_role_whole_paper"
            ),
        ]

    def __str__(self) -> str:
        return self.group.name


class SectionApprovalTask(AbstractGroupApprovalTask):
    """A group approval step that a member may act on only in the sections their group edits.

    Wagtail's `GroupApprovalTask` lets any member of its groups approve any page; with one
    editors' group per section, this task also asks that the group granting the membership
    has the "edit" permission on the page (an editor of Thể thao cannot approve Thời sự).
    """

    def _section_paths(self, user) -> list[str]:
        from .services.permissions import approval_paths

        return approval_paths(self, user)

    def _may_act_on(self, obj, user) -> bool:
        from wagtail.models import Page

        if user.is_superuser:
            return True
        if not isinstance(obj, Page):
            return self._user_in_groups(user)
        return any(obj.path.startswith(path) for path in self._section_paths(user))

    def user_can_access_editor(self, obj, user):
        return self._may_act_on(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_act_on(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_act_on(obj, user)

    def get_actions(self, obj, user):
        if not self._may_act_on(obj, user):
            return []
        return [
            ("reject", _("Yêu cầu sửa"), True),
            ("approve", _("Duyệt"), False),
            ("approve", _("Duyệt kèm ý kiến"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .services.permissions import task_states_in_paths

        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        return task_states_in_paths(states, self._section_paths(user))

    @classmethod
    def get_description(cls):
        return _("Thành viên các nhóm đã chọn duyệt bài thuộc chuyên mục nhóm mình được sửa")

    class Meta:
        verbose_name = _("Bước duyệt theo chuyên mục")
        verbose_name_plural = _("Bước duyệt theo chuyên mục")


class EditLock(models.Model):
    """A page lock taken because someone opened its editor (services.locking releases it)."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Khóa khi đang sửa")
        verbose_name_plural = _("Khóa khi đang sửa")

    def __str__(self) -> str:
        return f"{self.page_id} ← {self.user_id}"


class StoryThread(ClusterableModel):
    """A running story (dòng sự kiện): articles an editor groups, shown newest first on its own page."""

    title = models.CharField(_("Tên dòng sự kiện"), max_length=200)
    slug = models.SlugField(
        _("Đường dẫn"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Để trống để tạo từ tên (không dấu, nối bằng gạch ngang)."),
    )
    description = models.TextField(_("Mô tả"), blank=True)
    is_live = models.BooleanField(
        _("Hiển thị cho bạn đọc"), default=True, help_text=_("Bỏ chọn để ẩn trang dòng sự kiện.")
    )
    created_at = models.DateTimeField(_("Thời gian tạo"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("Cập nhật lần cuối"), auto_now=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("is_live")],
            heading=_("Dòng sự kiện"),
        ),
        InlinePanel("items", heading=_("Các bài trong dòng sự kiện"), label=_("Bài viết")),
    ]

    class Meta:
        verbose_name = _("Dòng sự kiện")
        verbose_name_plural = _("Dòng sự kiện")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.title = vntext.normalize(self.title).strip()
        self.description = vntext.normalize(self.description)
        if not self.slug:
            self.slug = _unique_slug(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("editorial:thread", kwargs={"slug": self.slug})


class StoryThreadItem(models.Model):
    thread = ParentalKey(StoryThread, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("Bài viết"),
        on_delete=models.CASCADE,
        related_name="story_thread_items",
    )

    panels = [FieldPanel("article")]

    class Meta:
        verbose_name = _("Bài trong dòng sự kiện")
        verbose_name_plural = _("Bài trong dòng sự kiện")
        constraints = [models.UniqueConstraint(fields=["thread", "article"], name="story_thread_item_unique")]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.article_id}"


def _unique_slug(thread: StoryThread) -> str:
    base = (vntext.slugify(thread.title) or "dong-su-kien")[:190]
    slug, number = base, 1
    others = StoryThread.objects.exclude(pk=thread.pk)
    while others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
