"""Hỏi đáp: citizens' questions to the agency and its official answers (Decree 42/2022/NĐ-CP).

The page (`QuestionIndexPage`) lives in the page tree, so each portal has its own; its topics
(lĩnh vực) belong to it. Questions are rows written by readers, not pages: they are never edited
through the page editor, and only the answered and published ones are shown. The asker's contact
data (e-mail, phone, address, IP hash) is never loaded by a public query (`PUBLIC_FIELDS`).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page

from toasoan import vntext
from toasoan.cache.fragments import KnownViewRestrictionsMixin
from toasoan.sections import registry
from toasoan.sections.mixins import VietnameseSlugMixin


class PrivateStorage(FileSystemStorage):
    """Attachments of questions: outside MEDIA_ROOT, with no URL; only the admin view sends them."""

    # Read on each use (not cached like FileSystemStorage's): the field keeps one instance.
    @property
    def base_location(self):
        return str(Path(settings.QUESTIONS_PRIVATE_ROOT))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("question attachments have no public URL")


def private_storage() -> PrivateStorage:
    return PrivateStorage()


class QuestionStatus(models.TextChoices):
    NEW = "moi", _("Mới")
    IN_PROGRESS = "dang_xu_ly", _("Đang xử lý")
    ANSWERED = "da_tra_loi", _("Đã trả lời")
    REFUSED = "tu_choi", _("Từ chối")


OPEN_STATUSES = (QuestionStatus.NEW, QuestionStatus.IN_PROGRESS)


class QuestionIndexPage(KnownViewRestrictionsMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    """Hỏi đáp: the form, the published questions and answers (FAQ first), each on its own URL."""

    intro = models.TextField(_("Giới thiệu"), blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Trang chính sách bảo vệ dữ liệu cá nhân"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Liên kết bên cạnh ô đồng ý của biểu mẫu đặt câu hỏi."),
    )

    parent_page_types = ["sections.HomePage", "sections.SectionPage"]
    subpage_types: list[str] = []
    template = "questions/question_index_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("privacy_page"),
        InlinePanel("topics", heading=_("Lĩnh vực"), label=_("Lĩnh vực")),
    ]

    class Meta:
        verbose_name = _("Hỏi đáp")
        verbose_name_plural = _("Hỏi đáp")

    paginated_paths = ("/",)

    def get_cached_paths(self) -> list[str]:
        """The list (the form's routes are never cached)."""
        return ["/"]

    @path("")
    def index(self, request):
        return registry.view("questions_index")(self, request)

    @path("<int:question_id>/", name="question")
    def question(self, request, question_id: int):
        return registry.view("questions_detail")(self, request, question_id)

    @path("dat-cau-hoi/", name="ask")
    def ask(self, request):
        return registry.view("questions_ask")(self, request)

    @path("da-gui/", name="sent")
    def sent(self, request):
        return registry.view("questions_sent")(self, request)


class QuestionTopic(Orderable):
    """Lĩnh vực of one portal's questions: Hộ tịch, Đất đai…"""

    page = ParentalKey(QuestionIndexPage, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("Tên lĩnh vực"), max_length=120)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("Lĩnh vực")
        verbose_name_plural = _("Lĩnh vực")

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    index = models.ForeignKey(
        QuestionIndexPage, verbose_name=_("Trang hỏi đáp"), on_delete=models.CASCADE, related_name="questions"
    )
    status = models.CharField(
        _("Trạng thái"), max_length=12, choices=QuestionStatus.choices, default=QuestionStatus.NEW
    )
    topic = models.ForeignKey(
        QuestionTopic,
        verbose_name=_("Lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    # The asker: only the name (as initials unless they chose otherwise) is ever public.
    name = models.CharField(_("Họ tên"), max_length=100)
    show_full_name = models.BooleanField(_("Hiện đầy đủ họ tên"), default=False)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    phone = models.CharField(_("Số điện thoại"), max_length=16, blank=True)
    address = models.CharField(_("Địa chỉ"), max_length=300, blank=True)
    consent_at = models.DateTimeField(_("Đồng ý lúc"), null=True, blank=True)
    consent_notice = models.CharField(max_length=20, blank=True)
    contact_erased_at = models.DateTimeField(_("Đã xóa thông tin liên hệ lúc"), null=True, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=120, blank=True)

    title = models.CharField(_("Tiêu đề"), max_length=200)
    content = models.TextField(_("Nội dung câu hỏi"))
    attachment = models.FileField(
        _("Tệp đính kèm"), storage=private_storage, upload_to="cau-hoi/%Y/%m/", blank=True, max_length=200
    )
    attachment_kind = models.CharField(max_length=10, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)

    created_at = models.DateTimeField(_("Gửi lúc"), db_index=True)
    due_on = models.DateField(_("Hạn trả lời"))
    unit = models.ForeignKey(
        "organisation.UnitPage",
        verbose_name=_("Đơn vị trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("Giao lúc"), null=True, blank=True)

    answer = models.TextField(_("Nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answerer_name = models.CharField(_("Người trả lời"), max_length=120, blank=True)
    answerer_title = models.CharField(_("Chức vụ"), max_length=160, blank=True)
    answered_at = models.DateTimeField(_("Trả lời lúc"), null=True, blank=True)
    is_published = models.BooleanField(_("Đã công bố"), default=False)
    published_at = models.DateTimeField(_("Công bố lúc"), null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("Lý do từ chối"), blank=True)
    refused_at = models.DateTimeField(_("Từ chối lúc"), null=True, blank=True)
    is_faq = models.BooleanField(_("Câu hỏi thường gặp"), default=False)
    search_key = models.TextField(blank=True, editable=False)

    #: What a public page may load: never e-mail, phone, address, IP hash or the attachment.
    PUBLIC_FIELDS = (
        "id",
        "index_id",
        "status",
        "topic",
        "name",
        "show_full_name",
        "title",
        "content",
        "created_at",
        "unit",
        "answer",
        "answerer_name",
        "answerer_title",
        "answered_at",
        "published_at",
        "is_published",
        "is_faq",
    )

    class Meta:
        verbose_name = _("Câu hỏi")
        verbose_name_plural = _("Câu hỏi")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["index", "is_published", "status"], name="questions_public")]
        permissions = [("manage_personal_data", "Xuất và xóa dữ liệu cá nhân của người hỏi")]

    def __str__(self) -> str:
        return f"Câu hỏi #{self.pk}"

    def refresh_search_key(self) -> None:
        self.search_key = vntext.fold(f"{self.title}\n{self.content}\n{self.answer}")

    @property
    def public_name(self) -> str:
        """The asker as shown: the full name if they chose it, else initials ("N. V. A.")."""
        if self.show_full_name:
            return self.name
        return " ".join(f"{word[0].upper()}." for word in self.name.split() if word)

    @property
    def is_public(self) -> bool:
        return self.is_published and self.status == QuestionStatus.ANSWERED
