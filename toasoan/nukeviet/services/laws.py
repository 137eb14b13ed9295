"""NukeViet's laws module (Văn bản) → the document registry (`toasoan.legal`).

One ``<prefix>_vi_laws_row`` is one `LegalDocumentPage`, filled by the registry's own import
(`legal.services.importing`: issuers found by code or name, topics, attachments keeping their
document when the bytes are the same) and published the Wagtail way.  What maps where:

- ``code`` → số ký hiệu; ``introtext`` (the trích yếu) → title, else ``title``;
- ``cid`` (thể loại) → the document type by its name, else by the number's type code, else "Khác";
- ``sid`` (cơ quan ban hành) → issuer; ``sgid`` → signer; the first ``area`` → topic;
- ``publtime`` / ``startvalid`` / ``exptime`` → issued, effective and expiry days (Vietnam time);
- ``bodytext`` → full text, through Wagtail's rich-text whitelist;
- ``files`` (``uploads/laws/…``) → attachments; a missing or unreadable file is a warning;
- ``replacement`` (and ``set_replace``) → "Thay thế" relations;
- ``status`` 0 (hidden on NukeViet) → a draft, never published.

A row without a số ký hiệu, an issuer or any date is skipped with its reason.  Categories, areas,
issuers and signers had pages of their own on NukeViet: their addresses lead to the registry,
filtered where the registry has that filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from toasoan import vntext

from . import indexes, oldurls, values
from .ledger import SKIPPED, Ledger, digest
from .report import ModuleReport

if TYPE_CHECKING:
    from .context import RunContext

MODULE = "laws"
TITLE = "Văn bản"
APP = "toasoan.legal"

#: Type codes of a số ký hiệu → the registry's document types, for a row whose category is gone.
TYPE_BY_CODE = {
    "L": "luat",
    "NQ": "nghi-quyet",
    "NĐ": "nghi-dinh",
    "QĐ": "quyet-dinh",
    "CT": "chi-thi",
    "TT": "thong-tu",
    "KH": "ke-hoach",
    "TB": "thong-bao",
    "BC": "bao-cao",
    "TTr": "to-trinh",
    "HD": "huong-dan",
}
RICH_TEXT_FEATURES = ("h2", "h3", "h4", "bold", "italic", "ol", "ul", "link")


@dataclass
class _Plan:
    id: int
    label: str
    fields: dict[str, Any]
    files: list[values.UploadedFile]
    full_text: str
    live: bool
    replaces: list[int]
    old_urls: list[str]
    warnings: list[str] = field(default_factory=list)
    skip: str = ""

    @property
    def content_hash(self) -> str:
        return digest(
            [self.fields, [(f.name, f.digest) for f in self.files], self.full_text, self.live, self.replaces]
        )


def _by_id(ctx: RunContext, module: oldurls.Module, suffix: str) -> dict[int, dict]:
    return {values.number(row.get("id")): row for row in ctx.dump.rows(module.table(suffix), ctx.lang)}


def _document_type(category: dict | None, number: str) -> str:
    from toasoan.legal.models import DocumentType

    if category is not None:
        folded = vntext.fold(values.line(category.get("title")))
        for choice in DocumentType:
            if folded in (vntext.fold(str(choice.label)), choice.value.replace("-", " ")):
                return choice.value
    parsed = vntext.parse_number(number)
    if parsed is not None and parsed.type_code in TYPE_BY_CODE:
        return TYPE_BY_CODE[parsed.type_code]
    return DocumentType.OTHER


class _Reader:
    """Everything the rows point to, read once."""

    def __init__(self, ctx: RunContext, module: oldurls.Module) -> None:
        self.ctx = ctx
        self.module = module
        self.cats = _by_id(ctx, module, "cat")
        self.areas = _by_id(ctx, module, "area")
        self.subjects = _by_id(ctx, module, "subject")
        self.signers = _by_id(ctx, module, "signer")
        self.row_areas: dict[int, list[int]] = {}
        for row in ctx.dump.rows(module.table("row_area"), ctx.lang):
            self.row_areas.setdefault(values.number(row.get("row_id")), []).append(
                values.number(row.get("area_id"))
            )
        self.replaces: dict[int, set[int]] = {}
        for row in ctx.dump.rows(module.table("set_replace"), ctx.lang):
            self.replaces.setdefault(values.number(row.get("oid")), set()).add(values.number(row.get("nid")))

    def plan(self, row: dict) -> _Plan:
        row_id = values.number(row.get("id"))
        number = values.line(row.get("code"), 80)
        summary = values.line(row.get("introtext")) or values.line(row.get("title"))
        alias = values.line(row.get("alias")) or f"{oldurls.change_alias(summary)}-{row_id}"
        urls = oldurls.forms(self.ctx.lang, self.module.name, f"detail/{alias}")
        plan = _Plan(
            row_id, number or summary[:60], {}, [], "", values.number(row.get("status")) == 1, [], urls
        )
        issuer = self.subjects.get(values.number(row.get("sid")))
        issuer_name = values.line(issuer.get("title"), 200) if issuer else ""
        issued = values.day(row.get("publtime")) or values.day(row.get("addtime"))
        if not number:
            plan.skip = "thiếu số ký hiệu (trường code trống)"
        elif not summary:
            plan.skip = "thiếu trích yếu và tiêu đề"
        elif not issuer_name:
            plan.skip = f"không có cơ quan ban hành (sid={values.number(row.get('sid'))})"
        elif issued is None:
            plan.skip = "không có ngày ban hành (publtime và addtime đều trống)"
        if plan.skip:
            return plan
        category = self.cats.get(values.number(row.get("cid")))
        if category is None:
            plan.warnings.append(
                f"thể loại #{values.number(row.get('cid'))} không còn; loại đoán từ số ký hiệu"
            )
        effective = values.day(row.get("startvalid"))
        expires = values.day(row.get("exptime"))
        if expires is not None and expires <= (effective or issued):
            plan.warnings.append(f"ngày hết hiệu lực {expires:%d/%m/%Y} không sau ngày có hiệu lực: bỏ")
            expires = None
        area_ids = self.row_areas.get(row_id) or values.ids(row.get("area_ids"))
        topic = next((values.line(self.areas[a].get("title"), 120) for a in area_ids if a in self.areas), "")
        signer = self.signers.get(values.number(row.get("sgid")))
        plan.fields = {
            "number": number,
            "title": summary[:255],
            "document_type": _document_type(category, number),
            "issuer": issuer_name,
            "signer": values.line(signer.get("title"), 120) if signer else "",
            "issued_date": issued.isoformat(),
            "effective_date": effective.isoformat() if effective else None,
            "expiry_date": expires.isoformat() if expires else None,
            "topic": topic,
        }
        plan.full_text = values.rich_text(row.get("bodytext"), RICH_TEXT_FEATURES)
        plan.files = self.files(row, plan)
        plan.replaces = sorted(set(values.ids(row.get("replacement"))) | self.replaces.get(row_id, set()))
        if not plan.live:
            plan.warnings.append("đang ẩn trên NukeViet (status=0): nhập thành bản nháp, không xuất bản")
        return plan

    def files(self, row: dict, plan: _Plan) -> list[values.UploadedFile]:
        from django.core.files import File

        from toasoan.legal.services import files as legal_files

        found = []
        for name in (part.strip() for part in values.as_text(row.get("files")).split(",")):
            if not name:
                continue
            if name.startswith(("http://", "https://")):
                plan.warnings.append(f"tệp ở địa chỉ ngoài, giữ nguyên không tải về: {name}")
                continue
            try:
                upload = values.read_upload(self.ctx.uploads, self.module.upload, name)
                legal_files.inspect(
                    File(ContentFile(upload.data), name=upload.name),
                    settings.LEGAL_ATTACHMENT_MAX_BYTES,
                    name,
                )
            except values.MissingFile as missing:
                plan.warnings.append(str(missing))
                continue
            except legal_files.RefusedFile as refused:
                plan.warnings.append(refused.message)
                continue
            found.append(upload)
        return found


SIDE_TITLES = {
    "cat": "Văn bản: thể loại",
    "area": "Văn bản: lĩnh vực",
    "subject": "Văn bản: cơ quan ban hành",
    "signer": "Văn bản: người ký",
}


def _filtered_records(ctx: RunContext, reader: _Reader, index) -> None:
    """Category, area, issuer and signer pages → the registry, with its filter where it has one;
    each kind reported on its own line after the documents (`ctx.reports`)."""
    from toasoan.legal.models import Issuer, Topic

    lang, name = ctx.lang, reader.module.name

    def signer_op(row: dict) -> str:
        return f"signer/{row.get('id')}/{oldurls.change_alias(values.line(row.get('title')))}"

    kinds = [
        ("cat", reader.cats, lambda row: ("legal.DocumentType", _document_type(row, "")), "{alias}"),
        ("area", reader.areas, lambda row: ("legal.Topic", _pk(Topic, row)), "area/{alias}"),
        ("subject", reader.subjects, lambda row: ("legal.Issuer", _pk(Issuer, row)), "subject/{alias}"),
        ("signer", reader.signers, lambda row: ("", ""), signer_op),
    ]
    for kind, rows, target, op in kinds:
        ledger = Ledger(ctx.source, f"{MODULE}_{kind}")
        report = ModuleReport(f"{MODULE}_{kind}", SIDE_TITLES[kind])
        ctx.reports.append(report)
        for row_id, row in sorted(rows.items()):
            label, pk = target(row)
            path = op(row) if callable(op) else op.format(alias=values.as_text(row.get("alias")))
            urls = oldurls.forms(lang, name, values.line(path))
            content_hash = digest([label, pk, urls])
            key = row_id
            if ledger.is_current(row_id, content_hash):
                report.add("unchanged", key, values.line(row.get("title")))
                continue
            report.add("updated" if ledger.get(row_id) else "created", key, values.line(row.get("title")))
            if not ctx.dry_run and index is not None:
                ledger.save(
                    row_id,
                    content_hash=content_hash,
                    page_id=index.pk,
                    object_label=label,
                    object_pk=pk,
                    old_urls=urls,
                )


def _pk(model, row: dict) -> str:
    """The topic or issuer of that name, once the documents made it ("" when none did)."""
    found = model.objects.filter(name__iexact=values.line(row.get("title"))).values_list("pk", flat=True)
    return str(next(iter(found), ""))


def import_laws(ctx: RunContext) -> ModuleReport:
    if not apps.is_installed(APP):
        return ModuleReport.not_run(
            MODULE, TITLE, "ứng dụng Văn bản (toasoan.legal) chưa được cài trên trang này"
        )
    module = oldurls.find_module(ctx.dump, "laws", "row", ctx.lang)
    if module is None:
        return ModuleReport.absent(MODULE, TITLE)
    from toasoan.legal.models import LegalIndexPage

    report = ModuleReport(MODULE, module.title or TITLE)
    reader = _Reader(ctx, module)
    index = indexes.find_or_create(
        ctx,
        LegalIndexPage,
        title=module.title or TITLE,
        slug="van-ban",
        intro="Văn bản chuyển từ cổng NukeViet.",
    )
    ledger = Ledger(ctx.source, MODULE)
    rows = sorted(ctx.dump.rows(module.table("row"), ctx.lang), key=lambda row: values.number(row.get("id")))
    pages: dict[int, int] = {}
    for done, row in enumerate(rows, start=1):
        plan = reader.plan(row)
        ctx.tick(MODULE, done, len(rows))
        _apply(ctx, index, ledger, plan, report, pages)
    if not ctx.dry_run:
        _relate(ledger, rows, reader, pages)
    _filtered_records(ctx, reader, index)
    indexes.record_home(ctx, module, MODULE, index)
    return report


def _apply(ctx, index, ledger: Ledger, plan: _Plan, report: ModuleReport, pages: dict[int, int]) -> None:
    for warning in plan.warnings:
        report.add("warnings", plan.id, plan.label, warning)
    record = ledger.get(plan.id)
    if plan.skip:
        report.add("skipped", plan.id, plan.label, plan.skip)
        if not ctx.dry_run:
            ledger.save(plan.id, content_hash="", old_urls=plan.old_urls, status=SKIPPED, reason=plan.skip)
        return
    content_hash = plan.content_hash
    if ledger.is_current(plan.id, content_hash):
        report.add("unchanged", plan.id, plan.label)
        pages[plan.id] = record.page_id
        return
    kind = "updated" if record is not None and record.page_id else "created"
    if ctx.dry_run:
        report.add(kind, plan.id, plan.label)
        # The comments of a document a dry run would create would attach to it.
        ctx.shared.setdefault("planned", set()).add(("laws", str(plan.id)))
        return
    try:
        with transaction.atomic():
            page = _write(index, record.page_id if kind == "updated" else None, plan)
            ledger.save(
                plan.id,
                content_hash=content_hash,
                page_id=page.pk,
                object_label="legal.LegalDocumentPage",
                object_pk=page.pk,
                old_urls=plan.old_urls,
            )
    except Exception as error:  # one bad row must not stop the others; the next run tries it again
        report.add("skipped", plan.id, plan.label, f"không ghi được ({type(error).__name__}: {error})")
        return
    report.add(kind, plan.id, plan.label)
    pages[plan.id] = page.pk


def _write(index, page_id: int | None, plan: _Plan):
    """Create or revise the document, filled as the registry's own import fills one
    (`legal.services.importing.fill_document`)."""
    from toasoan.legal.models import LegalDocumentPage
    from toasoan.legal.services.importing import AttachedFile, fill_document

    attached = [AttachedFile(_label(f.name), f.name, f.data, f.digest) for f in plan.files]
    if page_id is None:
        page = LegalDocumentPage(title=plan.fields["title"], live=False)
        fill_document(page, plan.fields, attached)
        page.full_text = plan.full_text
        index.add_child(instance=page)
    else:
        page = LegalDocumentPage.objects.get(pk=page_id)
        fill_document(page, plan.fields, attached)
        page.full_text = plan.full_text
    if not plan.live:
        # A draft's fields and files are written to its row too, as the first save of a new page
        # writes them: the next run compares against what is stored.
        page.save()
    revision = page.save_revision()
    if plan.live:
        revision.publish()
    elif page.live:
        page.unpublish()
    return page


def _label(name: str) -> str:
    """The file's name, as NukeViet showed it on the document's page."""
    return name[:200]


def _relate(ledger: Ledger, rows: list[dict], reader: _Reader, pages: dict[int, int]) -> None:
    """ "Thay thế" relations, once every document has its page: a document's relations are an
    inline of its page, so only those that differ get a new revision."""
    from toasoan.legal.models import DocumentRelation, LegalDocumentPage, RelationKind

    for row in rows:
        row_id = values.number(row.get("id"))
        wanted = sorted(
            pages[target]
            for target in set(values.ids(row.get("replacement"))) | reader.replaces.get(row_id, set())
            if target in pages and target != row_id
        )
        if row_id not in pages:
            continue
        page = LegalDocumentPage.objects.get(pk=pages[row_id])
        current = sorted(r.target_id for r in page.relations.all() if r.kind == RelationKind.REPLACES)
        if current == wanted:
            continue
        others = [r for r in page.relations.all() if r.kind != RelationKind.REPLACES]
        page.relations = others + [
            DocumentRelation(kind=RelationKind.REPLACES, target_id=pk) for pk in wanted
        ]
        if not page.live:
            page.save()
        revision = page.save_revision()
        if page.live:
            revision.publish()
