"""Readers' comments on pages (articles, drafts open for comment…), and the words that hold
a comment for a moderator.

Thin models: the rules live in `services/` (submission, moderation, personal data);
the methods here are one-line wrappers around them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toasoan import vntext

if TYPE_CHECKING:
    pass


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Từ chối")
    SPAM = "spam", _("Thư rác")


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        return self.filter(status=CommentStatus.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=CommentStatus.PENDING)


class Comment(models.Model):
    """A reader's comment. Public only once approved; the reader's words are never edited."""

    #: The fields a reader or the public may ever see; public queries load only these.
    PUBLIC_FIELDS = ("id", "page_id", "name", "title", "content", "created_at", "reply_text", "replied_at")

    #: Any page; whether it takes comments is the page's own `comments_open(at)` (services.pages).
    #: Not "comments": Wagtail's own editor comments live next to it on every page.
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Trang được bình luận"),
        on_delete=models.CASCADE,
        related_name="reader_comments",
    )
    status = models.CharField(
        _("Trạng thái"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    #: Why the submission checks held it as likely spam ("" when they did not).
    held_reason = models.CharField(_("Lý do giữ lại"), max_length=200, blank=True)

    name = models.CharField(_("Họ tên"), max_length=100)
    # NULL: none given, or erased (services.personal_data); never "" for either.
    phone = models.CharField(_("Số điện thoại"), max_length=16, null=True, blank=True)  # noqa: DJ001
    title = models.CharField(_("Tiêu đề"), max_length=200)
    content = models.TextField(_("Nội dung"), max_length=5000)
    created_at = models.DateTimeField(_("Thời gian gửi"), default=timezone.now)
    #: fold() of name, title and content: the queue's diacritic-insensitive search key.
    search_key = models.TextField(editable=False, blank=True)

    #: The reader's consent to keeping the phone number, recorded when one was given.
    phone_consent_at = models.DateTimeField(_("Thời điểm đồng ý"), null=True, blank=True)
    phone_consent_notice = models.CharField(_("Phiên bản thông báo"), max_length=40, blank=True)
    phone_erased_at = models.DateTimeField(_("Thời điểm xóa số điện thoại"), null=True, blank=True)

    #: HMAC-SHA256 of the reader's IP with a daily salt (services.client); never the IP.
    ip_hash = models.CharField(_("Mã băm địa chỉ IP"), max_length=64, blank=True)
    user_agent = models.CharField(_("Trình duyệt"), max_length=120, blank=True)

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người kiểm duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("Thời điểm kiểm duyệt"), null=True, blank=True)

    reply_text = models.TextField(_("Trả lời của Ban biên tập"), max_length=5000, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("Thời điểm trả lời"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bình luận")
        verbose_name_plural = _("Bình luận")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["page", "status", "created_at"], name="comment_page_status"),
            models.Index(fields=["status", "created_at"], name="comment_queue"),
            models.Index(fields=["phone"], name="comment_phone"),
        ]
        # Moderating is Django's "change" permission (the editorial app's "Kiểm duyệt bình luận"
        # group grants it); nothing lets anyone edit a reader's words.
        permissions = [
            ("manage_personal_data", _("Có thể xuất và xóa dữ liệu cá nhân của người bình luận")),
        ]

    def __str__(self) -> str:
        # Audit logs store this label: an id, never the reader's name.
        return f"Bình luận #{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # The status as loaded, so a save can tell whether it changed (signal_handlers).
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        if "status" in self.__dict__:
            self._loaded_status = self.status

    @property
    def is_public(self) -> bool:
        return self.status == CommentStatus.APPROVED

    def refresh_search_key(self) -> None:
        self.search_key = vntext.fold(f"{self.name} {self.title} {self.content}")


class BlockedTerm(models.Model):
    """A word or phrase that holds a comment as likely spam, with or without diacritics."""

    term = models.CharField(
        _("Từ hoặc cụm từ"),
        max_length=100,
        help_text=_("So khớp cả khi viết có dấu hay không dấu, hoa hay thường: “cờ bạc” khớp “co bac”."),
    )
    folded = models.CharField(max_length=100, editable=False, unique=True)
    created_at = models.DateTimeField(_("Thời điểm thêm"), auto_now_add=True)

    class Meta:
        verbose_name = _("Từ khóa chặn")
        verbose_name_plural = _("Từ khóa chặn")
        ordering = ["folded"]

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs) -> None:
        self.term = " ".join(vntext.normalize(self.term).split())
        self.folded = vntext.fold(self.term)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.term = " ".join(vntext.normalize(self.term).split())
        self.folded = vntext.fold(self.term)
        if not self.folded:
            raise ValidationError({"term": _("Từ khóa phải có ít nhất một chữ cái hoặc chữ số.")})
        if BlockedTerm.objects.filter(folded=self.folded).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"term": _("Từ khóa này (hoặc dạng không dấu của nó) đã có trong danh sách.")}
            )


class RateLimitBucket(models.Model):
    """The times one reader (hashed IP) did one limited thing: comment, draw a code, hear a code.

    The store every app-server process shares when there is no Redis (services.ratelimit): a
    row is read, decided on and written back in one locked transaction. `expires_at` is when
    the newest time falls out of the longest window; past it the row says nothing and goes.
    """

    key = models.CharField(max_length=200, unique=True)
    stamps = models.JSONField(default=list)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Giới hạn tần suất")
        verbose_name_plural = _("Giới hạn tần suất")
        default_permissions = ()

    def __str__(self) -> str:
        return f"Giới hạn tần suất #{self.pk}"
