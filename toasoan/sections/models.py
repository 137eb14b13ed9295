"""The portal's structure: the home page and its sections (chuyên mục), nestable one level."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from toasoan.cache.fragments import KnownViewRestrictionsMixin

from . import registry
from .blocks import ContentBodyBlock
from .mixins import VietnameseSlugMixin
from .routing import page_for_serving


class HomePage(KnownViewRestrictionsMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    intro = models.TextField(_("Giới thiệu"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["sections.SectionPage", "sections.ContentPage"]
    max_count = 1
    template = "pages/home_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Trang chủ")

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
