"""The import ledger: which input record became which page, so a re-import updates instead of duplicating."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedRecord(models.Model):
    """One input record (a corpus line, a captured page) and the article it produced.

    ``(source, key)`` names the record in its origin: for JSON lines the record's
    ``source`` and ``id``; for captured text pages ``"text"`` and the file name plus
    title slug.  ``content_hash`` is the hash of what the importer derived from the
    record, so an unchanged record is recognised without touching its page;
    ``raw_hash`` that of the input itself, so a report can tell "the source changed" from
    "the importer reads it differently now".  ``media`` keeps the original page's pictures
    (address, alt text, caption) for a later fetch: imports never download them.
    """

    source = models.CharField(_("Nguồn"), max_length=255)
    key = models.CharField(_("Mã bản ghi"), max_length=255)
    content_hash = models.CharField(_("Mã băm nội dung"), max_length=64)
    raw_hash = models.CharField(
        _("Mã băm dữ liệu gốc"), max_length=64, blank=True, help_text=_("Của dòng, tệp hoặc trang đã đọc")
    )
    source_url = models.URLField(_("Địa chỉ gốc"), max_length=2000, blank=True)
    media = models.JSONField(
        _("Ảnh của trang gốc"),
        default=list,
        blank=True,
        help_text=_("Địa chỉ, mô tả và chú thích từng ảnh; ảnh chưa được tải về"),
    )
    page = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("Bài viết"),
        on_delete=models.CASCADE,
        related_name="import_records",
    )
    created_at = models.DateTimeField(_("Nhập lần đầu"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lần cuối"), auto_now=True)

    class Meta:
        verbose_name = _("Bản ghi đã nhập")
        verbose_name_plural = _("Bản ghi đã nhập")
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="importer_record_source_key")]

    def __str__(self) -> str:
        return f"{self.source} #{self.key}"
