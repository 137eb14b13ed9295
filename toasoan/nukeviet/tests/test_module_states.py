"""A module importer's states without a full import: a dry run, a target app not installed, a
module absent from the dump."""

from __future__ import annotations

from wagtail.models import Page

from conftest import site_home
from toasoan.legal.models import LegalIndexPage
from toasoan.nukeviet.dump import NukeVietDump
from toasoan.nukeviet.models import LegacyRecord
from toasoan.nukeviet.services import faq, laws, organs
from toasoan.nukeviet.services.context import RunContext
from toasoan.questions.models import Question

from .portal_parts import write_dump, write_uploads

IMPORTERS = (laws.import_laws, faq.import_faq, organs.import_organs)


def run(ctx: RunContext) -> dict:
    reports = [importer(ctx) for importer in IMPORTERS]
    return {report.module: report for report in [*reports, *ctx.reports]}


def keys(items) -> set[str]:
    return {item.key for item in items}


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(db, tmp_path):
    home = site_home()
    ctx = RunContext(
        dump=NukeVietDump(write_dump(tmp_path)), uploads=write_uploads(tmp_path), home=home, dry_run=True
    )
    pages = Page.objects.count()

    reports = run(ctx)

    assert keys(reports["laws"].created) >= {"1", "2", "3", "4", "5", "7"}
    assert len(reports["faq"].created) >= 7 and "1" in keys(reports["organs"].created)
    assert (
        Page.objects.count() == pages and not LegacyRecord.objects.exists() and not Question.objects.exists()
    )


def test_a_target_app_not_installed_skips_its_module_whole(db, tmp_path, monkeypatch):
    home = site_home()
    ctx = RunContext(dump=NukeVietDump(write_dump(tmp_path)), uploads=None, home=home)
    for module in (laws, faq, organs):
        monkeypatch.setattr(module.apps, "is_installed", lambda name: False)

    reports = run(ctx)

    assert {name: report.state for name, report in reports.items()} == {
        "laws": "skipped",
        "faq": "skipped",
        "organs": "skipped",
    }
    assert "toasoan.legal" in reports["laws"].reason
    assert not LegacyRecord.objects.exists() and not LegalIndexPage.objects.exists()


def test_a_dump_without_the_modules_reports_them_absent(db, tmp_path):
    only_faq = write_dump(tmp_path, parts=("40-faq.sql",))
    ctx = RunContext(dump=NukeVietDump(only_faq), home=site_home())

    reports = run(ctx)

    assert reports["laws"].state == reports["organs"].state == "absent"
    assert reports["faq"].state == "done"


def test_a_row_that_cannot_be_written_is_reported_and_the_next_run_takes_it(db, tmp_path, monkeypatch):
    ctx = RunContext(
        dump=NukeVietDump(write_dump(tmp_path)), uploads=write_uploads(tmp_path), home=site_home()
    )
    write = laws._write

    def failing(index, page_id, plan):
        if plan.id == 2:
            raise ValueError("đĩa đầy")
        return write(index, page_id, plan)

    monkeypatch.setattr(laws, "_write", failing)
    report = laws.import_laws(ctx)

    assert keys(report.created) == {"1", "3", "4", "5", "7"}
    assert ("2", "không ghi được (ValueError: đĩa đầy)") in {(i.key, i.reason) for i in report.skipped}
    assert not LegacyRecord.objects.filter(module="laws", key="2").exists()

    monkeypatch.setattr(laws, "_write", write)
    again = laws.import_laws(RunContext(dump=ctx.dump, uploads=ctx.uploads, home=ctx.home))
    assert keys(again.created) == {"2"} and keys(again.unchanged) == {"1", "3", "4", "5", "7"}


MODULES_TABLE = """
CREATE TABLE `nv4_vi_modules` (
  `title` varchar(50) NOT NULL,
  `module_file` varchar(50) NOT NULL DEFAULT '',
  `module_data` varchar(50) NOT NULL DEFAULT '',
  `module_upload` varchar(50) NOT NULL DEFAULT '',
  `custom_title` varchar(255) NOT NULL
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
INSERT INTO `nv4_vi_modules` VALUES ('news','news','news','news','Tin tức'),
('van-ban','laws','laws','van-ban','Văn bản pháp quy');
"""


def test_a_module_installed_under_another_name_keeps_its_addresses_and_folder(db, tmp_path):
    dump = write_dump(tmp_path, parts=("30-laws.sql",))
    dump.write_text(MODULES_TABLE + dump.read_text(encoding="utf-8"), encoding="utf-8")
    uploads = write_uploads(tmp_path)
    (uploads / "laws").rename(uploads / "van-ban")
    ctx = RunContext(dump=NukeVietDump(dump), uploads=uploads, home=site_home())

    report = laws.import_laws(ctx)

    assert report.title == "Văn bản pháp quy" and LegalIndexPage.objects.get().title == "Văn bản pháp quy"
    record = LegacyRecord.objects.get(module="laws", key="1")
    assert record.old_urls == [
        "/vi/van-ban/detail/Quyet-dinh-12-2024-QD-UBND-1/",
        "/index.php?language=vi&nv=van-ban&op=detail/Quyet-dinh-12-2024-QD-UBND-1",
    ]
    assert "thiếu tệp uploads/van-ban/2024_04/phu-luc-danh-sach-ho.pdf" in {i.reason for i in report.warnings}
    home = LegacyRecord.objects.get(module="laws_home")
    assert home.old_urls == ["/vi/van-ban/", "/index.php?language=vi&nv=van-ban"]
