"""The ledger of a NukeViet move: which row of the old portal became what here, and where it lived."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegacyRecord(models.Model):
    """One row of a NukeViet module (a category, an article, a document, a question, a comment…).

    ``content_hash`` tells an unchanged row on a second run, so it is left alone; ``page`` (or
    ``object_label``/``object_pk`` for rows that are not pages) is what it became; ``old_urls``
    are the addresses NukeViet printed for it, the input of the redirect index.  A row that was not
    imported stays here with ``status`` "skipped" and its reason, so every row is accounted for.
    """

    class Status(models.TextChoices):
        CREATED = "created", _("Đã nhập")
        SKIPPED = "skipped", _("Bỏ qua")

    source = models.CharField(_("Bản sao"), max_length=100, default="nukeviet")
    module = models.CharField(_("Phân hệ"), max_length=40)
    key = models.CharField(_("Mã trong NukeViet"), max_length=100)
    content_hash = models.CharField(_("Mã băm nội dung"), max_length=64, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Trang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_label = models.CharField(_("Loại đối tượng"), max_length=100, blank=True)
    object_pk = models.CharField(_("Mã đối tượng"), max_length=40, blank=True)
    old_urls = models.JSONField(_("Địa chỉ cũ"), default=list, blank=True)
    status = models.CharField(_("Kết quả"), max_length=20, choices=Status.choices, default=Status.CREATED)
    reason = models.TextField(_("Lý do"), blank=True)
    imported_at = models.DateTimeField(_("Lần nhập cuối"), auto_now=True)

    class Meta:
        verbose_name = _("Bản ghi NukeViet")
        verbose_name_plural = _("Bản ghi NukeViet")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "module", "key"], name="nukeviet_record_source_module_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}/{self.module}#{self.key}"
