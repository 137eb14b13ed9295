"""NukeViet's organs module (Cơ cấu tổ chức, from NukeViet eGovernment) → the organisation
(`toasoan.organisation`).

Each ``<prefix>_vi_organs_rows`` row becomes a `UnitPage` in the page tree under the site's
`OrganisationPage` (created when there is none), nested as ``parentid`` says; a unit whose parent
is gone is put at the top with a warning.  Its people (``organs_person``) become the unit's
`Person` inline, in their NukeViet order, published with it through one revision.

What a person brings: name, position (``position_other`` as an assigned duty), office phone with
its extension, official e-mail, photo (``uploads/organs/…`` → a Wagtail image).  What stays
behind, on purpose: mobile numbers, home address, birthday, birthplace, party and marital data,
political and professional grades — personal data (Decree 13/2023/NĐ-CP) a public directory has
no purpose for.  A person marked inactive has left and is skipped.  A unit marked inactive
becomes an unpublished page, so do the units under it.
"""

from __future__ import annotations

import hashlib
import io
import re
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.html import escape

from toasoan import vntext

from . import indexes, oldurls, values
from .ledger import SKIPPED, Ledger, digest
from .report import ModuleReport

if TYPE_CHECKING:
    from .context import RunContext

MODULE = "organs"
TITLE = "Cơ cấu tổ chức"
APP = "toasoan.organisation"
RICH_TEXT_FEATURES = ("bold", "italic", "ol", "ul", "link")
#: Positions that lead a unit (folded): they are shown on the chart.
LEADER_WORDS = re.compile(
    r"^(pho )?(chu tich|truong|giam doc|chanh|bi thu|thu truong|cuc truong|vu truong|vien truong)\b"
)
_EMAIL_SPLIT = re.compile(r"[\s,;]+")


def _email(text: object) -> str:
    for part in _EMAIL_SPLIT.split(values.as_text(text)):
        try:
            validate_email(part)
        except ValidationError:
            pass  # the next part may be the address
        else:
            return part[:254]
    return ""


def _phone(text: object, report: ModuleReport, key: str, label: str) -> tuple[str, str]:
    """(the phone field, a note for the text): a number no check accepts cannot be stored in the
    field (the page's validation refuses it), so it goes into the text as it was written."""
    from toasoan.organisation.services import contacts

    raw = values.line(text, 40)
    if not raw:
        return "", ""
    try:
        contacts.normalize_office_phone(raw)
    except contacts.InvalidPhone:
        report.add("warnings", key, label, f"số điện thoại “{raw}” không hợp lệ: ghi vào phần mô tả")
        return "", f"Điện thoại: {raw}"
    return raw, ""


def _kind(row: dict, has_children: bool) -> str:
    from toasoan.organisation.models import UnitKind

    folded = vntext.fold(values.line(row.get("title")))
    if "lanh dao" in folded or "thuong truc" in folded:
        return UnitKind.LEADERSHIP
    if values.number(row.get("parentid")) == 0 and has_children and folded.startswith("khoi"):
        return UnitKind.BLOCK
    return UnitKind.DEPARTMENT


def _photo(ctx: RunContext, module: oldurls.Module, name: str) -> values.UploadedFile:
    from PIL import Image, UnidentifiedImageError

    upload = values.read_upload(ctx.uploads, module.upload, name)
    try:
        with Image.open(io.BytesIO(upload.data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise values.MissingFile(f"tệp ảnh uploads/{module.upload}/{name} không đọc được") from None
    return upload


def import_organs(ctx: RunContext) -> ModuleReport:
    if not apps.is_installed(APP):
        return ModuleReport.not_run(
            MODULE, TITLE, "ứng dụng Cơ cấu tổ chức (toasoan.organisation) chưa được cài trên trang này"
        )
    module = oldurls.find_module(ctx.dump, "organs", "rows", ctx.lang)
    if module is None:
        return ModuleReport.absent(MODULE, TITLE)
    return _Import(ctx, module).run()


class _Import:
    def __init__(self, ctx: RunContext, module: oldurls.Module) -> None:
        self.ctx = ctx
        self.module = module
        self.report = ModuleReport(MODULE, module.title or TITLE)
        #: People are reported on their own line, after the units (`ctx.reports`).
        self.people_report = ModuleReport(f"{MODULE}_person", "Cơ cấu tổ chức: cán bộ")
        ctx.reports.append(self.people_report)
        self.units = Ledger(ctx.source, MODULE)
        self.persons = Ledger(ctx.source, f"{MODULE}_person")
        self.rows = {
            values.number(row.get("organid")): row for row in ctx.dump.rows(module.table("rows"), ctx.lang)
        }
        self.people: dict[int, list[dict]] = {}
        for person in ctx.dump.rows(module.table("person"), ctx.lang):
            self.people.setdefault(values.number(person.get("organid")), []).append(person)
        for group in self.people.values():
            group.sort(key=lambda p: (values.number(p.get("weight")), values.number(p.get("personid"))))
        self.pages: dict[int, tuple[int, bool]] = {}  # organid → (page id, live)

    def run(self) -> ModuleReport:
        from toasoan.organisation.models import OrganisationPage

        self.index = indexes.find_or_create(
            self.ctx,
            OrganisationPage,
            title=self.module.title or TITLE,
            slug="co-cau-to-chuc",
            agency_name=self._agency_name(),
        )
        ordered = self._ordered()
        for done, organ_id in enumerate(ordered, start=1):
            self.ctx.tick(MODULE, done, len(ordered))
            self._unit(organ_id)
        for organ_id, group in sorted(self.people.items()):
            if organ_id not in self.rows:
                for person in group:
                    self._skip_person(person, f"đơn vị #{organ_id} không có trong bản sao")
        indexes.record_home(self.ctx, self.module, MODULE, self.index)
        return self.report

    def _agency_name(self) -> str:
        site_name = ""
        if self.ctx.dump.has("config", None):
            for row in self.ctx.dump.global_rows("config"):
                if values.as_text(row.get("config_name")) == "site_name" and values.as_text(
                    row.get("lang")
                ) in (
                    self.ctx.lang,
                    "sys",
                ):
                    site_name = values.line(row.get("config_value"), 200)
        roots = [row for row in self.rows.values() if values.number(row.get("parentid")) == 0]
        return site_name or (values.line(roots[0].get("title"), 200) if len(roots) == 1 else "") or "Cơ quan"

    def _ordered(self) -> list[int]:
        """Parents before children, each level in NukeViet's order; orphans and cycles at the top."""
        children: dict[int, list[int]] = {}
        for organ_id, row in self.rows.items():
            parent = values.number(row.get("parentid"))
            if parent not in self.rows or parent == organ_id:
                parent = 0
            children.setdefault(parent, []).append(organ_id)
        order: list[int] = []
        seen: set[int] = set()

        def walk(parent: int) -> None:
            for organ_id in sorted(children.get(parent, []), key=self._position):
                if organ_id not in seen:
                    seen.add(organ_id)
                    order.append(organ_id)
                    walk(organ_id)

        walk(0)
        for organ_id in sorted(set(self.rows) - seen, key=self._position):  # a cycle of parents
            seen.add(organ_id)
            order.append(organ_id)
            walk(organ_id)
        return order

    def _position(self, organ_id: int) -> tuple[int, int, int]:
        row = self.rows[organ_id]
        return (values.number(row.get("orders")), values.number(row.get("weight")), organ_id)

    def _people(self, organ_id: int) -> list[dict[str, Any]]:
        kept = []
        for person in self.people.get(organ_id, []):
            person_id = values.number(person.get("personid"))
            name = values.line(person.get("name"), 120)
            if values.number(person.get("active")) != 1:
                self._skip_person(person, "không còn hoạt động (active=0): không nhập")
                continue
            if not name:
                self._skip_person(person, "không có họ tên")
                continue
            key = str(person_id)
            position = values.line(person.get("position"), 160)
            duties = [values.line(person.get("position_other"))]
            phone, phone_note = _phone(person.get("phone"), self.people_report, key, name)
            ext = values.line(person.get("phone_ext"), 20)
            if ext:
                duties.append(f"Số máy lẻ: {ext}")
            photo = values.as_text(person.get("photo")).strip()
            photo_file = None
            if photo:
                try:
                    photo_file = _photo(self.ctx, self.module, photo)
                except values.MissingFile as missing:
                    self.people_report.add("warnings", key, name, str(missing))
            kept.append(
                {
                    "id": person_id,
                    "name": name,
                    "position": position,
                    "is_leader": bool(LEADER_WORDS.match(vntext.fold(position))),
                    "phone": phone,
                    "email": _email(person.get("email")),
                    "duties": "\n".join(d for d in [*duties, phone_note] if d),
                    "photo": photo_file,
                }
            )
        return kept

    def _skip_person(self, person: dict, reason: str) -> None:
        person_id = values.number(person.get("personid"))
        self.people_report.add("skipped", person_id, values.line(person.get("name")), reason)
        if not self.ctx.dry_run:
            self.persons.save(
                person_id, content_hash="", old_urls=self._person_urls(person), status=SKIPPED, reason=reason
            )

    def _person_urls(self, person: dict) -> list[str]:
        organ_id = values.number(person.get("organid"))
        organ = self.rows.get(organ_id)
        alias = values.line(organ.get("alias")) if organ else ""
        name = oldurls.change_alias(values.line(person.get("name")))
        op = f"person/{alias}-{organ_id}/{name}-{values.number(person.get('personid'))}"
        return oldurls.forms(self.ctx.lang, self.module.name, op)

    def _unit(self, organ_id: int) -> None:
        row = self.rows[organ_id]
        title = values.line(row.get("title"), 255)
        parent_id = values.number(row.get("parentid"))
        if parent_id and parent_id not in self.rows:
            self.report.add(
                "warnings", organ_id, title, f"đơn vị cha #{parent_id} không còn: đặt ở cấp cao nhất"
            )
        parent_page, parent_live = self.pages.get(parent_id, (self.index.pk if self.index else None, True))
        live = values.number(row.get("active")) == 1 and parent_live
        if values.number(row.get("active")) != 1:
            self.report.add(
                "warnings", organ_id, title, "đang ẩn trên NukeViet (active=0): trang chưa xuất bản"
            )
        has_children = any(values.number(r.get("parentid")) == organ_id for r in self.rows.values())
        people = self._people(organ_id)
        phone, phone_note = _phone(row.get("phone"), self.report, str(organ_id), title)
        functions = values.rich_text(row.get("description"), RICH_TEXT_FEATURES)
        extension = values.line(row.get("phone_ext"), 12)
        notes = [phone_note, f"Số máy lẻ: {extension}" if extension else ""]
        functions += "".join(f"<p>{escape(note)}</p>" for note in notes if note)
        fields = {
            "title": title,
            "kind": _kind(row, has_children),
            "functions": functions,
            "address": values.line(row.get("address"), 255),
            "phone": phone,
            "email": _email(row.get("email")),
        }
        people_hash = [{**p, "photo": p["photo"].digest if p["photo"] else ""} for p in people]
        content_hash = digest([fields, people_hash, live, parent_page])
        urls = oldurls.forms(
            self.ctx.lang, self.module.name, f"vieworg/{values.line(row.get('alias'))}-{organ_id}"
        )
        record = self.units.get(organ_id)
        if self.units.is_current(organ_id, content_hash):
            self.report.add("unchanged", organ_id, title)
            self.pages[organ_id] = (record.page_id, live)
            for person in people:
                self._person_record(person, record.page_id, changed=False)
            return
        kind = "updated" if record is not None and record.page_id else "created"
        if self.ctx.dry_run:
            self._report_unit(kind, organ_id, title, people)
            self.pages[organ_id] = (record.page_id if record else None, live)
            return
        try:
            page = self._save_unit(
                organ_id, record, kind, parent_page, fields, people, live, content_hash, urls
            )
        except Exception as error:  # one bad unit must not stop the others; the next run tries it again
            reason = f"không ghi được ({type(error).__name__}: {error})"
            self.report.add("skipped", organ_id, title, reason)
            for person in people:
                self.people_report.add(
                    "skipped", person["id"], person["name"], f"đơn vị #{organ_id} {reason}"
                )
            self.pages[organ_id] = (record.page_id if record else None, False)
            return
        self._report_unit(kind, organ_id, title, people)
        self.pages[organ_id] = (page.pk, live)

    def _report_unit(self, kind: str, organ_id: int, title: str, people: list[dict]) -> None:
        self.report.add(kind, organ_id, title)
        for person in people:
            self.people_report.add(kind, person["id"], person["name"])

    def _save_unit(self, organ_id, record, kind, parent_page, fields, people, live, content_hash, urls):
        with transaction.atomic():
            page = self._write(
                record.page_id if kind == "updated" else None, parent_page, fields, people, live
            )
            self.units.save(
                organ_id,
                content_hash=content_hash,
                page_id=page.pk,
                object_label="organisation.UnitPage",
                object_pk=page.pk,
                old_urls=urls,
            )
            for person in people:
                self._person_record(person, page.pk, changed=True)
        return page

    def _person_record(self, person: dict, page_id: int | None, *, changed: bool) -> None:
        if self.ctx.dry_run or page_id is None:
            return
        from toasoan.organisation.models import Person

        pk = person.get("pk")
        if pk is None:
            record = self.persons.get(person["id"])
            pk = record.object_pk if record else ""
        if not changed:
            self.people_report.add("unchanged", person["id"], person["name"])
        source = self.people_rows().get(person["id"], {})
        self.persons.save(
            person["id"],
            content_hash=digest(
                {**person, "photo": person["photo"].digest if person["photo"] else "", "pk": ""}
            ),
            page_id=page_id,
            object_label=Person._meta.label,
            object_pk=pk,
            old_urls=self._person_urls(source) if source else [],
        )

    def people_rows(self) -> dict[int, dict]:
        if not hasattr(self, "_people_rows"):
            self._people_rows = {
                values.number(p.get("personid")): p for group in self.people.values() for p in group
            }
        return self._people_rows

    def _write(self, page_id: int | None, parent_id: int, fields: dict, people: list[dict], live: bool):
        from wagtail.models import Page

        from toasoan.organisation.models import Person, UnitPage

        parent = Page.objects.get(pk=parent_id)
        if page_id is None:
            page = UnitPage(title=fields["title"], live=False)
        else:
            page = UnitPage.objects.get(pk=page_id)
            if page.get_parent().pk != parent_id:
                page.move(parent, pos="last-child")
                page = UnitPage.objects.get(pk=page_id)
        for name in ("title", "kind", "functions", "address", "phone", "email"):
            setattr(page, name, fields[name])
        existing = {str(p.pk): p for p in page.people.all()} if page.pk else {}
        kept = []
        for order, person in enumerate(people):
            record = self.persons.get(person["id"])
            instance = existing.get(record.object_pk) if record else None
            instance = instance or Person()
            instance.sort_order = order
            for name in ("name", "position", "is_leader", "phone", "email", "duties"):
                setattr(instance, name, person[name])
            instance.photo = self._image(instance.photo, person["photo"], person["name"])
            kept.append((person, instance))
        page.people = [instance for _, instance in kept]
        if page_id is None:
            parent.add_child(instance=page)
        elif not live:
            page.save()
        revision = page.save_revision()
        if live:
            revision.publish()
        elif page.live:
            page.unpublish()
        stored = list(UnitPage.objects.get(pk=page.pk).people.order_by("sort_order", "pk"))
        for (person, _instance), saved in zip(kept, stored, strict=False):
            person["pk"] = saved.pk
        return page

    @staticmethod
    def _image(current, upload: values.UploadedFile | None, title: str):
        if upload is None:
            return None
        from django.core.files.images import ImageFile
        from wagtail.images import get_image_model

        if current is not None:
            try:
                with current.file.open("rb") as handle:
                    if hashlib.sha256(handle.read()).hexdigest() == upload.digest:
                        return current
            except OSError:
                pass
        image = get_image_model()(
            title=title[:255], file=ImageFile(io.BytesIO(upload.data), name=upload.name)
        )
        image.save()
        return image
