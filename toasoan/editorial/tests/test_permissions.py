"""The permissions matrix: each role, in its own section and in another one."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from wagtail.models import Task, Workflow

from toasoan.accounts.testing import login_verified
from toasoan.editorial.models import NewsroomGroup, SectionApprovalTask
from toasoan.editorial.services import newsroom as setup

ROLES = ["reporter", "editor", "managing_editor", "sports_reporter", "sports_editor", "moderator"]

# role -> section -> (add, edit someone else's article, publish, lock)
MATRIX = {
    "reporter": {"thoi_su": (True, False, False, True), "the_thao": (False, False, False, False)},
    "editor": {"thoi_su": (True, True, False, True), "the_thao": (False, False, False, False)},
    "sports_reporter": {"thoi_su": (False, False, False, False), "the_thao": (True, False, False, True)},
    "sports_editor": {"thoi_su": (False, False, False, False), "the_thao": (True, True, False, True)},
    "managing_editor": {"thoi_su": (True, True, True, True), "the_thao": (True, True, True, True)},
    "moderator": {"thoi_su": (False, False, False, False), "the_thao": (False, False, False, False)},
}
CASES = [
    (role, section, *rights) for role, sections in MATRIX.items() for section, rights in sections.items()
]


@pytest.mark.parametrize(
    ("role", "section", "can_add", "can_edit", "can_publish", "can_lock"),
    CASES,
    ids=[f"{role}-{section}" for role, section, *_ in CASES],
)
def test_permissions_matrix(newsroom, make_article, role, section, can_add, can_edit, can_publish, can_lock):
    user = newsroom.user(role)
    section_page = getattr(newsroom, section)
    article = make_article(section_page, "Bài của người khác")  # owned by nobody on the staff

    on_section = section_page.permissions_for_user(user)
    on_article = article.permissions_for_user(user)
    assert on_section.can_add_subpage() is can_add
    assert on_article.can_edit() is can_edit
    assert on_article.can_publish() is can_publish
    assert on_section.can_publish_subpage() is can_publish
    assert on_article.can_lock() is can_lock


@pytest.mark.parametrize("role", ["reporter", "sports_reporter"], ids=["thoi-su", "the-thao"])
def test_reporter_edits_own_draft_but_cannot_publish_it(newsroom, make_article, role):
    user = newsroom.user(role)
    section = newsroom.thoi_su if role == "reporter" else newsroom.the_thao
    article = make_article(section, "Bài của tôi", owner=user)
    perms = article.permissions_for_user(user)
    assert perms.can_edit()
    assert not perms.can_publish()
    assert not perms.can_unpublish()


@pytest.mark.parametrize("role", ROLES, ids=ROLES)
def test_every_staff_member_reaches_the_admin(newsroom, client, role):
    user = newsroom.user(role)
    assert user.has_perm("wagtailadmin.access_admin")
    login_verified(client, user)
    assert client.get("/admin/").status_code == 200


def test_reporter_of_one_section_cannot_open_the_editor_of_another(newsroom, make_article, client):
    article = make_article(newsroom.the_thao, "Tin thể thao")
    login_verified(client, newsroom.reporter)
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code in {302, 403}
    assert client.get(f"/admin/pages/add/articles/articlepage/{newsroom.the_thao.pk}/").status_code in {
        302,
        403,
    }
    assert client.get(f"/admin/pages/add/articles/articlepage/{newsroom.thoi_su.pk}/").status_code == 200


def test_install_configures_the_workflow_on_the_home_page(newsroom):
    workflow = newsroom.home.get_workflow()
    assert workflow.name == "Quy trình duyệt tin"
    tasks = [task.specific for task in workflow.tasks]
    assert [task.name for task in tasks] == ["Biên tập viên duyệt", "Thư ký tòa soạn duyệt và xuất bản"]
    assert isinstance(tasks[0], SectionApprovalTask)
    editor_groups = {
        setup.group_for(setup.EDITOR, newsroom.thoi_su),
        setup.group_for(setup.EDITOR, newsroom.the_thao),
    }
    assert editor_groups <= set(tasks[0].groups.all())
    assert list(tasks[1].groups.all()) == [setup.group_for(setup.MANAGING_EDITOR)]
    # Articles of both sections follow it.
    assert newsroom.thoi_su.get_workflow() == workflow


def test_new_section_gets_its_desks(newsroom, make_section):
    kinh_te = make_section("Kinh tế")
    roles = set(NewsroomGroup.objects.filter(section=kinh_te).values_list("role", "group__name"))
    assert roles == {("reporter", "Phóng viên – Kinh tế"), ("editor", "Biên tập viên – Kinh tế")}
    task = SectionApprovalTask.objects.get()
    assert setup.group_for(setup.EDITOR, kinh_te) in task.groups.all()


def test_subsections_get_no_desks_of_their_own(newsroom, make_section):
    before = NewsroomGroup.objects.count()
    make_section("Bóng đá", parent=newsroom.the_thao)
    assert NewsroomGroup.objects.count() == before


def test_setup_newsroom_is_idempotent(newsroom, capsys):
    counts = (NewsroomGroup.objects.count(), Workflow.objects.count(), Task.objects.count())
    call_command("setup_newsroom")
    call_command("setup_newsroom")
    assert (NewsroomGroup.objects.count(), Workflow.objects.count(), Task.objects.count()) == counts
    assert "Nhóm mới: không có" in capsys.readouterr().out


def test_setup_keeps_renamed_groups_and_extra_permissions(newsroom):
    from django.contrib.auth.models import Permission

    group = setup.group_for(setup.REPORTER, newsroom.thoi_su)
    group.name = "PV Thời sự"
    group.save()
    extra = Permission.objects.get(codename="add_agency")
    group.permissions.add(extra)
    setup.setup_newsroom()
    group.refresh_from_db()
    assert group.name == "PV Thời sự"
    assert extra in group.permissions.all()
    assert setup.group_for(setup.REPORTER, newsroom.thoi_su) == group
