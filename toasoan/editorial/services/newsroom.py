"""Groups, permissions and the review workflow of a Vietnamese newsroom, set up idempotently.

    Phóng viên – <chuyên mục>   writes in its section: add (edits its own drafts), lock; never publishes
    Biên tập viên – <chuyên mục> edits any article of its section and approves step 1 for it
    Thư ký tòa soạn              edits and publishes everywhere, approves step 2 (the managing
                                 editor; a tổng biên tập is put in this group too)
    Kiểm duyệt bình luận         moderates readers' comments (when the comments app is installed)

Workflow "Quy trình duyệt tin" on the home page: "Biên tập viên duyệt" (a `SectionApprovalTask`
over every section's editors' group) then "Thư ký tòa soạn duyệt và xuất bản" (a
`GroupApprovalTask`); approving the last step publishes, or schedules when a go-live time is set.

Every function takes an app registry so the data migration can run it with historical models;
it only ever adds what is missing and never removes a permission an administrator granted.

A province's install serves component portals too (docs/portals.md): each has the same desks
on its own home and sections, named with the portal's name ("Phóng viên – Tin tức – Xã Hòa
An"), its paper roles marked on its home page (`NewsroomGroup.section`), and its own workflow
whose last step only its managing editors take. The main portal (the default Site) keeps the
names and rows it always had.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps as global_apps

REPORTER = "reporter"
EDITOR = "editor"
MANAGING_EDITOR = "managing_editor"
MODERATOR = "moderator"

SECTION_ROLES = (REPORTER, EDITOR)
SECTION_GROUP_NAMES = {REPORTER: "Phóng viên – {section}", EDITOR: "Biên tập viên – {section}"}
PAPER_GROUP_NAMES = {MANAGING_EDITOR: "Thư ký tòa soạn", MODERATOR: "Kiểm duyệt bình luận"}

WORKFLOW_NAME = "Quy trình duyệt tin"
EDITOR_TASK_NAME = "Biên tập viên duyệt"
MANAGING_EDITOR_TASK_NAME = "Thư ký tòa soạn duyệt và xuất bản"

#: Page permissions (Wagtail's `GroupPagePermission`), on the section or, for paper roles, the home page.
PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    REPORTER: ("add", "lock"),
    EDITOR: ("add", "change", "lock", "unlock"),
    MANAGING_EDITOR: ("add", "change", "publish", "lock", "unlock", "bulk_delete"),
    MODERATOR: (),
}

#: Image and document permissions on the root collection (`GroupCollectionPermission`).
COLLECTION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    REPORTER: ("add", "choose"),
    EDITOR: ("add", "change", "choose"),
    MANAGING_EDITOR: ("add", "change", "delete", "choose"),
    MODERATOR: (),
}

#: Model permissions ("app_label.codename"); those of apps not installed are skipped.
MODEL_PERMISSIONS: dict[str, tuple[str, ...]] = {
    REPORTER: (
        "wagtailadmin.access_admin",
        "articles.view_agency",
        "articles.view_author",
        "editorial.view_storythread",
    ),
    EDITOR: (
        "wagtailadmin.access_admin",
        "articles.add_agency",
        "articles.change_agency",
        "articles.view_agency",
        "articles.add_author",
        "articles.change_author",
        "articles.view_author",
        "editorial.add_storythread",
        "editorial.change_storythread",
        "editorial.view_storythread",
    ),
    MANAGING_EDITOR: (
        "wagtailadmin.access_admin",
        "articles.add_agency",
        "articles.change_agency",
        "articles.delete_agency",
        "articles.view_agency",
        "articles.add_author",
        "articles.change_author",
        "articles.delete_author",
        "articles.view_author",
        "editorial.add_storythread",
        "editorial.change_storythread",
        "editorial.delete_storythread",
        "editorial.view_storythread",
        "simple_translation.submit_translation",  # "Dịch": the English pages (docs/english.md)
        # The portal's own link groups (links.admin_views keeps them to their portal's groups).
        "links.add_linkgroup",
        "links.change_linkgroup",
        "links.delete_linkgroup",
        "links.view_linkgroup",
        *(
            "comments.view_comment",
            "comments.change_comment",
            "comments.manage_personal_data",
            "comments.add_blockedterm",
            "comments.change_blockedterm",
            "comments.delete_blockedterm",
            "comments.view_blockedterm",
        ),
    ),
    MODERATOR: (
        "wagtailadmin.access_admin",
        "comments.view_comment",
        "comments.change_comment",
        "comments.add_blockedterm",
        "comments.change_blockedterm",
        "comments.delete_blockedterm",
        "comments.view_blockedterm",
    ),
}


@dataclass
class SetupReport:
    created_groups: list[str] = field(default_factory=list)
    sections: int = 0
    workflow_created: bool = False
    workflow_assigned: bool = False

    def summary(self) -> str:
        groups = ", ".join(self.created_groups) or "không có"
        return (
            f"Nhóm mới: {groups}. Chuyên mục: {self.sections}. "
            f"Quy trình: {'mới tạo' if self.workflow_created else 'đã có'}"
            f"{', đã gán cho trang chủ' if self.workflow_assigned else ''}."
        )


def setup_newsroom(apps=global_apps) -> SetupReport:
    """Create (or complete) the newsroom groups of every top-level section and the review workflow,
    for the main portal and then for every component portal."""
    report = SetupReport()
    home = home_page(apps)
    if home is None:
        return report
    for role in PAPER_GROUP_NAMES:
        _ensure_group(apps, role, None, home, report)
    for section in top_sections(apps, home):
        ensure_section_groups(section, apps=apps, report=report)
        report.sections += 1
    _ensure_workflow(apps, home, report)
    Site = apps.get_model("wagtailcore", "Site")
    for site in Site.objects.filter(is_default_site=False).select_related("root_page").order_by("pk"):
        if site.root_page.depth == home.depth:
            setup_portal_newsroom(site.root_page, apps=apps, report=report)
    return report


def setup_portal_newsroom(home, *, apps=global_apps, report: SetupReport | None = None) -> SetupReport:
    """The desks and the workflow of one portal, given its home page (the main portal's too)."""
    report = report or SetupReport()
    main = home_page(apps)
    marker = None if main is not None and main.pk == home.pk else home
    for role in PAPER_GROUP_NAMES:
        _ensure_group(apps, role, marker, home, report)
    for section in top_sections(apps, home):
        ensure_section_groups(section, apps=apps, report=report)
        report.sections += 1
    if marker is None:
        _ensure_workflow(apps, home, report)
    else:
        _ensure_workflow(apps, home, report, label=portal_label(home, apps))
    return report


def home_page(apps=global_apps):
    Site = apps.get_model("wagtailcore", "Site")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None


def portal_home(page, apps=global_apps):
    """The home page of the portal `page` is in (a Site's root at the top of the tree), or None."""
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    steplen = 4  # treebeard's, as Wagtail configures it
    if page.depth < 2:
        return None
    # A Site's own root: the English home next to it (its translation) is no portal of its own.
    roots = Site.objects.values("root_page_id")
    return Page.objects.filter(path=page.path[: 2 * steplen], pk__in=roots).first()


def portal_label(home, apps=global_apps) -> str:
    """What a component portal's groups and workflow are named after: its Site's name, else its
    home page's title; empty for the main portal (its names stay as they were)."""
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    main = home_page(apps)
    if home is None or (main is not None and main.translation_key == home.translation_key):
        return ""
    original = Page.objects.filter(
        translation_key=home.translation_key, pk__in=Site.objects.values("root_page_id")
    )
    site = Site.objects.filter(root_page__in=original).first()
    return (site.site_name if site is not None and site.site_name else home.title).strip()


def _named(template: str, label: str) -> str:
    name = f"{template} – {label}" if label else template
    return name[:150]


def top_sections(apps, home) -> list:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    section_type = ContentType.objects.filter(app_label="sections", model="sectionpage").first()
    if section_type is None:
        return []
    return list(
        Page.objects.filter(
            content_type=section_type, depth=home.depth + 1, path__startswith=home.path
        ).order_by("path")
    )


def ensure_section_groups(section, *, apps=global_apps, report: SetupReport | None = None) -> list:
    """The reporters' and editors' groups of one top-level section; new editors join the review step."""
    report = report or SetupReport()
    label = portal_label(portal_home(section, apps), apps)
    groups = [_ensure_group(apps, role, section, section, report, label=label) for role in SECTION_ROLES]
    editors = groups[SECTION_ROLES.index(EDITOR)]
    SectionApprovalTask = apps.get_model("editorial", "SectionApprovalTask")
    for task in SectionApprovalTask.objects.filter(active=True):
        task.groups.add(editors)
    return groups


def group_for(role: str, section=None, *, apps=global_apps):
    NewsroomGroup = apps.get_model("editorial", "NewsroomGroup")
    row = NewsroomGroup.objects.filter(role=role, section=section).select_related("group").first()
    return row.group if row else None


def _ensure_group(apps, role: str, section, permission_root, report: SetupReport, label: str | None = None):
    """`section`: the section of a desk, the home page of a component portal's paper role, None
    for the main portal's paper role."""
    Group = apps.get_model("auth", "Group")
    NewsroomGroup = apps.get_model("editorial", "NewsroomGroup")
    row = NewsroomGroup.objects.filter(role=role, section=section).select_related("group").first()
    if row is None:
        if label is None:
            label = portal_label(section, apps) if section is not None and role in PAPER_GROUP_NAMES else ""
        name = _named(
            SECTION_GROUP_NAMES[role].format(section=section.title)
            if role in SECTION_GROUP_NAMES
            else PAPER_GROUP_NAMES[role],
            label,
        )
        group, created = Group.objects.get_or_create(name=name[:150])
        NewsroomGroup.objects.create(group=group, role=role, section=section)
        if created:
            report.created_groups.append(group.name)
    else:
        group = row.group
    for version in _versions(apps, permission_root):
        _grant(apps, group, role, version)
    return group


def _versions(apps, page) -> list:
    """The page and its other language versions (docs/english.md): a desk works on all of them."""
    Page = apps.get_model("wagtailcore", "Page")
    key = getattr(page, "translation_key", None)
    if key is None:
        return [page]
    return [page, *Page.objects.filter(translation_key=key).exclude(pk=page.pk).order_by("path")]


def grant_on_translation(page, *, apps=global_apps) -> int:
    """A new language version of the home page or of a top-level section: the groups that work on
    the original get the same rights on it. Returns how many groups were given them."""
    NewsroomGroup = apps.get_model("editorial", "NewsroomGroup")
    Page = apps.get_model("wagtailcore", "Page")
    others = set(
        Page.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .values_list("pk", flat=True)
    )
    if not others:
        return 0
    home = home_page(apps)
    rows = NewsroomGroup.objects.select_related("group")
    rows = (
        rows.filter(section=None)
        if home is not None and home.pk in others
        else rows.filter(section_id__in=others)  # a section's desks, or a component portal's paper roles
    )
    granted = 0
    for row in rows:
        _grant(apps, row.group, row.role, page)
        granted += 1
    return granted


def _grant(apps, group, role: str, page) -> None:
    """Adds what the role lacks in a few queries whatever the number of permissions: a portal's
    provisioning grants about twenty groups (docs/portals.md, `create_portal` in under 2 s)."""
    from django.db.models import Q

    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")

    wanted = Q()
    for name in MODEL_PERMISSIONS[role]:
        app_label, codename = name.split(".", 1)
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    page_codenames = [f"{action}_page" for action in PAGE_PERMISSIONS[role]]
    if page_codenames:
        wanted |= Q(
            content_type__app_label="wagtailcore", content_type__model="page", codename__in=page_codenames
        )
    collection_codenames = {
        f"{action}_{model}": app_label
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in COLLECTION_PERMISSIONS[role]
    }
    for codename, app_label in collection_codenames.items():
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    if not wanted:
        return
    found = list(Permission.objects.filter(wanted).select_related("content_type"))
    model_permissions = [
        permission
        for permission in found
        if f"{permission.content_type.app_label}.{permission.codename}" in MODEL_PERMISSIONS[role]
    ]
    if model_permissions:
        group.permissions.add(*model_permissions)

    on_page = [
        permission
        for permission in found
        if permission.content_type.app_label == "wagtailcore" and permission.codename in page_codenames
    ]
    if on_page:
        held = set(
            GroupPagePermission.objects.filter(group=group, page_id=page.pk).values_list(
                "permission_id", flat=True
            )
        )
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page_id=page.pk, permission=permission)
            for permission in on_page
            if permission.pk not in held
        )

    on_collection = [
        permission
        for permission in found
        if collection_codenames.get(permission.codename) == permission.content_type.app_label
    ]
    if not on_collection:
        return
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is None:
        return
    held = set(
        GroupCollectionPermission.objects.filter(group=group, collection=root_collection).values_list(
            "permission_id", flat=True
        )
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection=root_collection, permission=permission)
        for permission in on_collection
        if permission.pk not in held
    )


def _ensure_task(apps, model_label: str, name: str, groups=()):
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, model_name = model_label.split(".")
    model = apps.get_model(app_label, model_name)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name.lower())
    task = model.objects.filter(name=name).first()
    if task is None:
        task = model.objects.create(name=name, content_type=content_type, active=True)
    return task


def _ensure_workflow(apps, home, report: SetupReport, label: str = "") -> None:
    """The review workflow on `home`. The editors' step is one task for every portal (it lets an
    editor act only where their group edits); the last step is the portal's own, since Wagtail's
    group task lets its members approve any page that reaches it."""
    NewsroomGroup = apps.get_model("editorial", "NewsroomGroup")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    editor_task = _ensure_task(apps, "editorial.SectionApprovalTask", EDITOR_TASK_NAME)
    editor_groups = [row.group for row in NewsroomGroup.objects.filter(role=EDITOR).select_related("group")]
    if editor_groups:
        editor_task.groups.add(*editor_groups)
    chief_task = _ensure_task(
        apps, "wagtailcore.GroupApprovalTask", _named(MANAGING_EDITOR_TASK_NAME, label)[:255]
    )
    managing_editors = NewsroomGroup.objects.filter(
        role=MANAGING_EDITOR, section=home if label else None
    ).first()
    if managing_editors is not None:
        chief_task.groups.add(managing_editors.group_id)

    workflow_name = _named(WORKFLOW_NAME, label)[:255]
    workflow = Workflow.objects.filter(name=workflow_name).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=workflow_name, active=True)
        report.workflow_created = True
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        WorkflowTask.objects.create(workflow=workflow, task=editor_task, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=chief_task, sort_order=1)
    # An administrator's own choice of workflow for the home page is kept.
    if not WorkflowPage.objects.filter(page_id=home.pk).exists():
        WorkflowPage.objects.create(page_id=home.pk, workflow=workflow)
        report.workflow_assigned = True
