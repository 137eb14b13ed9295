"""A new component portal ("cổng thành phần") of the province's install, made in one step.

`create_portal(name=…, host=…)` makes what a department or a commune needs to start writing: a
Wagtail `Site` at its own address, its home page, the default sections of its kind, the pages
Decree 42/2022 asks of every portal (introduction, functions and duties, contacts, personal
data, accessibility), its `PortalSettings`, its newsroom groups and its review workflow
(editorial.services.newsroom). Run again with the same address, it completes what is missing
and changes nothing else, so it is safe to repeat (docs/portals.md).

Pages are created as the admin creates them (a revision, then a publish), so their history,
the search index and the caches follow as for any page an editor makes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import GroupSitePermission, Page, Site

from toasoan import vntext
from toasoan.editorial.models import NewsroomGroup
from toasoan.editorial.services import newsroom
from toasoan.sections.models import (
    ContentPage,
    ContentRole,
    HomePage,
    PortalKind,
    PortalSettings,
    SectionPage,
)

#: A host name as DNS allows it: labels of letters, digits and inner hyphens (`xa-hoa-an.localhost`).
_HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)

#: The sections a new portal starts with, by kind: (title, description).
DEFAULT_SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    PortalKind.PROVINCE: (
        ("Tin tức – Sự kiện", "Tin hoạt động của tỉnh và các cơ quan, địa phương."),
        ("Chỉ đạo – Điều hành", "Ý kiến chỉ đạo, điều hành của lãnh đạo tỉnh."),
        ("Thông báo", "Thông báo của các cơ quan nhà nước trong tỉnh."),
        ("Kinh tế – Xã hội", "Tình hình phát triển kinh tế – xã hội."),
    ),
    PortalKind.DEPARTMENT: (
        ("Tin tức – Sự kiện", "Tin hoạt động của cơ quan và ngành."),
        ("Chỉ đạo – Điều hành", "Văn bản, ý kiến chỉ đạo, điều hành của lãnh đạo cơ quan."),
        ("Thông báo", "Thông báo của cơ quan."),
        ("Cải cách hành chính", "Thủ tục hành chính, kết quả cải cách hành chính."),
    ),
    PortalKind.COMMUNE: (
        ("Tin tức – Sự kiện", "Tin hoạt động của địa phương."),
        ("Thông báo", "Thông báo của Ủy ban nhân dân."),
        ("Chỉ đạo – Điều hành", "Ý kiến chỉ đạo, điều hành của chính quyền địa phương."),
        ("Kinh tế – Xã hội", "Sản xuất, đời sống, văn hóa – xã hội ở địa phương."),
    ),
    PortalKind.OTHER: (
        ("Tin tức – Sự kiện", "Tin hoạt động."),
        ("Thông báo", "Thông báo."),
    ),
}

#: The pages every portal has (Decree 42/2022/NĐ-CP): role, title, slug, lead ({name}: the portal's).
CONTENT_PAGES: tuple[tuple[str, str, str, str], ...] = (
    (ContentRole.INTRODUCTION, "Giới thiệu", "gioi-thieu", "Giới thiệu chung về {name}."),
    (
        ContentRole.DUTIES,
        "Chức năng, nhiệm vụ",
        "chuc-nang-nhiem-vu",
        "Chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của cơ quan chủ quản {name}.",
    ),
    (ContentRole.CONTACT, "Liên hệ", "lien-he", "Địa chỉ, điện thoại và thư điện tử để liên hệ với {name}."),
    (
        ContentRole.PRIVACY,
        "Chính sách bảo vệ dữ liệu cá nhân",
        "chinh-sach-bao-ve-du-lieu-ca-nhan",
        "Cách {name} thu thập, sử dụng và bảo vệ dữ liệu cá nhân của người đọc.",
    ),
    (
        ContentRole.ACCESSIBILITY,
        "Tuyên bố về khả năng tiếp cận",
        "kha-nang-tiep-can",
        "Mức độ đáp ứng khả năng tiếp cận của {name} và cách góp ý khi gặp khó khăn.",
    ),
)

#: Who may edit the portal's settings (Cài đặt → Thông tin cổng) on its own Site only.
SETTINGS_ROLES = (newsroom.MANAGING_EDITOR,)


class ProvisionError(ValueError):
    """Input a portal cannot be made from; the message is in Vietnamese, for the operator."""


@dataclass
class ProvisionReport:
    site: Site
    home: HomePage
    site_created: bool = False
    sections_created: list[str] = field(default_factory=list)
    pages_created: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    groups_created: list[str] = field(default_factory=list)
    workflow: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def address(self) -> str:
        return self.site.root_url + "/"

    @property
    def changed(self) -> bool:
        return bool(self.site_created or self.sections_created or self.pages_created or self.groups_created)


def clean_host(host: str) -> str:
    """The host name in the form Sites keep it (lower case, no scheme, port or trailing dot)."""
    text = vntext.normalize(host or "").strip().lower()
    text = re.sub(r"^[a-z]+://", "", text).split("/", 1)[0].rstrip(".")
    if not _HOST.match(text):
        raise ProvisionError(
            f"Tên miền “{host}” không hợp lệ: chỉ gồm chữ không dấu, chữ số, dấu gạch ngang và dấu chấm "
            "(ví dụ: xa-hoa-an.localhost)."
        )
    return text


def clean_port(port: int | str | None) -> int:
    try:
        value = int(port if port is not None else 80)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 65535:
        raise ProvisionError(f"Cổng “{port}” không hợp lệ: hãy nhập một số từ 1 đến 65535.")
    return value


def clean_kind(kind: str | None) -> str:
    value = (kind or PortalKind.COMMUNE).strip().lower()
    if value not in PortalKind.values:
        choices = ", ".join(f"{choice} ({label})" for choice, label in PortalKind.choices)
        raise ProvisionError(f"Loại cổng “{kind}” không có; hãy chọn một trong: {choices}.")
    return value


def create_portal(
    *, name: str, host: str, port: int | str | None = 80, kind: str | None = PortalKind.COMMUNE, user=None
) -> ProvisionReport:
    """Make (or complete) the portal at `host:port`; see the module's docstring."""
    name = " ".join(vntext.normalize(name or "").split())
    if not name:
        raise ProvisionError('Hãy nhập tên cổng, ví dụ: --name "Cổng thông tin điện tử xã Hòa An".')
    if len(name) > 255:
        raise ProvisionError("Tên cổng dài quá 255 ký tự.")
    hostname, port_number, kind = clean_host(host), clean_port(port), clean_kind(kind)
    with transaction.atomic():
        report = _ensure_site(name, hostname, port_number, user)
        settings, created = PortalSettings.objects.get_or_create(
            site=report.site, defaults={"name": name, "kind": kind}
        )
        if not created and settings.name and settings.name != name:
            report.notes.append(
                f"Cổng đã có tên “{settings.name}”: giữ nguyên (sửa trong Cài đặt → Thông tin cổng)."
            )
        _ensure_sections(report, kind, user)
        _ensure_content_pages(report, settings.name or name, user)
        _ensure_newsroom(report)
        if report.site_created:
            _note_search_index(report)
    return report


def _note_search_index(report: ProvisionReport) -> None:
    """With several portals, a search is narrowed to the portal's home (search.services.documents
    indexes it since portals came); an index built before lacks it for the older articles."""
    from toasoan.search.models import SearchDocument
    from toasoan.search.services.text import SCOPE_PREFIX

    for site in Site.objects.exclude(pk=report.site.pk).select_related("root_page"):
        token = f"{SCOPE_PREFIX}{site.root_page_id}"
        has_token = (
            Q(scope_key=token)
            | Q(scope_key__startswith=f"{token} ")
            | Q(scope_key__endswith=f" {token}")
            | Q(scope_key__contains=f" {token} ")
        )
        lacking = SearchDocument.objects.filter(page__path__startswith=site.root_page.path).exclude(has_token)
        if lacking.exists():
            report.notes.append(
                "Chỉ mục tìm kiếm được lập trước khi có nhiều cổng: hãy chạy "
                "“manage.py rebuild_search_index” một lần để mỗi cổng tìm đúng bài của mình."
            )
            return


def _ensure_site(name: str, hostname: str, port: int, user) -> ProvisionReport:
    site = Site.objects.filter(hostname=hostname, port=port).select_related("root_page").first()
    if site is not None:
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise ProvisionError(
                f"Địa chỉ {site.root_url} đang thuộc một site có trang gốc không phải trang chủ; "
                "hãy chọn địa chỉ khác."
            )
        return ProvisionReport(site=site, home=home)
    root = Page.get_first_root_node()
    home = HomePage(title=name, slug=_free_slug(root, vntext.slugify(name) or "cong"), show_in_menus=False)
    _publish(root, home, user)
    site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=name[:255])
    return ProvisionReport(site=site, home=home, site_created=True)


def _free_slug(parent: Page, slug: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def _publish(parent: Page, page: Page, user) -> Page:
    """As the admin makes a page: created as a draft, then its revision published."""
    page.owner = user
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    return page


def _ensure_sections(report: ProvisionReport, kind: str, user) -> None:
    existing = set(report.home.get_children().values_list("slug", flat=True))
    for title, description in DEFAULT_SECTIONS[kind]:
        slug = vntext.slugify(title)
        if slug in existing:
            continue
        _publish(
            report.home,
            SectionPage(title=title, slug=slug, description=description, show_in_menus=True),
            user,
        )
        report.sections_created.append(title)


def _ensure_content_pages(report: ProvisionReport, name: str, user) -> None:
    children = ContentPage.objects.child_of(report.home)
    roles = set(children.values_list("role", flat=True))
    slugs = set(report.home.get_children().values_list("slug", flat=True))
    for role, title, slug, lead in CONTENT_PAGES:
        if role in roles or slug in slugs:
            continue
        page = ContentPage(title=title, slug=slug, role=role, lead=lead.format(name=name), show_in_menus=True)
        _publish(report.home, page, user)
        report.pages_created.append(title)


def _ensure_newsroom(report: ProvisionReport) -> None:
    setup = newsroom.setup_portal_newsroom(report.home)
    report.groups_created = list(setup.created_groups)
    groups = portal_groups(report.site)
    report.groups = [group.name for group in groups]
    permission = Permission.objects.get(content_type__app_label="sections", codename="change_portalsettings")
    managing = NewsroomGroup.objects.filter(group__in=groups, role__in=SETTINGS_ROLES).values_list(
        "group", flat=True
    )
    for group_id in managing:
        GroupSitePermission.objects.get_or_create(group_id=group_id, site=report.site, permission=permission)
    workflow = report.home.get_workflow()
    report.workflow = workflow.name if workflow is not None else ""


def portal_groups(site: Site) -> list[Group]:
    """The newsroom groups that work on `site`: its paper roles and its sections' desks."""
    home = site.root_page
    sections = list(SectionPage.objects.child_of(home).values_list("pk", flat=True))
    rows = NewsroomGroup.objects.filter(section_id__in=[*sections, home.pk])
    if site.is_default_site:
        rows = rows | NewsroomGroup.objects.filter(section=None)
    return [row.group for row in rows.select_related("group").order_by("group__name")]
