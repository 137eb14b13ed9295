"""Articles: the page type editors write, with its snippets (agencies, authors) and tags."""

from __future__ import annotations

from django.db import models
from django.http import Http404, HttpResponse
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
from wagtail.models import Page, Site
from wagtail.search import index

from toasoan import vntext
from toasoan.cache import fragments
from toasoan.cache.fragments import KnownViewRestrictionsMixin
from toasoan.sections import registry
from toasoan.sections.mixins import VietnameseSlugMixin
from toasoan.sections.portal import visible_from
from toasoan.sections.portal_forms import PortalRowForm

from .blocks import ArticleBodyBlock
from .forms import ArticlePageForm
from .widgets import AuthorsChooser, VietnameseTagWidget


class PortalRowQuerySet(models.QuerySet):
    """Rows of one portal or, with no portal, of every portal of the install (docs/portals.md)."""

    def for_site(self, site_id: int | None):
        """What an article of the portal `site_id` may name: its portal's rows and every portal's."""
        return self.filter(visible_from([] if site_id is None else [site_id]))

    def for_sites(self, sites):
        """`for_site` for a staff member's portals (`sections.portal.staff_sites`); None for all."""
        return self.filter(visible_from(sites))


def portal_field(help_text: str) -> models.ForeignKey:
    # SET_NULL, not CASCADE: a deleted Site must not take the bylines of its articles with it;
    # its rows fall to every portal, for an administrator to tidy.
    return models.ForeignKey(
        Site,
        verbose_name=_("Cổng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


class Agency(models.Model):
    """A source/agency tag such as `HNP` (Cổng GTĐT Hà Nội), shown as the lead's prefix `HNP - `.

    Registered with its viewset in wagtail_hooks (admin_views keeps a portal's staff to their
    portal's rows). The code stays unique across the install: an article republished on another
    portal carries its prefix there, and `HNP` must name one source on every portal."""

    code = models.CharField(_("Ký hiệu"), max_length=20, unique=True, help_text=_("Ví dụ: HNP, TTXVN"))
    name = models.CharField(_("Tên đầy đủ"), max_length=200)
    url = models.URLField(_("Trang web"), blank=True)
    site = portal_field(_("Cổng dùng nguồn tin này. Để trống: mọi cổng của hệ thống (ví dụ TTXVN)."))

    objects = PortalRowQuerySet.as_manager()

    #: Offers a portal's staff their own portals only.
    base_form_class = PortalRowForm
    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("url"), FieldPanel("site")]

    class Meta:
        verbose_name = _("Nguồn tin")
        verbose_name_plural = _("Nguồn tin")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Author(models.Model):
    """A writer; registered as a snippet with its searchable chooser in wagtail_hooks."""

    name = models.CharField(_("Tên"), max_length=120)
    pen_name = models.CharField(_("Bút danh"), max_length=120, blank=True)
    bio = models.TextField(_("Giới thiệu"), blank=True)
    site = portal_field(_("Cổng của tác giả. Để trống: tác giả viết cho mọi cổng của hệ thống."))

    objects = PortalRowQuerySet.as_manager()

    #: Offers a portal's staff their own portals only.
    base_form_class = PortalRowForm
    panels = [FieldPanel("name"), FieldPanel("pen_name"), FieldPanel("bio"), FieldPanel("site")]

    class Meta:
        verbose_name = _("Tác giả")
        verbose_name_plural = _("Tác giả")
        ordering = ["name"]

    def __str__(self) -> str:
        """In the admin, a pen name says whose it is: "Minh Khang (Nguyễn Minh Khang)"."""
        if self.pen_name and self.pen_name != self.name:
            return f"{self.pen_name} ({self.name})"
        return self.name

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
    #: Empty until the article goes live, which fills in that moment (`save`); an editor who types
    #: a time sets it on purpose, and that time is kept.
    published_at = models.DateTimeField(
        _("Thời gian đăng"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Để trống: bài lấy thời điểm lên trang (cả khi hẹn giờ đăng). Chỉ điền khi muốn ghi "
            "một thời gian khác cho người đọc (giờ Việt Nam)."
        ),
    )
    #: An import whose source gave no time: it keeps none ("Không rõ ngày", listed after every
    #: dated article) instead of taking the moment it went live, until an editor types one.
    published_at_unknown = models.BooleanField(_("Không rõ thời gian đăng"), default=False, editable=False)
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

    #: Offers the article's portal's authors and agencies, and every portal's (forms.ArticlePageForm).
    base_form_class = ArticlePageForm
    parent_page_types = ["sections.SectionPage"]
    subpage_types: list[str] = []
    #: A copy is a new article: its time is that of its own going live.
    exclude_fields_in_copy = ["published_at", "published_at_unknown"]
    template = "pages/article_page.html"
    #: Joined when the page is fetched to be served (sections.routing), saving a query each;
    #: `alias_of` is the origin of an article republished from another portal (services.republish).
    route_select_related = ("agency", "listing_image", "alias_of")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("published_at"),
                FieldPanel("agency"),
                FieldPanel("authors", widget=AuthorsChooser),
                FieldPanel("byline"),
            ],
            heading=_("Thông tin bài"),
        ),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("listing_image"),
        FieldPanel("tags", widget=VietnameseTagWidget),
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

    def comments_open(self, at) -> bool:
        """Readers may comment on a live, public article at any time (the comments app asks)."""
        return True

    def save(self, *args, **kwargs):
        """A live article without a publication time takes the moment it goes live.

        Only a whole-row save (publishing, or a page made live in code) fills it: a draft
        revision's bookkeeping save (`update_fields`) never dates the live article. A page the
        admin creates with a go-live time ahead is saved live for a moment before Wagtail
        schedules it: it is dated when the schedule publishes it, not then.
        """
        if self.published_at is not None:
            self.published_at_unknown = False  # a time typed in: it is known now
        if (
            self.live
            and self.published_at is None
            and not self.published_at_unknown
            and kwargs.get("update_fields") is None
        ):
            now = timezone.now()
            if self.go_live_at is not None and self.go_live_at > now:
                # The row says the scheduled time meanwhile (the search index and the lists need
                # one); the revision the admin saves next from this instance keeps it empty.
                self.published_at = self.go_live_at
                try:
                    return super().save(*args, **kwargs)
                finally:
                    self.published_at = None
            self.published_at = now
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """A revision saved with the time left empty keeps the time the article already has.

        Publishing, the edit form and previews all read the page through here, so an article
        edited after it went live keeps its publication time instead of taking the new one. A page
        never published has no time of its own yet (its row may hold a schedule's, see `save`).
        """
        page = super().with_content_json(content)
        if page.published_at is None and self.first_published_at is not None:
            # `self` may be the edit form's instance, its field emptied too: the row has the time.
            page.published_at = self.published_at or (
                ArticlePage.objects.filter(pk=self.pk).values_list("published_at", flat=True).first()
            )
        return page

    def serve_preview(self, request, mode_name):
        # Not live yet: the preview shows the time it would get if published now (never saved).
        if self.published_at is None:
            self.published_at = timezone.now()
        return super().serve_preview(request, mode_name)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(registry.view("article_context")(self, request))
        return context

    def get_view_restrictions(self):
        """A republished article (an alias of another portal's article) is restricted wherever its
        origin is: Wagtail checks the origin page itself but not the sections above it."""
        if self.alias_of_id is None:
            return super().get_view_restrictions()
        from wagtail.models import PageViewRestriction

        origin_path = self.alias_of.path
        restricted, _ = fragments.cached("restrictions", (), fragments._restricted_paths)
        paths = [path for path in restricted if self.path.startswith(path) or origin_path.startswith(path)]
        if not paths:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page__path__in=paths)

    def route(self, request, path_components):
        # Wagtail unpublishes aliases with their origin; a row changed behind its back still
        # never shows a republished article whose origin is not live.
        if self.alias_of_id is not None and not self.alias_of.live:
            raise Http404
        return super().route(request, path_components)

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
