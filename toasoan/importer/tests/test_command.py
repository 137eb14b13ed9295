"""The command's options and guarantees: --json, --dry-run, --limit, --format, bad paths, atomic records."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision, Site
from wagtail.search.models import IndexEntry

from toasoan.articles.models import Agency, ArticlePage
from toasoan.importer.models import ImportedRecord
from toasoan.importer.services import bulk
from toasoan.sections.models import SectionPage

from .conftest import CorpusRecordFactory

JSON_KEYS = {"status", "url", "title", "error", "warnings", "file", "line"}


def database_counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "articles": ArticlePage.objects.count(),
        "sections": SectionPage.objects.count(),
        "revisions": Revision.objects.count(),
        "ledger": ImportedRecord.objects.count(),
        "agencies": Agency.objects.count(),
        "log": PageLogEntry.objects.count(),
    }


def test_json_output_is_one_object_per_record(run_import, write_jsonl):
    path = write_jsonl([CorpusRecordFactory(title="Một"), CorpusRecordFactory(title="Hai")])
    result = run_import(path, "--json")
    assert result.ok
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    objects = result.json_lines
    assert all(set(obj) == JSON_KEYS for obj in objects)
    assert [obj["title"] for obj in objects] == ["Một", "Hai"]  # ensure_ascii=False: readable Vietnamese
    assert "Một" in lines[0]
    assert objects[0]["url"] == ArticlePage.objects.get(title="Một").url
    assert "Đã tạo 2" in result.stderr  # the summary stays off stdout


def test_summary_without_json(run_import, write_jsonl):
    result = run_import(write_jsonl([CorpusRecordFactory(), CorpusRecordFactory()]))
    assert result.ok
    assert result.stdout.startswith("Đã tạo 2, cập nhật 0, không đổi 0, lỗi 0")


def test_dry_run_writes_nothing(run_import, write_jsonl, seed_page):
    path = write_jsonl([CorpusRecordFactory(section="Thể thao"), CorpusRecordFactory(section=None)])
    before = database_counts()
    result = run_import(path, seed_page, "--dry-run", "--json")
    assert result.ok
    assert database_counts() == before
    lines = result.json_lines
    assert [line["status"] for line in lines] == ["created", "created", "created"]
    assert lines[0]["url"].startswith("/the-thao/")
    assert lines[2]["url"].startswith("/tin-tong-hop/ba-dinh-phat-dong")


def test_dry_run_reports_what_a_real_run_would(run_import, write_jsonl):
    first, second = CorpusRecordFactory(), CorpusRecordFactory()
    assert run_import(write_jsonl([first, second])).ok
    before = database_counts()
    path = write_jsonl([first, {**second, "lead": "Sapo mới."}, CorpusRecordFactory()])
    result = run_import(path, "--dry-run", "--json")
    assert [line["status"] for line in result.json_lines] == ["unchanged", "updated", "created"]
    assert database_counts() == before
    assert "sẽ tạo 1, cập nhật 1, không đổi 1, lỗi 0" in result.stderr
    real = run_import(path, "--json")
    assert [line["status"] for line in real.json_lines] == ["unchanged", "updated", "created"]


def test_dry_run_repeated_record(run_import, write_jsonl):
    record = CorpusRecordFactory()
    result = run_import(write_jsonl([record, record, {**record, "lead": "Khác."}]), "--dry-run", "--json")
    assert [line["status"] for line in result.json_lines] == ["created", "unchanged", "updated"]


def test_limit_stops_after_n_records(run_import, write_jsonl):
    path = write_jsonl([CorpusRecordFactory() for _ in range(5)])
    result = run_import(path, "--limit", 3, "--json")
    assert len(result.json_lines) == 3
    assert ArticlePage.objects.count() == 3


@pytest.mark.parametrize("limit", ["0", "-1", "ba"], ids=["zero", "negative", "not-a-number"])
def test_limit_must_be_positive(home_page, write_jsonl, limit):
    with pytest.raises(CommandError, match="số nguyên dương"):
        call_command("import_articles", str(write_jsonl([CorpusRecordFactory()])), "--limit", limit)


def test_missing_path_is_an_error_line_and_the_rest_continues(run_import, write_jsonl, tmp_path):
    missing = tmp_path / "khong-co.jsonl"
    good = write_jsonl([CorpusRecordFactory()])
    result = run_import(missing, good, "--json")
    assert not result.ok
    assert result.json_lines[0] == {
        "status": "failed",
        "url": None,
        "title": None,
        "error": "không tìm thấy tệp",
        "warnings": [],
        "file": str(missing),
        "line": None,
    }
    assert result.json_lines[1]["status"] == "created"


def test_missing_path_without_json(run_import, tmp_path):
    missing = tmp_path / "khong-co.txt"
    result = run_import(missing)
    assert not result.ok
    assert f"lỗi: {missing}: không tìm thấy tệp" in result.stderr
    assert "1 bản ghi không nhập được" in str(result.error)


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("bai.doc", "Bài viết soạn bằng Word", "không nhận ra định dạng"),
        ("thu-muc", None, "là thư mục"),
        ("latin1.txt", "Tiêu đề\n\nĐoạn \xe0 mở đầu.".encode("latin-1", "replace"), "không phải UTF-8"),
    ],
    ids=["unknown-extension", "directory", "not-utf8"],
)
def test_unreadable_inputs(run_import, tmp_path, name, content, error):
    path = tmp_path / name
    if content is None:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = run_import(path, "--json")
    assert not result.ok
    assert result.json_lines[0]["status"] == "failed"
    assert error in result.json_lines[0]["error"]


def test_format_option_overrides_extension(run_import, tmp_path, seed_page):
    copy = tmp_path / "trang.dat"
    copy.write_bytes(seed_page.read_bytes())
    assert run_import(copy, "--format", "text").ok
    assert ArticlePage.objects.get().byline == "Bình An"


@pytest.mark.parametrize("mode", ["bulk", "one-by-one"])
def test_failed_write_leaves_nothing_behind(run_import, write_jsonl, monkeypatch, mode):
    """A record that cannot be written costs only itself: in bulk, the batch falls back to one by one."""
    original = ArticlePage.save_revision
    original_bulk = bulk.create_articles

    def failing_save_revision(self, *args, **kwargs):
        if self.title == "Hỏng":
            raise RuntimeError("ổ đĩa đầy")
        return original(self, *args, **kwargs)

    def failing_bulk(new, **kwargs):
        if any(item.page.title == "Hỏng" for item in new):
            raise RuntimeError("ổ đĩa đầy")
        return original_bulk(new, **kwargs)

    monkeypatch.setattr(ArticlePage, "save_revision", failing_save_revision)
    monkeypatch.setattr(bulk, "create_articles", failing_bulk)
    path = write_jsonl(
        [
            CorpusRecordFactory(title="Trước", section="Mới"),
            CorpusRecordFactory(title="Hỏng", section="Chuyên mục lạ"),
            CorpusRecordFactory(title="Sau", section="Mới"),
        ]
    )
    result = run_import(path, "--json", *(["--one-by-one"] if mode == "one-by-one" else []))
    assert not result.ok
    assert [line["status"] for line in result.json_lines] == ["created", "failed", "created"]
    assert "ổ đĩa đầy" in result.json_lines[1]["error"]
    assert sorted(ArticlePage.objects.values_list("title", flat=True)) == ["Sau", "Trước"]
    assert not Page.objects.filter(title="Hỏng").exists()
    assert ImportedRecord.objects.count() == 2
    if mode == "one-by-one":
        # The section created for the failed record went with it.
        assert not SectionPage.objects.filter(title="Chuyên mục lạ").exists()
    assert SectionPage.objects.get(title="Mới").get_children().count() == 2
    assert not Page.find_problems()[-1]  # numchild right after the rollback


def test_no_home_page_is_a_clear_error(home_page, write_jsonl):
    Site.objects.filter(is_default_site=True).update(root_page=Page.get_first_root_node())
    with pytest.raises(CommandError, match="Chưa có trang chủ: chạy migrate/load_demo trước"):
        call_command("import_articles", str(write_jsonl([CorpusRecordFactory()])))


def test_imported_pages_are_indexed_and_per_save_indexing_comes_back(run_import, seed_page, write_jsonl):
    assert run_import(seed_page, write_jsonl([CorpusRecordFactory(title="Cầu vượt Lạc Long Quân")])).ok

    article_ids = set(ArticlePage.objects.values_list("pk", flat=True))
    indexed = IndexEntry.objects.filter(content_type__model="articlepage").values_list("object_id", flat=True)
    assert {int(object_id) for object_id in indexed} == article_ids
    assert [page.title for page in ArticlePage.objects.search("Lạc Long Quân")] == ["Cầu vượt Lạc Long Quân"]
    seed = ArticlePage.objects.get(agency__code="HNP")
    assert ReferenceIndex.get_references_for_object(seed).filter(model_path="agency").exists()

    # Pages saved after the import are indexed on save again.
    seed.title = "Hội nghị Hoàn Kiếm"
    seed.save_revision().publish()
    assert [page.pk for page in ArticlePage.objects.search("Hoàn Kiếm")] == [seed.pk]


def test_portal_option_imports_into_that_portal(run_import, write_jsonl, home_page):
    from toasoan.sections.models import HomePage

    commune_home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Xã Đông Sơn", slug="xa-dong-son")
    )
    Site.objects.create(hostname="xa-dong-son.localhost", port=80, root_page=commune_home)
    result = run_import(
        write_jsonl([CorpusRecordFactory(title="Tin của xã")]), "--portal", "xa-dong-son.localhost"
    )
    assert result.ok, result.error
    article = ArticlePage.objects.get(title="Tin của xã")
    assert article.path.startswith(commune_home.path) and not article.path.startswith(home_page.path)
    unknown = run_import(write_jsonl([CorpusRecordFactory()]), "--portal", "xa-khong-co.localhost")
    assert "Không có cổng thông tin nào ở địa chỉ" in str(unknown.error)
    assert not ArticlePage.objects.exclude(pk=article.pk).exists()  # nothing written for an unknown portal
