"""The portal's structure: the home page and its sections (chuyên mục), nestable one level."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from toasoan.cache.fragments import KnownViewRestrictionsMixin

from . import colours, registry
from .blocks import ContentBodyBlock
from .mixins import VietnameseSlugMixin
from .routing import page_for_serving


class HomePage(KnownViewRestrictionsMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    intro = models.TextField(_("Giới thiệu"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["sections.SectionPage", "sections.ContentPage"]
    # One home per portal (a Wagtail Site): a province's install serves its component portals
    # too (docs/portals.md). `clean` refuses a second home where no Site would serve it.
    template = "pages/home_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Trang chủ")

    @classmethod
    def can_create_at(cls, parent) -> bool:
        # A home is a portal's root: only at the top of the tree, where a Site can serve it.
        return super().can_create_at(parent) and parent.is_root()

    def clean(self):
        super().clean()
        if self.pk is None and unserved_homes().exists():
            raise ValidationError(
                _(
                    "Đã có một trang chủ chưa gắn với cổng nào: hãy gắn nó với một cổng (Cài đặt → "
                    "Sites) trước khi tạo trang chủ mới, hoặc tạo cổng bằng lệnh create_portal."
                )
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(registry.view("home_context")(self, request))
        return context

    def tag_path(self, tag_slug: str) -> str:
        """A tag page's path below the home page's URL, as `get_cached_paths()` writes paths."""
        return "/" + self.reverse_subpage("tag", kwargs={"tag_slug": tag_slug})

    def route(self, request, path_components):
        found = page_for_serving(self, list(path_components), request)
        if found is None:
            return super().route(request, path_components)
        page, remaining = found
        return page.route(request, remaining)

    @path("")
    def home(self, request):
        return self.render(request)

    @path("chu-de/<str:tag_slug>/", name="tag")
    def tag_view(self, request, tag_slug: str):
        return self.render(
            request,
            template="pages/tag_page.html",
            context_overrides=registry.view("tag_context")(request, tag_slug, home=self),
        )


def unserved_homes():
    """Homes no Site serves, translations of a served home aside (the English home sits next to
    its Vietnamese original without a Site of its own)."""
    served = Page.objects.filter(pk__in=Site.objects.values("root_page_id")).values("translation_key")
    return HomePage.objects.filter(depth=2).exclude(translation_key__in=served)


class SectionPage(KnownViewRestrictionsMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    description = models.TextField(_("Mô tả"), blank=True)

    parent_page_types = ["sections.HomePage", "sections.SectionPage"]
    subpage_types = ["sections.SectionPage", "articles.ArticlePage", "sections.ContentPage"]
    template = "pages/section_page.html"
    content_panels = [*Page.content_panels, FieldPanel("description")]

    class Meta:
        verbose_name = _("Chuyên mục")
        verbose_name_plural = _("Chuyên mục")

    #: Lists read in pages (`?trang=2`).
    paginated_paths = ("/",)

    def get_cached_paths(self) -> list[str]:
        """The section's list and its feed."""
        return ["/", "/" + self.reverse_subpage("rss")]

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.path else getattr(self, "_cached_parent_obj", None)
        if parent is not None and isinstance(parent.specific_deferred, SectionPage):
            grandparent = parent.get_parent()
            if grandparent is not None and isinstance(grandparent.specific_deferred, SectionPage):
                raise ValidationError(_("Chuyên mục chỉ được lồng một cấp."))

    @path("")
    def section(self, request):
        return self.render(request)

    @path("rss/", name="rss")
    def rss(self, request):
        feed = registry.view("section_feed")  # toasoan.discovery renders feeds
        if feed is None:
            raise Http404
        return feed(request, section=self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(registry.view("section_context")(self, request))
        return context


class ContentRole(models.TextChoices):
    """What a content page is for: a slug can be renamed, the role stays (the compliance report
    finds the portal's required pages by it)."""

    INTRODUCTION = "gioi_thieu", _("Giới thiệu")
    DUTIES = "chuc_nang_nhiem_vu", _("Chức năng, nhiệm vụ")
    CONTACT = "lien_he", _("Liên hệ")
    PRIVACY = "bao_ve_du_lieu_ca_nhan", _("Chính sách bảo vệ dữ liệu cá nhân")
    ACCESSIBILITY = "kha_nang_tiep_can", _("Tuyên bố về khả năng tiếp cận")
    OTHER = "khac", _("Khác")


class ContentPage(KnownViewRestrictionsMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    """A page of its own, not news: the introduction, functions and duties, contacts, the
    personal-data policy, the accessibility statement (Decree 42/2022/NĐ-CP, docs/pages.md)."""

    role = models.CharField(
        _("Vai trò của trang"),
        max_length=32,
        choices=ContentRole.choices,
        blank=True,
        help_text=_("Trang này là trang bắt buộc nào của cổng (giới thiệu, liên hệ…); có thể để trống."),
    )
    lead = models.TextField(
        _("Tóm tắt"), blank=True, help_text=_("Một đoạn ngắn ở đầu trang; có thể để trống.")
    )
    body = StreamField(ContentBodyBlock(), verbose_name=_("Nội dung"), blank=True)

    parent_page_types = ["sections.HomePage", "sections.SectionPage"]
    subpage_types: list[str] = []
    template = "pages/content_page.html"
    content_panels = [*Page.content_panels, FieldPanel("role"), FieldPanel("lead"), FieldPanel("body")]

    class Meta:
        verbose_name = _("Trang nội dung")
        verbose_name_plural = _("Trang nội dung")

    def get_cached_paths(self) -> list[str]:
        """The page and its print view."""
        return ["/", "/" + self.reverse_subpage("print")]

    @path("")
    def content(self, request):
        return self.render(request)

    @path("in/", name="print")
    def print_view(self, request) -> TemplateResponse:
        return self.render(request, template="pages/content_print.html")


class PortalKind(models.TextChoices):
    """What a portal is in the province: the main portal carries its component portals' news."""

    PROVINCE = "tinh", _("Cổng chính của tỉnh")
    DEPARTMENT = "so", _("Sở, ban, ngành")
    COMMUNE = "xa", _("Xã, phường, đặc khu")
    OTHER = "khac", _("Khác")


class FooterLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tên liên kết"), max_length=120)
    url = blocks.URLBlock(label=_("Địa chỉ"))

    class Meta:
        label = _("Liên kết")
        icon = "link"


#: `#0b4da2`: the colour the stylesheet gives headers and links.
COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Nhập mã màu dạng #0b4da2."))


def readable_colour(value: str) -> None:
    """White text on the bars and links on white must stay readable (WCAG AA, 4.5:1)."""
    try:
        ratio = colours.contrast_with_white(value)
    except ValueError:
        return  # the format's own message says what is wrong
    if ratio < colours.MIN_CONTRAST:
        raise ValidationError(
            _(
                "Màu này quá sáng: chữ trắng trên nền màu này chỉ đạt độ tương phản %(ratio)s:1, "
                "cần ít nhất 4,5:1 để người đọc đọc được. Hãy chọn màu đậm hơn."
            ),
            params={"ratio": f"{ratio:.1f}".replace(".", ",")},
        )


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """What a portal (a Wagtail Site) says about itself on every page, edited per site.

    Every field may stay empty: the page then shows what the install's settings say
    (`SITE_NAME`, `SITE_DESCRIPTION`), so an install with one portal looks as it did. Pages read
    these values through `sections.portal`, which keeps them with the structure generation.
    """

    name = models.CharField(
        _("Tên cổng"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Cổng thông tin điện tử xã Hòa An. Để trống: tên chung của hệ thống."),
    )
    tagline = models.CharField(_("Khẩu hiệu, mô tả ngắn"), max_length=255, blank=True)
    agency = models.CharField(
        _("Cơ quan chủ quản"),
        max_length=255,
        blank=True,
        help_text=_("Dòng “Cơ quan chủ quản” ở chân trang, ví dụ: Ủy ban nhân dân xã Hòa An."),
    )
    kind = models.CharField(
        _("Loại cổng"), max_length=8, choices=PortalKind.choices, default=PortalKind.PROVINCE
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Biểu trưng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("Địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=64, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    footer_links = StreamField(
        [("link", FooterLinkBlock())], verbose_name=_("Liên kết ở chân trang"), blank=True
    )
    colour = models.CharField(
        _("Màu chủ đạo"),
        max_length=7,
        blank=True,
        validators=[COLOUR, readable_colour],
        help_text=_("Để trống: #0b4da2."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("tagline"), FieldPanel("agency"), FieldPanel("kind")],
            heading=_("Tên và cơ quan"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Liên hệ")
        ),
        FieldPanel("logo"),
        FieldPanel("colour"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("Thông tin cổng")
        verbose_name_plural = _("Thông tin cổng")
