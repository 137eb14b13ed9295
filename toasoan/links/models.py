"""Links to other agencies and to public services (Decree 42/2022/NĐ-CP): groups of links an
editor keeps in the admin, shown in every page's footer and on the "Liên kết" page, of one portal
or of every portal of the install (docs/portals.md).

Snippets, not Wagtail settings: a portal keeps several groups (agencies, public services…), each
an ordered list an editor reorders by dragging; settings hold one record per site.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page, Site

from toasoan.cache.fragments import KnownViewRestrictionsMixin
from toasoan.sections.mixins import VietnameseSlugMixin

from .forms import LinkGroupForm
from .services.urls import validate_link_url


class LinkGroup(ClusterableModel):
    title = models.CharField(_("Tên nhóm"), max_length=120)
    order = models.PositiveSmallIntegerField(
        _("Thứ tự"), default=0, help_text=_("Nhóm có số nhỏ hơn đứng trước.")
    )
    show_in_footer = models.BooleanField(_("Hiện ở chân trang"), default=True)
    site = models.ForeignKey(
        Site,
        verbose_name=_("Cổng"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Cổng hiện nhóm này. Để trống: mọi cổng của hệ thống."),
    )

    #: Offers a portal's staff their own portals only (admin_views keeps them to their groups).
    base_form_class = LinkGroupForm
    panels = [
        FieldPanel("title"),
        FieldPanel("site"),
        FieldPanel("order"),
        FieldPanel("show_in_footer"),
        InlinePanel("links", label=_("Liên kết"), heading=_("Các liên kết")),
    ]

    class Meta:
        verbose_name = _("Nhóm liên kết")
        verbose_name_plural = _("Nhóm liên kết")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Link(Orderable):
    group = ParentalKey(LinkGroup, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("Tên liên kết"), max_length=200)
    url = models.CharField(
        _("Địa chỉ (URL)"),
        max_length=500,
        validators=[validate_link_url],
        help_text=_("Bắt đầu bằng https:// hoặc http://"),
    )
    description = models.CharField(_("Mô tả"), max_length=300, blank=True)
    new_tab = models.BooleanField(
        _("Mở trong thẻ mới"),
        default=False,
        help_text=_("Mặc định liên kết mở ngay trong thẻ đang xem; chỉ đánh dấu khi thật cần."),
    )

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("description"), FieldPanel("new_tab")]

    class Meta(Orderable.Meta):
        verbose_name = _("Liên kết")
        verbose_name_plural = _("Liên kết")

    def __str__(self) -> str:
        return self.title


class LinkIndexPage(KnownViewRestrictionsMixin, VietnameseSlugMixin, Page):
    """The "Liên kết" page: every group of links, in order."""

    intro = models.TextField(_("Giới thiệu"), blank=True)

    parent_page_types = ["sections.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "links/link_index_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Trang liên kết")
        verbose_name_plural = _("Trang liên kết")
