"""Articles: the page type editors write, with its snippets (agencies, authors) and tags."""

from __future__ import annotations

from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from toasoan import vntext
from toasoan.cache.fragments import KnownViewRestrictionsMixin
from toasoan.sections import registry
from toasoan.sections.mixins import VietnameseSlugMixin

from .blocks import ArticleBodyBlock


@register_snippet
class Agency(models.Model):
    """A source/agency tag such as `HNP` (Cổng GTĐT Hà Nội), shown as the lead's prefix `HNP - `."""

    code = models.CharField(_("Ký hiệu"), max_length=20, unique=True, help_text=_("Ví dụ: HNP, TTXVN"))
    name = models.CharField(_("Tên đầy đủ"), max_length=200)
    url = models.URLField(_("Trang web"), blank=True)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("url")]

    class Meta:
        verbose_name = _("Nguồn tin")
        verbose_name_plural = _("Nguồn tin")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


@register_snippet
class Author(models.Model):
    name = models.CharField(_("Tên"), max_length=120)
    pen_name = models.CharField(_("Bút danh"), max_length=120, blank=True)
    bio = models.TextField(_("Giới thiệu"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("pen_name"), FieldPanel("bio")]

    class Meta:
        verbose_name = _("Tác giả")
        verbose_name_plural = _("Tác giả")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.pen_name or self.name


class Tag(TagBase):
    """A keyword (từ khóa); its slug follows our rule (đ→d), taggit's would keep `đ` or drop it."""

    free_tagging = True

    class Meta:
        verbose_name = _("Từ khóa")
        verbose_name_plural = _("Từ khóa")

    def slugify(self, tag: str, i: int | None = None) -> str:
        slug = vntext.slugify(tag) or "chu-de"
        return f"{slug}-{i}" if i is not None else slug


class ArticleTag(ItemBase):
    tag = models.ForeignKey(Tag, related_name="tagged_articles", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(KnownViewRestrictionsMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    published_at = models.DateTimeField(
        _("Thời gian đăng"),
        default=timezone.now,
        db_index=True,
        help_text=_("Thời gian hiển thị cho người đọc (giờ Việt Nam)."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("Nguồn tin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead = models.TextField(_("Sapo"), blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("Nội dung"), blank=True)
    authors = ParentalManyToManyField(Author, verbose_name=_("Tác giả"), blank=True, related_name="articles")
    byline = models.CharField(
        _("Tác giả (ghi tự do)"),
        max_length=200,
        blank=True,
        help_text=_("Bút danh hoặc tên ghi cuối bài khi không chọn tác giả."),
    )
    tags = ClusterTaggableManager(through=ArticleTag, verbose_name=_("Từ khóa"), blank=True)
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    parent_page_types = ["sections.SectionPage"]
    subpage_types: list[str] = []
    template = "pages/article_page.html"
    #: Joined when the page is fetched to be served (sections.routing), saving a query each.
    route_select_related = ("agency", "listing_image")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("published_at"), FieldPanel("agency"), FieldPanel("authors"), FieldPanel("byline")],
            heading=_("Thông tin bài"),
        ),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("listing_image"),
        FieldPanel("tags"),
    ]

    # Wagtail's own search serves the admin, where editors look an article up by its title,
    # lead or byline; readers' full-text search (body included) is toasoan.search's. The
    # body is left out: indexing it twice cost a migration of 14,000 articles a sixth of
    # its time (docs/migration.md, Speed) for an admin search nobody runs on body words.
    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("byline"),
        index.FilterField("published_at"),
    ]

    class Meta:
        verbose_name = _("Bài viết")
        verbose_name_plural = _("Bài viết")
        indexes = [models.Index(fields=["published_at", "page_ptr"], name="article_pub_order")]

    @property
    def section_url(self) -> str:
        """The parent section's URL, derived from ours so list items need no extra query."""
        url = self.url or ""
        suffix = f"{self.slug}/"
        return url[: -len(suffix)] if url.endswith(suffix) else ""

    @cached_property
    def author_list(self) -> list[Author]:
        return list(self.authors.all())

    @property
    def byline_text(self) -> str:
        names = [author.display_name for author in self.author_list]
        return ", ".join(names) if names else self.byline

    @property
    def lead_prefix(self) -> str:
        return f"{self.agency.code} - " if self.agency_id else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(registry.view("article_context")(self, request))
        return context

    def get_cached_paths(self) -> list[str]:
        """The article, its print view and its download: what a change to it makes stale."""
        return ["/", *(f"/{self.reverse_subpage(name)}" for name in ("print", "download"))]

    @path("")
    def article(self, request):
        return self.render(request)

    @path("in/", name="print")
    def print_view(self, request) -> TemplateResponse:
        return self.render(request, template="pages/article_print.html")

    @path("tai-ve/", name="download")
    def download_view(self, request) -> HttpResponse:
        return registry.view("article_download")(self, request)
