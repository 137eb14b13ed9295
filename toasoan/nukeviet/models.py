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


class LegacyUrl(models.Model):
    """The redirect index: one old address (normalised, `services.redirects.normalise`) and where
    it leads now.  Built in bulk from the ledger (`services.redirects.rebuild`), read by one
    indexed query per request: the page's current path comes from the join, so a page moved or
    renamed after the import still gets its readers.

    ``suffix`` follows the page's URL (a question's route ``12/``, a registry filter
    ``?loai=quyet-dinh``); ``target`` is a fixed path for what is not a page (a document's file).
    ``site`` is the portal the old site moved into: a province moves many NukeViet sites, whose
    addresses are alike (``/vi/news/…``), each to a portal of its own host.
    """

    #: Longer keys are stored as their hash (`services.redirects.storage_key`).
    KEY_LENGTH = 255

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("Cổng"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("Địa chỉ cũ (chuẩn hóa)"), max_length=KEY_LENGTH)
    source = models.CharField(_("Bản sao"), max_length=100, db_index=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Trang"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    suffix = models.CharField(_("Phần sau địa chỉ trang"), max_length=200, blank=True)
    target = models.CharField(_("Địa chỉ đích cố định"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Địa chỉ cũ NukeViet")
        verbose_name_plural = _("Địa chỉ cũ NukeViet")
        constraints = [models.UniqueConstraint(fields=["site", "key"], name="nukeviet_url_site_key")]

    def __str__(self) -> str:
        return self.key
