"""The agency's organisation (Cơ cấu tổ chức): its page, its units as a tree of pages, their people.

Units nest under the organisation page and under each other; their order in the tree is
Wagtail's page order. People are an orderable inline of their unit, so a unit and its people
are published, scheduled and reviewed together, and a change to either goes through the page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from toasoan.cache.fragments import KnownViewRestrictionsMixin
from toasoan.sections import registry
from toasoan.sections.mixins import VietnameseSlugMixin

from .services import contacts

PHONE_HELP = _("Số máy bàn hoặc di động, ví dụ 024 3825 3536 hay 0912 345 678; được lưu dạng +84.")


class UnitKind(models.TextChoices):
    LEADERSHIP = "lanh-dao", _("Lãnh đạo")
    BLOCK = "khoi", _("Khối")
    DEPARTMENT = "phong-ban", _("Phòng ban")
    AFFILIATE = "truc-thuoc", _("Đơn vị trực thuộc")


def _phone_error(field: str, raw: str) -> dict:
    try:
        contacts.normalize_office_phone(raw)
    except contacts.InvalidPhone:
        return {
            field: _("Số điện thoại “%(raw)s” không hợp lệ. Ví dụ: 024 3825 3536 hoặc 0912 345 678.")
            % {"raw": raw}
        }
    return {}


class OrganisationPage(KnownViewRestrictionsMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    """Cơ cấu tổ chức: the chart of the units below it, and the directory (Danh bạ) as a sub-route."""

    agency_name = models.CharField(
        _("Tên cơ quan"),
        max_length=200,
        help_text=_("Tên đầy đủ của cơ quan, ví dụ “UBND huyện Hòa Phong”; dùng trong danh thiếp (vCard)."),
    )
    intro = RichTextField(
        _("Chức năng, nhiệm vụ của cơ quan"),
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
    )
    address = models.CharField(_("Địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=40, blank=True, help_text=PHONE_HELP)
    email = models.EmailField(_("Thư điện tử"), blank=True)

    parent_page_types = ["sections.HomePage", "sections.SectionPage"]
    subpage_types = ["organisation.UnitPage"]
    template = "organisation/organisation_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("agency_name"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldRowPanel([FieldPanel("phone"), FieldPanel("email")])],
            heading=_("Liên hệ"),
        ),
    ]

    class Meta:
        verbose_name = _("Cơ cấu tổ chức")
        verbose_name_plural = _("Cơ cấu tổ chức")

    def clean(self):
        super().clean()
        errors = _phone_error("phone", self.phone) if self.phone else {}
        if errors:
            raise ValidationError(errors)

    def get_cached_paths(self) -> list[str]:
        """The chart and the directory."""
        return ["/", f"/{self.reverse_subpage('directory')}"]

    @path("")
    def chart(self, request):
        return registry.view("organisation_chart")(self, request)

    @path("danh-ba/", name="directory")
    def directory(self, request):
        return registry.view("organisation_directory")(self, request)


class UnitPage(KnownViewRestrictionsMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    """A unit (lãnh đạo, khối, phòng ban, đơn vị trực thuộc): its functions, contacts and people."""

    kind = models.CharField(
        _("Loại đơn vị"), max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT
    )
    functions = RichTextField(
        _("Chức năng, nhiệm vụ"),
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
    )
    address = models.CharField(_("Địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=40, blank=True, help_text=PHONE_HELP)
    email = models.EmailField(_("Thư điện tử công vụ"), blank=True)

    # Filled on every save (signal_handlers): the folded name, for the directory and site search.
    search_key = models.TextField(blank=True, editable=False)

    parent_page_types = ["organisation.OrganisationPage", "organisation.UnitPage"]
    subpage_types = ["organisation.UnitPage"]
    template = "organisation/unit_page.html"
    content_panels = [
        FieldPanel("title", heading=_("Tên đơn vị")),
        FieldPanel("kind"),
        FieldPanel("functions"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldRowPanel([FieldPanel("phone"), FieldPanel("email")])],
            heading=_("Liên hệ"),
        ),
        InlinePanel("people", heading=_("Cán bộ, công chức"), label=_("Người")),
    ]

    class Meta:
        verbose_name = _("Đơn vị")
        verbose_name_plural = _("Đơn vị")

    def clean(self):
        super().clean()
        errors = _phone_error("phone", self.phone) if self.phone else {}
        if errors:
            raise ValidationError(errors)

    def get_cached_paths(self) -> list[str]:
        """The unit and the vCard of each of its people."""
        return ["/", *(f"/{self.vcard_path(person.pk)}" for person in self.people.all())]

    def vcard_path(self, person_id: int) -> str:
        """`danh-thiep/12/`, relative to the unit's URL. Wagtail serves no path with a dot in it,
        so the `.vcf` is in the download's file name (Content-Disposition), not in the address."""
        return self.reverse_subpage("vcard", args=(person_id,))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(registry.view("organisation_unit_context")(self, request))
        return context

    @path("")
    def unit(self, request):
        return self.render(request)

    @path("danh-thiep/<int:person_id>/", name="vcard")
    def vcard(self, request, person_id: int):
        return registry.view("organisation_vcard")(self, request, person_id)


class Person(Orderable):
    """A person of a unit; their place in the unit's list is the inline's order."""

    unit = ParentalKey(UnitPage, on_delete=models.CASCADE, related_name="people", verbose_name=_("Đơn vị"))
    name = models.CharField(_("Họ và tên"), max_length=120)
    position = models.CharField(
        _("Chức vụ"), max_length=160, help_text=_("Ví dụ: Trưởng phòng, Phó Chủ tịch UBND huyện")
    )
    is_leader = models.BooleanField(
        _("Lãnh đạo đơn vị"),
        default=False,
        help_text=_("Hiện trên sơ đồ tổ chức, với ảnh, chức vụ và liên hệ."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Ảnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(_("Điện thoại cơ quan"), max_length=40, blank=True, help_text=PHONE_HELP)
    email = models.EmailField(_("Thư điện tử công vụ"), blank=True)
    duties = models.TextField(
        _("Nhiệm vụ được phân công"),
        blank=True,
        help_text=_("Mỗi nhiệm vụ một dòng."),
    )

    # Filled on every save (signal_handlers): folded name and position, for the directory and search.
    search_key = models.TextField(blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("position")]),
        FieldPanel("is_leader"),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("duties"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Cán bộ")
        verbose_name_plural = _("Cán bộ")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        errors = _phone_error("phone", self.phone) if self.phone else {}
        if errors:
            raise ValidationError(errors)
