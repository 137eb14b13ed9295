"""``manage.py import_nukeviet``: dry run, JSON, gzipped dumps, errors, absent and uninstalled modules."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model

from conftest import site_home
from toasoan.articles.models import ArticlePage
from toasoan.comments.models import Comment
from toasoan.nukeviet.dump import NukeVietDump
from toasoan.nukeviet.models import LegacyRecord
from toasoan.nukeviet.services import news as news_service
from toasoan.nukeviet.services.comments import import_comments
from toasoan.nukeviet.services.context import RunContext
from toasoan.nukeviet.services.news import import_news
from toasoan.nukeviet.services.report import ABSENT, REASON_ABSENT, SKIPPED
from toasoan.nukeviet.services.run import ModuleSpec, import_dump, run

from .conftest import DUMP_PARTS, FIXTURE_NOW, assemble_dump


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("import_nukeviet", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts(report: dict) -> dict[str, dict[str, int]]:
    return {module["module"]: module["counts"] for module in report["modules"]}


@pytest.fixture
def portal(db, clock):
    clock.set(FIXTURE_NOW)
    return site_home()


def test_a_dry_run_says_what_the_import_does_and_keeps_nothing(
    portal, nukeviet_dump, nukeviet_dump_gz, nukeviet_uploads
):
    pages = ArticlePage.objects.count()
    dry = json.loads(command(str(nukeviet_dump), "--uploads", str(nukeviet_uploads), "--dry-run", "--json"))
    assert dry["dry_run"] is True
    assert counts(dry)["news"] == {"created": 23, "updated": 0, "unchanged": 0, "skipped": 3, "warnings": 12}
    assert counts(dry)["comment"]["created"] == 9
    assert counts(dry)["file"] == {"created": 2, "updated": 0, "unchanged": 0, "skipped": 3, "warnings": 0}
    assert LegacyRecord.objects.count() == 0 and Comment.objects.count() == 0
    assert ArticlePage.objects.count() == pages and get_image_model().objects.count() == 0
    # The gzipped dump reads the same.
    dry_gz = json.loads(
        command(str(nukeviet_dump_gz), "--uploads", str(nukeviet_uploads), "--dry-run", "--json")
    )
    assert dry_gz["modules"] == dry["modules"]
    calls: list[tuple[str, int, int | None]] = []
    real = import_dump(nukeviet_dump, uploads=nukeviet_uploads, progress=lambda *call: calls.append(call))
    assert counts(real.as_json()) == counts(dry)
    assert real.changed == sum(count["created"] + count["updated"] for count in counts(dry).values())
    assert counts(real.as_json())["laws"]["created"] == 6 and counts(real.as_json())["organs"]["created"] == 6
    assert ("news", 25, 25) in calls and calls[-1][0] == "comment"
    again = command(str(nukeviet_dump), "--uploads", str(nukeviet_uploads))
    assert "Tin tức (news): tạo 0, cập nhật 0, không đổi 23, bỏ qua 3" in again
    assert again.rstrip().endswith("Không có gì thay đổi: mọi dòng đã được nhập từ trước.")


def test_bad_input_is_a_clear_message(portal, tmp_path, nukeviet_dump):
    with pytest.raises(CommandError, match="Không tìm thấy tệp bản sao"):
        command(str(tmp_path / "khong-co.sql"))
    with pytest.raises(CommandError, match="Không tìm thấy thư mục uploads"):
        command(str(nukeviet_dump), "--uploads", str(tmp_path / "khong-co"))
    with pytest.raises(CommandError, match="--source"):
        command(str(nukeviet_dump), "--source", "x" * 101)
    not_a_dump = tmp_path / "ghi-chu.sql"
    not_a_dump.write_text("Đây không phải bản sao.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="không phải bản sao MySQL"):
        command(str(not_a_dump))
    broken = tmp_path / "hong.sql"
    broken.write_text(
        (DUMP_PARTS / "10-news.sql").read_text(encoding="utf-8").replace("),(2,1,'1'", "),(2,1,'1',", 1),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Dòng"):
        command(str(broken))
    assert LegacyRecord.objects.filter(module="news").count() == 0


def test_a_module_absent_from_the_dump_or_without_its_app_is_reported_and_skipped(portal, tmp_path):
    dump = assemble_dump(tmp_path, [DUMP_PARTS / "20-comment.sql"])
    calls: list[str] = []

    def must_not_run(ctx: RunContext):
        calls.append("ran")
        raise AssertionError("an uninstalled module must not read a row")

    ctx = RunContext(dump=NukeVietDump(dump), home=portal)
    specs = [
        ModuleSpec("news", "Tin tức", "toasoan.articles", import_news),
        ModuleSpec("laws", "Văn bản", "toasoan.khong_cai", must_not_run),
        ModuleSpec("comment", "Bình luận", "toasoan.comments", import_comments),
    ]
    report = run(ctx, specs)
    news, laws, comment = (report.module(name) for name in ("news", "laws", "comment"))
    assert (news.state, news.reason) == (ABSENT, REASON_ABSENT)
    assert laws.state == SKIPPED and "toasoan.khong_cai" in laws.reason and calls == []
    # Every comment is accounted for: none has its page here.
    assert len(comment.skipped) == 13 and not comment.created
    text = report.as_text()
    assert "Tin tức (news): bỏ qua — không có trong bản sao" in text
    assert "Văn bản (laws): bỏ qua — trang này chưa cài phần đích (toasoan.khong_cai)" in text


def test_an_interrupted_run_resumes_where_it_stopped(portal, nukeviet_dump, nukeviet_uploads, monkeypatch):
    monkeypatch.setattr(news_service, "BATCH_SIZE", 5)
    articles = ArticlePage.objects.count()

    def interrupt(module: str, done: int, total: int | None) -> None:
        if module == "news" and done >= 12:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the third batch

    with pytest.raises(KeyboardInterrupt):
        import_dump(nukeviet_dump, uploads=nukeviet_uploads, progress=interrupt)
    done = set(LegacyRecord.objects.filter(module="news").values_list("key", flat=True))
    assert 5 < len(done) < 26
    report = import_dump(nukeviet_dump, uploads=nukeviet_uploads).module("news")
    assert {item.key for item in report.unchanged} | {item.key for item in report.skipped} >= done
    assert len(report.created) + len(report.unchanged) == 23
    assert ArticlePage.objects.count() == articles + 23
    # Nothing written twice: no article took a "-2" slug from a copy of itself.
    assert not ArticlePage.objects.filter(slug__endswith="-2").exists()


def test_a_failed_bulk_write_falls_back_to_wagtails_way(portal, nukeviet_dump, nukeviet_uploads, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("ổ đĩa đầy")

    monkeypatch.setattr(news_service.bulk, "create_articles", broken)
    report = import_dump(nukeviet_dump, uploads=nukeviet_uploads).module("news")
    assert len(report.created) == 23
    page = ArticlePage.objects.get(pk=LegacyRecord.objects.get(module="news", key="1").page_id)
    assert page.live and set(page.tags.names()) == {"giao thông", "cầu Rạch Sen"}
    assert page.slug == "huyen-tan-phuoc-khanh-thanh-cau-rach-sen"


def test_bodies_of_nukeviet_before_4_0_29_are_read_from_their_bodyhtml_tables(
    portal, tmp_path, nukeviet_uploads
):
    old = (
        (DUMP_PARTS / "10-news.sql")
        .read_text(encoding="utf-8")
        .replace("nv4_vi_news_detail", "nv4_vi_news_bodyhtml_1")
    )
    (tmp_path / "10-news.sql").write_text(old, encoding="utf-8")
    dump = assemble_dump(tmp_path, [tmp_path / "10-news.sql"])
    report = import_dump(
        dump,
        uploads=nukeviet_uploads,
        modules=[ModuleSpec("news", "Tin tức", "toasoan.articles", import_news)],
    )
    assert len(report.module("news").created) == 23
    page = ArticlePage.objects.get(pk=LegacyRecord.objects.get(module="news", key="3").page_id)
    assert page.body.raw_data[1]["value"].startswith("<table>")


def test_other_news_modules_and_languages_are_reported_not_left_behind_in_silence(db, tmp_path):
    """A virtual copy of the news module ("thông báo") and the English news are not moved: the
    report says so, with their tables; the organisation's ``organs_rows`` is not taken for news."""
    extra = tmp_path / "90-other-news.sql"
    extra.write_text(
        "".join(
            f"CREATE TABLE `nv4_{lang}_{data}_{table}` (`id` int NOT NULL, PRIMARY KEY (`id`));\n"
            for lang, data in (("en", "news"), ("vi", "thongbao"))
            for table in ("cat", "rows", "detail")
        ),
        encoding="utf-8",
    )
    site_home()
    dump = assemble_dump(tmp_path, [*sorted(DUMP_PARTS.glob("*.sql")), extra])
    report = import_dump(dump, dry_run=True, modules=[])
    skipped = {module.module: module for module in report.modules if module.state == SKIPPED}
    assert set(skipped) == {"news:en", "thongbao:vi"}
    assert "nv4_vi_thongbao_rows" in skipped["thongbao:vi"].reason
    assert "chưa được chuyển" in skipped["news:en"].reason
