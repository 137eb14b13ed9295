"""Each portal's managing editor keeps their portal's link groups, and only theirs: another
portal's group, and the groups of every portal, are not theirs to see or change."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Site

from conftest import portals_built_once, site_home
from toasoan.editorial.models import NewsroomGroup
from toasoan.editorial.services import newsroom
from toasoan.links.models import Link, LinkGroup
from toasoan.portals.services.provision import create_portal

from .forms import group_form

pytestmark = pytest.mark.django_db

HOA_AN = "xa-hoa-an.localhost"
VAN_HOA = "so-van-hoa.localhost"


def form(title: str, site: Site | None) -> dict[str, str]:
    return group_form(title, site=site, url="https://dichvucong.example.vn", link_title="Dịch vụ công của xã")


def build_province() -> dict:
    site_home()
    newsroom.setup_newsroom()
    sites = {
        "main": Site.objects.get(is_default_site=True),
        HOA_AN: create_portal(name="UBND xã Hòa An", host=HOA_AN).site,
        VAN_HOA: create_portal(name="Sở Văn hóa", host=VAN_HOA, kind="so").site,
    }
    groups = {
        "every": LinkGroup.objects.create(title="Cổng Dịch vụ công quốc gia", site=None),
        "main": LinkGroup.objects.create(title="Các sở, ngành của tỉnh", site=sites["main"]),
        HOA_AN: LinkGroup.objects.create(title="Thôn, ấp của xã Hòa An", site=sites[HOA_AN]),
        VAN_HOA: LinkGroup.objects.create(title="Di tích của tỉnh", site=sites[VAN_HOA]),
    }
    return {"sites": sites, "groups": groups}


built_province, province = portals_built_once(build_province)


@pytest.fixture
def chief(province, django_user_model, client, otp_login):
    home = province["sites"][HOA_AN].root_page
    row = NewsroomGroup.objects.select_related("group").get(role=newsroom.MANAGING_EDITOR, section=home)
    user = django_user_model.objects.create_user("tk-hoa-an", password="mat-khau-tk")
    user.groups.add(row.group)
    otp_login(client, user)
    return user


def url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_links_linkgroup:{name}", args=args)


def test_a_portals_managing_editor_lists_and_edits_only_their_portals_groups(client, province, chief):
    groups = province["groups"]
    html = client.get(url("list")).content.decode()
    assert groups[HOA_AN].title in html
    assert not any(groups[key].title in html for key in ("every", "main", VAN_HOA))
    assert client.get(url("edit", groups[HOA_AN].pk)).status_code == 200
    for key in ("every", "main", VAN_HOA):
        group = groups[key]
        for view in ("edit", "delete", "usage", "history"):
            assert client.get(url(view, group.pk)).status_code == 404, (key, view)
        # Wagtail's copy view asks the policy itself, and answers a refusal by leaving for the dashboard.
        response = client.get(url("copy", group.pk))
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        edited = client.post(url("edit", group.pk), form("Bị sửa", province["sites"][HOA_AN]))
        assert edited.status_code == 404
        assert client.post(url("delete", group.pk)).status_code == 404
    assert set(LinkGroup.objects.values_list("title", flat=True)) == {g.title for g in groups.values()}

    response = client.post(url("edit", groups[HOA_AN].pk), form("Thôn, ấp", province["sites"][HOA_AN]))
    assert response.status_code == 302
    assert LinkGroup.objects.get(pk=groups[HOA_AN].pk).title == "Thôn, ấp"


def test_a_portals_managing_editor_adds_groups_to_their_portal_only(client, province, chief):
    sites = province["sites"]
    html = client.get(url("add")).content.decode()
    assert "UBND xã Hòa An" in html or HOA_AN in html
    assert VAN_HOA not in html
    before = LinkGroup.objects.count()
    for site in (None, sites["main"], sites[VAN_HOA]):
        response = client.post(url("add"), form("Nhóm lạ", site))
        assert response.status_code == 200, site  # the form again, with the field's error
    assert LinkGroup.objects.count() == before
    assert client.post(url("add"), form("Trường học của xã", sites[HOA_AN])).status_code == 302
    made = LinkGroup.objects.get(title="Trường học của xã")
    assert made.site_id == sites[HOA_AN].pk
    assert Link.objects.get(group=made).url == "https://dichvucong.example.vn"


def test_an_administrator_keeps_every_group_and_the_groups_of_every_portal(
    client, province, django_user_model, otp_login
):
    otp_login(client, django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau"))
    html = client.get(url("list")).content.decode()
    assert all(group.title in html for group in province["groups"].values())
    assert client.get(url("edit", province["groups"][VAN_HOA].pk)).status_code == 200
    assert client.post(url("add"), form("Bộ, ngành trung ương", None)).status_code == 302
    assert LinkGroup.objects.get(title="Bộ, ngành trung ương").site_id is None


def test_the_policy_reads_the_staff_members_portals_once_a_request(
    province, chief, django_assert_num_queries
):
    from toasoan.links.admin_views import POLICY

    groups = list(LinkGroup.objects.all())
    POLICY.user_has_permission_for_instance(chief, "change", groups[0])
    with django_assert_num_queries(0):
        allowed = [POLICY.user_has_permission_for_instance(chief, "change", group) for group in groups]
    assert allowed == [group.site_id == province["sites"][HOA_AN].pk for group in groups]
