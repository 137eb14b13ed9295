"""`create_portal`: a component portal with its site, pages, groups and workflow, made idempotently."""

from __future__ import annotations

import copy
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from wagtail.models import GroupPagePermission, GroupSitePermission, Page, Site, WorkflowPage

from conftest import new_section, site_home
from toasoan.editorial.models import NewsroomGroup
from toasoan.editorial.services import newsroom
from toasoan.portals.services import provision
from toasoan.sections.models import ContentPage, ContentRole, HomePage, PortalSettings, SectionPage

NAME = "Cổng thông tin điện tử xã Hòa An"
HOST = "xa-hoa-an.localhost"


def _build():
    home = site_home()
    section = new_section(home, "Thời sự")
    newsroom.setup_newsroom()
    report = provision.create_portal(name=NAME, host=HOST, port=8000, kind="xa")
    return {"main": home, "main_section": section, "report": report}


@pytest.fixture(scope="module")
def built_once(module_db) -> dict:
    return module_db(_build)


@pytest.fixture
def built(built_once, db) -> dict:
    return copy.deepcopy(built_once)


def test_the_portal_has_its_site_home_and_settings(built):
    report = built["report"]
    site = Site.objects.get(hostname=HOST, port=8000)
    assert report.site_created and report.site.pk == site.pk
    assert not site.is_default_site and site.site_name == NAME
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.live and home.depth == 2 and home.title == NAME
    assert home.latest_revision is not None  # made as the admin makes pages, with a history
    settings = PortalSettings.objects.get(site=site)
    assert (settings.name, settings.kind) == (NAME, "xa")
    assert report.address == "http://xa-hoa-an.localhost:8000/"


def test_the_portal_has_default_sections_and_the_required_pages(built):
    home = built["report"].home
    sections = list(
        SectionPage.objects.child_of(home).live().order_by("path").values_list("title", flat=True)
    )
    assert sections == [title for title, _ in provision.DEFAULT_SECTIONS["xa"]]
    roles = set(ContentPage.objects.child_of(home).live().values_list("role", flat=True))
    assert roles == {
        ContentRole.INTRODUCTION,
        ContentRole.DUTIES,
        ContentRole.CONTACT,
        ContentRole.PRIVACY,
        ContentRole.ACCESSIBILITY,
    }
    intro = ContentPage.objects.child_of(home).get(role=ContentRole.INTRODUCTION)
    assert NAME in intro.lead


def test_groups_are_the_portals_own_and_named_after_it(built):
    report = built["report"]
    home = report.home
    assert report.groups and all(name.endswith(f" – {NAME}") for name in report.groups)
    assert f"Thư ký tòa soạn – {NAME}" in report.groups
    assert f"Biên tập viên – Tin tức – Sự kiện – {NAME}" in report.groups
    # Its paper roles are marked on its home; the main portal's stay unmarked and unrenamed.
    chief = NewsroomGroup.objects.get(role=newsroom.MANAGING_EDITOR, section=home)
    assert chief.group.name == f"Thư ký tòa soạn – {NAME}"
    assert (
        NewsroomGroup.objects.get(role=newsroom.MANAGING_EDITOR, section=None).group.name == "Thư ký tòa soạn"
    )
    # Every page permission of the portal's groups lies inside the portal.
    permissions = GroupPagePermission.objects.filter(group__name__in=report.groups)
    assert permissions.exists()
    assert all(path.startswith(home.path) for path in permissions.values_list("page__path", flat=True))
    # Its managing editors edit its settings, on its site only.
    site_permissions = GroupSitePermission.objects.filter(group=chief.group)
    assert [(p.site_id, p.permission.codename) for p in site_permissions] == [
        (report.site.pk, "change_portalsettings")
    ]


def test_the_portal_has_its_own_workflow_whose_last_step_only_its_chiefs_take(built):
    report = built["report"]
    workflow = WorkflowPage.objects.get(page=report.home).workflow
    assert workflow.name == f"{newsroom.WORKFLOW_NAME} – {NAME}" == report.workflow
    main_workflow = WorkflowPage.objects.get(page=built["main"]).workflow
    assert main_workflow.name == newsroom.WORKFLOW_NAME
    last = workflow.workflow_tasks.order_by("sort_order").last().task.specific
    assert [group.name for group in last.groups.all()] == [f"Thư ký tòa soạn – {NAME}"]
    main_last = main_workflow.workflow_tasks.order_by("sort_order").last().task.specific
    assert [group.name for group in main_last.groups.all()] == ["Thư ký tòa soạn"]


def test_a_section_added_later_gets_desks_named_after_its_portal(built):
    home = built["report"].home
    section = new_section(home, "Nông thôn mới")
    names = set(NewsroomGroup.objects.filter(section=section).values_list("group__name", flat=True))
    assert names == {f"Phóng viên – Nông thôn mới – {NAME}", f"Biên tập viên – Nông thôn mới – {NAME}"}
    main_section = new_section(built["main"], "Quốc tế")
    names = set(NewsroomGroup.objects.filter(section=main_section).values_list("group__name", flat=True))
    assert names == {"Phóng viên – Quốc tế", "Biên tập viên – Quốc tế"}


def test_running_it_again_changes_nothing(built):
    before = (Page.objects.count(), NewsroomGroup.objects.count(), Site.objects.count())
    again = provision.create_portal(name=NAME, host=HOST.upper(), port="8000", kind="xa")
    assert not again.changed
    assert again.site.pk == built["report"].site.pk
    assert (Page.objects.count(), NewsroomGroup.objects.count(), Site.objects.count()) == before
    assert again.groups == built["report"].groups


def test_running_it_again_completes_what_was_removed(built):
    home = built["report"].home
    ContentPage.objects.child_of(home).get(role=ContentRole.CONTACT).delete()
    again = provision.create_portal(name=NAME, host=HOST, port=8000)
    assert again.pages_created == ["Liên hệ"] and not again.sections_created and not again.site_created


def test_the_command_prints_the_address_and_the_groups(built):
    out = StringIO()
    call_command(
        "create_portal", "--name", "Sở Văn hóa", "--host", "so-van-hoa.localhost", "--kind", "so", stdout=out
    )
    text = out.getvalue()
    assert "Đã tạo cổng “Sở Văn hóa”: http://so-van-hoa.localhost/" in text
    assert "  - Thư ký tòa soạn – Sở Văn hóa" in text
    assert "Quy trình duyệt: Quy trình duyệt tin – Sở Văn hóa" in text
    out = StringIO()
    call_command(
        "create_portal", "--name", "Sở Văn hóa", "--host", "so-van-hoa.localhost", "--kind", "so", stdout=out
    )
    assert "đã đủ, không có gì để làm" in out.getvalue()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"host": "xã hòa an"}, "Tên miền"),
        ({"host": "bad_host.localhost"}, "Tên miền"),
        ({"port": "80a"}, "Cổng “80a” không hợp lệ"),
        ({"port": "0"}, "không hợp lệ"),
        ({"kind": "huyen"}, "Loại cổng “huyen” không có"),
        ({"name": "   "}, "Hãy nhập tên cổng"),
    ],
    ids=["diacritics", "underscore", "port-letters", "port-zero", "kind", "empty-name"],
)
def test_bad_input_is_refused_in_vietnamese_and_makes_nothing(built, options, message):
    arguments = {"name": "Xã Mới", "host": "xa-moi.localhost", "port": "80", "kind": "xa", **options}
    pages = Page.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command(
            "create_portal",
            *[part for key, value in arguments.items() for part in (f"--{key}", value)],
            stdout=StringIO(),
        )
    assert Page.objects.count() == pages and not Site.objects.filter(hostname="xa-moi.localhost").exists()


def test_a_second_home_without_a_site_is_refused(built):
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root)
    assert not HomePage.can_create_at(built["main_section"])  # a home only at the top of the tree
    root.add_child(instance=HomePage(title="Chưa gắn site", slug="chua-gan-site"))
    with pytest.raises(ValidationError, match="chưa gắn với cổng nào"):
        HomePage(title="Thêm nữa", slug="them-nua").full_clean()
