"""The laws, faq and organs modules of the fixture dump: every row accounted for, what each became,
and a second run that changes nothing."""

from __future__ import annotations

import copy

import pytest
from wagtail.models import Page

from conftest import site_home
from toasoan.legal.models import LegalDocumentPage, LegalIndexPage, RelationKind
from toasoan.nukeviet.dump import NukeVietDump
from toasoan.nukeviet.models import LegacyRecord
from toasoan.nukeviet.services import faq, laws, organs
from toasoan.nukeviet.services.context import RunContext
from toasoan.organisation.models import OrganisationPage, Person, UnitPage
from toasoan.questions.models import Question, QuestionIndexPage, QuestionStatus

from .portal_parts import write_dump, write_uploads

IMPORTERS = (laws.import_laws, faq.import_faq, organs.import_organs)


def run(ctx: RunContext) -> dict:
    """Every report by module name: the modules' and their side tables' (`ctx.reports`)."""
    reports = [importer(ctx) for importer in IMPORTERS]
    return {report.module: report for report in [*reports, *ctx.reports]}


def keys(items) -> set[str]:
    return {item.key for item in items}


@pytest.fixture(scope="module")
def portal(module_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("portal")
    dump, uploads = write_dump(folder), write_uploads(folder)

    def build():
        home = site_home()
        ctx = RunContext(dump=NukeVietDump(dump), uploads=uploads, home=home)
        return {"dump": dump, "uploads": uploads, "reports": run(ctx), "home": home}

    return module_db(build)


@pytest.fixture
def imported(db, portal):
    return copy.deepcopy(portal)


def context(imported, **options) -> RunContext:
    return RunContext(
        dump=NukeVietDump(imported["dump"]), uploads=imported["uploads"], home=imported["home"], **options
    )


def test_every_row_of_the_three_modules_is_accounted_for(imported):
    reports = imported["reports"]
    law = reports["laws"]
    assert keys(law.created) == {"1", "2", "3", "4", "5", "7"} and not law.updated and not law.unchanged
    assert [(item.key, item.reason) for item in law.skipped] == [
        ("6", "thiếu số ký hiệu (trường code trống)")
    ]
    for side, ids in (("cat", 5), ("area", 3), ("subject", 3), ("signer", 3)):
        assert keys(reports[f"laws_{side}"].created) == {str(i) for i in range(1, ids + 1)}, side
    assert keys(reports["faq_cat"].created) == {"1", "2", "3"}
    question = reports["faq"]
    assert keys(question.created) == {"1", "2", "3", "4", "5", "6", "8"}
    assert [item.key for item in question.skipped] == ["7"]
    organ = reports["organs"]
    assert keys(organ.created) == {"1", "2", "3", "4", "5", "6"} and not organ.skipped
    people = reports["organs_person"]
    assert keys(people.created) == {"1", "2", "3", "4", "7"}
    assert {item.key: item.reason for item in people.skipped} == {
        "5": "không còn hoạt động (active=0): không nhập",
        "6": "đơn vị #77 không có trong bản sao",
    }
    # Every row of the dump is in the ledger, imported or skipped with its reason.
    ledger = LegacyRecord.objects.filter(source="nukeviet")
    assert set(ledger.filter(module="laws").values_list("key", flat=True)) == {str(i) for i in range(1, 8)}
    assert set(ledger.filter(module="faq").values_list("key", flat=True)) == {str(i) for i in range(1, 9)}
    assert set(ledger.filter(module="organs").values_list("key", flat=True)) == {str(i) for i in range(1, 7)}
    assert set(ledger.filter(module="organs_person").values_list("key", flat=True)) == {
        str(i) for i in range(1, 8)
    }
    assert ledger.get(module="laws", key="6").status == "skipped"


def test_laws_become_registry_documents_with_their_files_relations_and_drafts(imported):
    registry = LegalIndexPage.objects.get()
    assert registry.get_parent().pk == imported["home"].pk and registry.live
    by_number = {page.number: page for page in LegalDocumentPage.objects.all()}
    decision = by_number["12/2024/QĐ-UBND"]
    assert decision.live and decision.get_parent().pk == registry.pk
    assert decision.title == "Ban hành Quy chế tiếp công dân tại Trụ sở tiếp công dân huyện Mây Xanh"
    assert (decision.document_type, decision.issuer.name, decision.signer) == (
        "quyet-dinh",
        "UBND huyện Mây Xanh",
        "Lò Văn Khuê",
    )
    assert (str(decision.issued_date), str(decision.effective_date), decision.topic.name) == (
        "2024-03-05",
        "2024-03-15",
        "Hành chính - Tư pháp",
    )
    assert [(a.label, a.file_type) for a in decision.attachments.all()] == [("qd-12-2024-qd-ubnd.pdf", "pdf")]
    assert "<p>Lịch | Thứ Ba hằng tuần</p>" in decision.full_text
    assert "<strong>10 ngày</strong>" in decision.full_text

    plan = by_number["45/KH-UBND"]
    assert plan.attachments.count() == 1 and plan.topic.name == "Phòng chống thiên tai"
    warnings = [item.reason for item in imported["reports"]["laws"].warnings]
    assert "thiếu tệp uploads/laws/2024_04/phu-luc-danh-sach-ho.pdf" in warnings

    # Mojibake repaired; the new resolution replaces the old one, which expired.
    newer, older = by_number["08/2024/NQ-HĐND"], by_number["07/2023/NQ-HĐND"]
    assert newer.title == "Sửa mức hỗ trợ kiên cố hóa kênh mương nội đồng từ năm 2025"
    assert [(r.kind, r.target_id) for r in newer.relations.all()] == [(RelationKind.REPLACES, older.pk)]
    assert str(older.expiry_date) == "2025-12-31" and newer.issuer.name == "HĐND huyện Mây Xanh"

    draft = by_number["03/CT-UBND"]
    assert not draft.live and draft.document_type == "chi-thi"

    # A category gone: the type is read from the number; a scan is no document the registry takes.
    land = by_number["19/2024/QĐ-UBND"]
    assert land.document_type == "quyet-dinh" and land.issuer.name == "Phòng Tài nguyên & Môi trường"
    assert land.attachments.count() == 0 and "<script" not in land.full_text and "alert" not in land.full_text
    assert any("thể loại #9 không còn" in reason for reason in warnings)
    assert any("bang-gia-dat.jpg" in reason for reason in warnings)


def test_faq_rows_become_answered_frequent_questions_on_the_questions_page(imported):
    index = QuestionIndexPage.objects.get()
    assert [topic.name for topic in index.topics.all()] == ["Hộ tịch", "Đất đai", "Thuế phí (cũ)"]
    questions = {q.title: q for q in Question.objects.all()}
    assert len(questions) == 7
    birth = questions["Đăng ký khai sinh cần giấy tờ gì?"]
    assert birth.status == QuestionStatus.ANSWERED and birth.is_published and birth.is_faq
    assert birth.topic.name == "Hộ tịch" and birth.public_name == "Ban biên tập"
    assert birth.answer == (
        "Mang theo Giấy chứng sinh và giấy tờ tùy thân của cha hoặc mẹ.\nThời hạn: 60 ngày kể từ ngày sinh."
    )
    assert birth.content.startswith("Con tôi sinh tại trạm y tế xã") and "<p>" not in birth.content
    assert " khai sinh " in f" {birth.search_key} " or "khai sinh" in birth.search_key
    assert not questions["Chuyển mục đích sử dụng đất vườn"].is_published
    assert questions["Giờ làm việc của bộ phận một cửa"].topic is None
    assert birth.email == birth.phone == ""


def test_organs_become_units_with_their_people_and_no_private_data(imported):
    chart = OrganisationPage.objects.get()
    units = {unit.title: unit for unit in UnitPage.objects.all()}
    leaders = units["Lãnh đạo UBND huyện"]
    assert leaders.get_parent().pk == chart.pk and leaders.kind == "lanh-dao" and leaders.live
    one_stop = units["Bộ phận Một cửa"]
    assert one_stop.get_parent().pk == units["Văn phòng HĐND và UBND huyện"].pk
    assert units["Văn phòng HĐND và UBND huyện"].email == "vanphong@mayxanh.example.vn"
    assert not units["Phòng Văn hóa (đã sáp nhập)"].live
    assert units["Tổ công tác đặc biệt"].get_parent().pk == chart.pk
    environment = units["Phòng Tài nguyên và Môi trường"]
    assert environment.phone == "" and "<p>Điện thoại: số máy cũ</p>" in environment.functions

    people = [(p.name, p.position, p.is_leader) for p in leaders.people.order_by("sort_order")]
    assert people == [
        ("Lò Văn Khuê", "Chủ tịch UBND huyện", True),
        ("Hà Thị Nguyệt Minh", "Phó Chủ tịch UBND huyện", True),
    ]
    chair, deputy = leaders.people.order_by("sort_order")
    assert chair.phone == "+842163851234" and chair.email == "khue.lv@mayxanh.example.vn"
    assert deputy.photo is not None and deputy.duties == "Trưởng Ban Chỉ đạo chuyển đổi số"
    assert units["Văn phòng HĐND và UBND huyện"].people.get().photo is None  # the photo was missing
    assert [p.name for p in units["Phòng Tài nguyên và Môi trường"].people.all()] == ["Mùa A Chứ"]
    # Mobile numbers, home addresses, birthdays and party data stay behind.
    stored = " ".join(f"{p.name} {p.position} {p.phone} {p.email} {p.duties}" for p in Person.objects.all())
    for private in ("0912 345 678", "0987 111 222", "Bản Ngọc", "Cao cấp", "kết hôn"):
        assert private not in stored
    warnings = {(item.key, item.reason) for item in imported["reports"]["organs_person"].warnings}
    assert ("3", "thiếu tệp uploads/organs/2023_05/vi-duc-thanh.jpg") in warnings
    warnings = {(item.key, item.reason) for item in imported["reports"]["organs"].warnings}
    assert ("6", "đơn vị cha #42 không còn: đặt ở cấp cao nhất") in warnings


def test_a_second_run_changes_nothing(imported):
    revisions = {page.pk: page.revisions.count() for page in Page.objects.all()}
    records = {(r.module, r.key): (r.content_hash, r.imported_at) for r in LegacyRecord.objects.all()}
    questions = list(Question.objects.order_by("pk").values())
    people = list(Person.objects.order_by("pk").values())

    reports = run(context(imported))

    for report in reports.values():
        assert not report.created and not report.updated, report.as_text()
    assert keys(reports["laws"].unchanged) == {"1", "2", "3", "4", "5", "7"}
    assert keys(reports["laws_cat"].unchanged) == {"1", "2", "3", "4", "5"}
    assert keys(reports["organs_person"].unchanged) == {"1", "2", "3", "4", "7"}
    assert {page.pk: page.revisions.count() for page in Page.objects.all()} == revisions
    assert {(r.module, r.key): (r.content_hash, r.imported_at) for r in LegacyRecord.objects.all()} == records
    assert list(Question.objects.order_by("pk").values()) == questions
    assert list(Person.objects.order_by("pk").values()) == people


def test_a_changed_row_updates_its_page_through_a_new_revision(imported, tmp_path):
    text = imported["dump"].read_text(encoding="utf-8")
    changed = tmp_path / "changed.sql"
    changed.write_text(
        text.replace("Chủ động ứng phó mưa lũ", "Chủ động ứng phó bão và mưa lũ"), encoding="utf-8"
    )
    plan = LegalDocumentPage.objects.get(number="45/KH-UBND")
    before = plan.revisions.count()

    ctx = RunContext(dump=NukeVietDump(changed), uploads=imported["uploads"], home=imported["home"])
    report = laws.import_laws(ctx)

    assert keys(report.updated) == {"2"} and not report.created
    plan = LegalDocumentPage.objects.get(pk=plan.pk)
    assert "bão và mưa lũ" in plan.full_text and plan.revisions.count() == before + 1 and plan.live
