"""The legal document registry (Văn bản): its index page, the documents, their issuers and fields.

A document's title is its trích yếu (what it is about): lists, search results, feeds and the
browser's tab read best by it; the số ký hiệu is a field of its own, shown beside it everywhere.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.snippets.models import register_snippet

from toasoan.cache.fragments import KnownViewRestrictionsMixin
from toasoan.sections import registry
from toasoan.sections.mixins import VietnameseSlugMixin

from .services import files, window


class DocumentType(models.TextChoices):
    """The kinds of documents (Law on Promulgation of Legal Documents, Decree 30/2020): a fixed
    list in code, not a snippet, since filters, feeds and the JSON listing name them by a stable
    code and an agency has no kind of its own to add ("Khác" holds the rest)."""

    LAW = "luat", _("Luật")
    RESOLUTION = "nghi-quyet", _("Nghị quyết")
    DECREE = "nghi-dinh", _("Nghị định")
    DECISION = "quyet-dinh", _("Quyết định")
    DIRECTIVE = "chi-thi", _("Chỉ thị")
    CIRCULAR = "thong-tu", _("Thông tư")
    PLAN = "ke-hoach", _("Kế hoạch")
    NOTICE = "thong-bao", _("Thông báo")
    LETTER = "cong-van", _("Công văn")
    REPORT = "bao-cao", _("Báo cáo")
    SUBMISSION = "to-trinh", _("Tờ trình")
    GUIDANCE = "huong-dan", _("Hướng dẫn")
    OTHER = "khac", _("Khác")


class Status(models.TextChoices):
    """Tình trạng hiệu lực, computed at a day (services.status), never stored."""

    IN_FORCE = "con-hieu-luc", _("Còn hiệu lực")
    NOT_YET = "chua-co-hieu-luc", _("Chưa có hiệu lực")
    EXPIRED = "het-hieu-luc", _("Hết hiệu lực")
    REPLACED = "bi-thay-the", _("Bị thay thế")
    PARTLY = "het-hieu-luc-mot-phan", _("Hết hiệu lực một phần")


class RelationKind(models.TextChoices):
    REPLACES = "thay-the", _("Thay thế")
    AMENDS = "sua-doi", _("Sửa đổi, bổ sung")
    BASED_ON = "can-cu", _("Căn cứ")
    GUIDES = "huong-dan", _("Hướng dẫn")
    PARTLY_REPEALS = "bai-bo-mot-phan", _("Bãi bỏ một phần")


#: How a relation reads from its target's side (computed, never stored twice).
INVERSE_LABELS: dict[str, str] = {
    RelationKind.REPLACES: _("Bị thay thế bởi"),
    RelationKind.AMENDS: _("Được sửa đổi, bổ sung bởi"),
    RelationKind.BASED_ON: _("Là căn cứ của"),
    RelationKind.GUIDES: _("Được hướng dẫn bởi"),
    RelationKind.PARTLY_REPEALS: _("Bị bãi bỏ một phần bởi"),
}


@register_snippet
class Issuer(models.Model):
    """Cơ quan ban hành: `UBND huyện Hòa Phong`, code `UBND`."""

    name = models.CharField(_("Tên cơ quan"), max_length=200, unique=True)
    code = models.CharField(_("Ký hiệu"), max_length=30, blank=True, help_text=_("Ví dụ: UBND, HĐND"))

    panels = [FieldPanel("name"), FieldPanel("code")]

    class Meta:
        verbose_name = _("Cơ quan ban hành")
        verbose_name_plural = _("Cơ quan ban hành")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@register_snippet
class Topic(models.Model):
    """Lĩnh vực: `Đất đai`, `Giáo dục`."""

    name = models.CharField(_("Tên lĩnh vực"), max_length=120, unique=True)

    panels = [FieldPanel("name")]

    class Meta:
        verbose_name = _("Lĩnh vực")
        verbose_name_plural = _("Lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LegalIndexPage(KnownViewRestrictionsMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    """Văn bản: the registry, with its list, filters, feed and JSON listing."""

    intro = models.TextField(_("Giới thiệu"), blank=True)

    parent_page_types = ["sections.HomePage", "sections.SectionPage"]
    subpage_types = ["legal.LegalDocumentPage", "legal.LegalDraftPage"]
    template = "legal/legal_index_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Văn bản (danh mục)")
        verbose_name_plural = _("Văn bản (danh mục)")

    #: Lists read in pages (`?trang=2`).
    paginated_paths = ("/", "/json/", "/du-thao/")

    def get_cached_paths(self) -> list[str]:
        """The list, its feed and its JSON listing; the drafts' list and feed."""
        names = ("rss", "json", "drafts", "drafts_rss")
        return ["/", *(f"/{self.reverse_subpage(name)}" for name in names)]

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The list shows the drafts open for comment: near a window's opening or closing no copy
        # is kept that could outlive it (services.drafts).
        return registry.view("legal_draft_cache_guard")(self, response)

    @path("")
    def index(self, request):
        return registry.view("legal_index")(self, request)

    @path("rss/", name="rss")
    def rss(self, request):
        feed = registry.view("legal_feed")
        if feed is None:
            raise Http404
        return feed(request, index=self)

    @path("json/", name="json")
    def json_view(self, request):
        return registry.view("legal_json")(self, request)

    @path("du-thao/", name="drafts")
    def drafts(self, request):
        return registry.view("legal_drafts")(self, request)

    @path("du-thao/rss/", name="drafts_rss")
    def drafts_rss(self, request):
        feed = registry.view("legal_drafts_feed")
        if feed is None:
            raise Http404
        return feed(request, index=self)


class LegalDocumentPage(KnownViewRestrictionsMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    """One document. The title is its trích yếu."""

    number = models.CharField(
        _("Số ký hiệu"), max_length=80, help_text=_("Ví dụ: 172/KH-UBND, 12/2024/NĐ-CP")
    )
    document_type = models.CharField(_("Loại văn bản"), max_length=20, choices=DocumentType.choices)
    issuer = models.ForeignKey(
        Issuer, verbose_name=_("Cơ quan ban hành"), on_delete=models.PROTECT, related_name="documents"
    )
    signer = models.CharField(_("Người ký"), max_length=120, blank=True)
    issued_date = models.DateField(_("Ngày ban hành"))
    effective_date = models.DateField(
        _("Ngày có hiệu lực"), null=True, blank=True, help_text=_("Để trống: có hiệu lực từ ngày ban hành.")
    )
    expiry_date = models.DateField(_("Ngày hết hiệu lực"), null=True, blank=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("Lĩnh vực"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    full_text = RichTextField(_("Toàn văn"), blank=True)

    # Filled from the fields above on every save (signal_handlers), for search and filters.
    number_canonical = models.CharField(max_length=80, blank=True, editable=False)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    number_type_code = models.CharField(max_length=10, blank=True, editable=False)
    number_issuers = models.CharField(max_length=80, blank=True, editable=False)
    number_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    search_text = models.TextField(blank=True, editable=False)

    parent_page_types = ["legal.LegalIndexPage"]
    subpage_types: list[str] = []
    template = "legal/legal_document_page.html"
    route_select_related = ("issuer", "topic")
    #: What an article's "Văn bản liên quan" block shows of a chosen document, fetched with it.
    chooser_prefetch = ("attachments__document",)

    content_panels = [
        FieldPanel("title", heading=_("Trích yếu")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("document_type")]),
                FieldRowPanel([FieldPanel("issuer"), FieldPanel("signer")]),
                FieldRowPanel(
                    [FieldPanel("issued_date"), FieldPanel("effective_date"), FieldPanel("expiry_date")]
                ),
                FieldPanel("topic"),
            ],
            heading=_("Thông tin văn bản"),
        ),
        FieldPanel("full_text"),
        InlinePanel("attachments", heading=_("Tệp đính kèm"), label=_("Tệp")),
        InlinePanel("relations", heading=_("Văn bản liên quan"), label=_("Liên quan")),
    ]

    class Meta:
        verbose_name = _("Văn bản")
        verbose_name_plural = _("Văn bản")
        indexes = [models.Index(fields=["issued_date"], name="legal_doc_issued")]

    def clean(self):
        super().clean()
        errors = {}
        start = self.effective_date or self.issued_date
        if self.expiry_date and start and self.expiry_date <= start:
            errors["expiry_date"] = _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
        if errors:
            raise ValidationError(errors)

    def get_cached_paths(self) -> list[str]:
        """The document and its print view."""
        return ["/", f"/{self.reverse_subpage('print')}"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(registry.view("legal_document_context")(self, request))
        return context

    @path("")
    def document(self, request):
        return self.render(request)

    @path("in/", name="print")
    def print_view(self, request):
        return self.render(request, template="legal/legal_document_print.html")


class AttachmentBase(Orderable):
    """A file of a registry page: a Wagtail document with a label; its type read from its content.

    Documents and drafts share it, so a draft's files get the same checks (sniffed type, size
    limit), text extraction and safe download links as a document's."""

    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("Tệp"), on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(_("Nhãn"), max_length=200, blank=True, help_text=_("Ví dụ: Toàn văn, Phụ lục I"))
    # What the file is (read from its bytes), its size and its text, filled when it is attached.
    file_type = models.CharField(max_length=10, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    text = models.TextField(blank=True, editable=False)
    text_source = models.CharField(max_length=80, blank=True, editable=False)

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("Tệp đính kèm")
        verbose_name_plural = _("Tệp đính kèm")

    def clean(self):
        super().clean()
        if self.document_id is None:
            return
        try:
            found = files.inspect(
                self.document.file, settings.LEGAL_ATTACHMENT_MAX_BYTES, self.document.title
            )
        except files.RefusedFile as refused:
            raise ValidationError({"document": refused.message}) from refused
        self.file_type, self.file_size = found.kind, found.size

    @property
    def type_label(self) -> str:
        return files.LABELS.get(self.file_type, self.file_type.upper())

    @property
    def display_label(self) -> str:
        return self.label or self.document.title


class LegalAttachment(AttachmentBase):
    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="attachments")

    class Meta(AttachmentBase.Meta):
        verbose_name = _("Tệp đính kèm")
        verbose_name_plural = _("Tệp đính kèm")


class DocumentRelation(Orderable):
    """`source` (this document) replaces, amends, is based on, guides or partly repeals `target`."""

    source = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("Quan hệ"), max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        LegalDocumentPage,
        verbose_name=_("Văn bản"),
        on_delete=models.CASCADE,
        related_name="inverse_relations",
    )

    panels = [FieldPanel("kind"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("Văn bản liên quan")
        verbose_name_plural = _("Văn bản liên quan")

    def clean(self):
        super().clean()
        if self.target_id is not None and self.target_id == self.source_id:
            raise ValidationError({"target": _("Văn bản không thể liên quan đến chính nó.")})

    @property
    def inverse_label(self) -> str:
        return str(INVERSE_LABELS.get(self.kind, self.get_kind_display()))


class ImportedDocument(models.Model):
    """The legal import's ledger: which row of which registry's import became which document, and
    the hash of what was read from it (its fields and its files' bytes), so a second run of the
    same input changes nothing and a changed row updates its page instead of adding one.

    The importer's own ledger (`importer.ImportedRecord`) names an article page; documents keep
    theirs here, with the same (source, key) and hash design."""

    source = models.CharField(_("Nguồn"), max_length=255)
    key = models.CharField(_("Mã bản ghi"), max_length=255)
    content_hash = models.CharField(_("Mã băm nội dung"), max_length=64)
    page = models.ForeignKey(
        LegalDocumentPage, verbose_name=_("Văn bản"), on_delete=models.CASCADE, related_name="import_records"
    )
    created_at = models.DateTimeField(_("Nhập lần đầu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lần cuối"), auto_now=True)

    class Meta:
        verbose_name = _("Văn bản đã nhập")
        verbose_name_plural = _("Văn bản đã nhập")
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="legal_imported_source_key")]

    def __str__(self) -> str:
        return f"{self.source} #{self.key}"


class LegalDraftPage(KnownViewRestrictionsMixin, VietnameseSlugMixin, Page):
    """Dự thảo lấy ý kiến: a draft open for citizens' comments from `comment_from` to the end of
    `comment_until` (Vietnamese days), then the agency's summary of what it received.

    The title is the trích yếu. The window's rules (state, opening and closing instants) live in
    services.drafts; the comments app asks `comments_open(at)`.
    """

    drafting_agency = models.ForeignKey(
        Issuer,
        verbose_name=_("Cơ quan chủ trì soạn thảo"),
        on_delete=models.PROTECT,
        related_name="drafts",
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("Lĩnh vực"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafts",
    )
    intro = RichTextField(
        _("Nội dung chính"), blank=True, help_text=_("Tóm tắt dự thảo và những vấn đề cần xin ý kiến.")
    )
    comment_from = models.DateField(_("Lấy ý kiến từ ngày"))
    comment_until = models.DateField(
        _("Đến hết ngày"), help_text=_("Ngày cuối cùng nhận ý kiến (tính cả ngày này, giờ Việt Nam).")
    )
    feedback_summary = RichTextField(
        _("Báo cáo tổng hợp, tiếp thu, giải trình ý kiến"),
        blank=True,
        help_text=_("Đăng sau khi hết hạn lấy ý kiến."),
    )

    parent_page_types = ["legal.LegalIndexPage"]
    subpage_types: list[str] = []
    template = "legal/legal_draft_page.html"
    route_select_related = ("drafting_agency", "topic")
    #: The comment form's "Về …:" line (comments app).
    comments_about = _("Về dự thảo:")

    content_panels = [
        FieldPanel("title", heading=_("Trích yếu")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("drafting_agency"), FieldPanel("topic")]),
                FieldRowPanel([FieldPanel("comment_from"), FieldPanel("comment_until")]),
            ],
            heading=_("Thông tin dự thảo"),
        ),
        FieldPanel("intro"),
        InlinePanel("attachments", heading=_("Tệp dự thảo"), label=_("Tệp")),
        MultiFieldPanel(
            [
                FieldPanel("feedback_summary"),
                InlinePanel("feedback_files", heading=_("Tệp báo cáo"), label=_("Tệp")),
            ],
            heading=_("Sau khi hết hạn lấy ý kiến"),
        ),
    ]

    class Meta:
        verbose_name = _("Dự thảo lấy ý kiến")
        verbose_name_plural = _("Dự thảo lấy ý kiến")
        indexes = [models.Index(fields=["comment_from", "comment_until"], name="legal_draft_window")]

    def clean(self):
        super().clean()
        if self.comment_from and self.comment_until and self.comment_until < self.comment_from:
            raise ValidationError(
                {"comment_until": _("Ngày kết thúc lấy ý kiến không được trước ngày bắt đầu.")}
            )

    @property
    def has_feedback(self) -> bool:
        return bool(self.feedback_summary.strip()) or self.feedback_files.exists()

    def comments_open(self, at) -> bool:
        return window.is_open(self.comment_from, self.comment_until, at)

    def comments_closed_message(self, at) -> str:
        return window.closed_message(self.comment_from, self.comment_until, at)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(registry.view("legal_draft_context")(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # No cached copy may outlive the window's opening or closing (services.window).
        return window.guard(response, window.next_change(self.comment_from, self.comment_until))


class DraftAttachment(AttachmentBase):
    """A file of the draft (the draft itself, its submission, an explanatory note)."""

    page = ParentalKey(LegalDraftPage, on_delete=models.CASCADE, related_name="attachments")

    class Meta(AttachmentBase.Meta):
        verbose_name = _("Tệp dự thảo")
        verbose_name_plural = _("Tệp dự thảo")


class DraftFeedbackFile(AttachmentBase):
    """The agency's report on the comments received (báo cáo tổng hợp, tiếp thu, giải trình)."""

    page = ParentalKey(LegalDraftPage, on_delete=models.CASCADE, related_name="feedback_files")

    class Meta(AttachmentBase.Meta):
        verbose_name = _("Tệp báo cáo tiếp thu")
        verbose_name_plural = _("Tệp báo cáo tiếp thu")
