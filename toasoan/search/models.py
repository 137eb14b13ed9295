"""The search index: one row per live, public article, kept by `services.indexing`.

The engines' full-text structures hang off this table and are created by migration
0002 for the engine in use: on SQLite three FTS5 external-content tables kept in step by
triggers, on PostgreSQL three ``tsvector`` columns with GIN indexes (see docs/search.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: ``sort_key = published_at (Unix seconds) * SORT_KEY_FACTOR + page id``: ordering by it is
#: ordering newest first with ties by id, and it is the full-text row id on SQLite.
SORT_KEY_FACTOR = 10**8


class SearchDocument(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("Trang"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    sort_key = models.BigIntegerField(_("Khóa sắp xếp"), unique=True)
    #: None when the article's date is unknown; its sort key is then below every dated one.
    published_at = models.DateTimeField(_("Thời gian đăng"), null=True, blank=True)
    section = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Chuyên mục"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    section_title = models.CharField(_("Tên chuyên mục"), max_length=255, blank=True)

    # What readers see, accented (NFC), for snippets and highlighting.
    title = models.TextField(_("Tiêu đề"))
    lead = models.TextField(_("Sapo"), blank=True)
    body = models.TextField(_("Nội dung (văn bản)"), blank=True)
    extra = models.TextField(_("Từ khóa, tác giả, chuyên mục"), blank=True)

    # Folded token streams (services.text.index_fields): what the engines index.
    title_key = models.TextField(blank=True)
    lead_key = models.TextField(blank=True)
    extra_key = models.TextField(blank=True)
    body_key = models.TextField(blank=True)
    #: ``§<id>`` of every section the article is in, for the section filter.
    scope_key = models.TextField(blank=True)
    # Exact (accented, tone-placement-neutral) keys, for ranking only.
    exact_head = models.TextField(blank=True)
    exact_body = models.TextField(blank=True)
    #: Words in the title, lead, extra and body, then the length of each field's stream
    #: (words and compound tokens): eight numbers, for relevance (services.ranking).
    lengths = models.CharField(max_length=100, blank=True, default="")

    indexed_at = models.DateTimeField(_("Lập chỉ mục lúc"), auto_now=True)

    class Meta:
        verbose_name = _("Chỉ mục tìm kiếm")
        verbose_name_plural = _("Chỉ mục tìm kiếm")

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def page_id_of(sort_key: int) -> int:
        return sort_key % SORT_KEY_FACTOR
