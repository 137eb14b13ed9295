"""JSON-lines imports: the real corpus, sections from labels, bad lines and bad files."""

from __future__ import annotations

import gzip
import itertools
import json
from datetime import UTC, datetime

import pytest

from toasoan.articles.models import ArticlePage
from toasoan.importer.models import ImportedRecord
from toasoan.importer.parsers.jsonl import body_paragraphs
from toasoan.sections.models import SectionPage

from .conftest import CorpusRecordFactory


def corpus_head(corpus, count: int) -> list[dict]:
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in itertools.islice(lines, count)]


def test_first_50_corpus_records_are_created(run_import, corpus):
    result = run_import(corpus, "--limit", 50, "--json")

    assert result.ok, result.stderr
    lines = result.json_lines
    assert len(lines) == 50
    assert {line["status"] for line in lines} == {"created"}
    assert all(line["url"] and line["error"] is None for line in lines)
    assert ArticlePage.objects.live().count() == 50
    records = corpus_head(corpus, 50)
    assert [line["title"] for line in lines] == [record["title"] for record in records]
    assert set(ImportedRecord.objects.values_list("key", flat=True)) == {record["id"] for record in records}


def test_corpus_sections_come_from_labels(run_import, corpus):
    assert run_import(corpus, "--limit", 50).ok

    records = corpus_head(corpus, 50)
    labels = {record["section"] or "Tin tổng hợp" for record in records}
    assert set(SectionPage.objects.values_list("title", flat=True)) == labels
    for record in records:
        page = ImportedRecord.objects.get(key=record["id"]).page
        assert page.get_parent().title == (record["section"] or "Tin tổng hợp")


def test_corpus_reimport_is_unchanged(run_import, corpus):
    assert run_import(corpus, "--limit", 20).ok
    result = run_import(corpus, "--limit", 20, "--json")
    assert {line["status"] for line in result.json_lines} == {"unchanged"}
    assert ArticlePage.objects.count() == 20


def test_corpus_fields(run_import, corpus):
    record = corpus_head(corpus, 1)[0]
    assert run_import(corpus, "--limit", 1).ok
    page = ArticlePage.objects.get()
    assert page.title == record["title"]
    assert page.lead == record["lead"]
    assert page.byline == record["author"]
    assert page.published_at == datetime.fromisoformat(record["published"])
    entry = ImportedRecord.objects.get()
    assert (entry.source, entry.key) == (record["source"], record["id"])


def test_sections_created_once_per_label(run_import, write_jsonl, make_section):
    existing = make_section("Thể thao")
    path = write_jsonl(
        [
            CorpusRecordFactory(section="Thể thao"),
            CorpusRecordFactory(section="Thể thao"),
            CorpusRecordFactory(section="Kinh doanh"),
            CorpusRecordFactory(section=None),
            CorpusRecordFactory(section="Kinh doanh"),
        ]
    )
    assert run_import(path).ok

    parents = [page.get_parent().slug for page in ArticlePage.objects.order_by("published_at", "pk")]
    assert sorted(parents) == ["kinh-doanh", "kinh-doanh", "the-thao", "the-thao", "tin-tong-hop"]
    assert SectionPage.objects.filter(slug="the-thao").get().pk == existing.pk
    assert SectionPage.objects.count() == 3
    assert all(section.live for section in SectionPage.objects.all())
    # Created sections are in the navigation, so imported articles reach the home page.
    assert not SectionPage.objects.exclude(pk=existing.pk).filter(show_in_menus=False).exists()


def test_section_option_puts_everything_there(run_import, write_jsonl, make_section):
    target = make_section("Thời sự")
    path = write_jsonl([CorpusRecordFactory(section="Thể thao"), CorpusRecordFactory(section=None)])
    assert run_import(path, "--section", "thoi-su").ok
    assert {page.get_parent().pk for page in ArticlePage.objects.all()} == {target.pk}
    assert SectionPage.objects.count() == 1


def test_unknown_section_option_is_a_clear_error(run_import, write_jsonl):
    path = write_jsonl([CorpusRecordFactory()])
    result = run_import(path, "--section", "khong-co")
    assert not result.ok
    assert "khong-co" in str(result.error)
    assert ArticlePage.objects.count() == 0


def test_bad_lines_fail_and_the_rest_is_imported(run_import, write_jsonl):
    path = write_jsonl(
        [
            CorpusRecordFactory(title="Bài một"),
            '{"id": "hong", "title": "JSON hỏng"',
            CorpusRecordFactory(title="Bài hai"),
            CorpusRecordFactory(title="   "),
            CorpusRecordFactory(title="Ngày sai", published="31/02/2020"),
            CorpusRecordFactory(title="Đ" * 256),
            "[1, 2, 3]",
            CorpusRecordFactory(title="Bài ba"),
            CorpusRecordFactory(title="Không có mã", id=None),
        ],
        name="hong.jsonl",
    )
    result = run_import(path, "--json")

    assert not result.ok  # exit status non-zero
    statuses = [(line["status"], line["line"]) for line in result.json_lines]
    assert statuses == [
        ("created", 1),
        ("failed", 2),
        ("created", 3),
        ("failed", 4),
        ("failed", 5),
        ("failed", 6),
        ("failed", 7),
        ("created", 8),
        ("failed", 9),
    ]
    errors = {line["line"]: line["error"] for line in result.json_lines if line["status"] == "failed"}
    assert "JSON không hợp lệ" in errors[2]
    assert "thiếu tiêu đề" in errors[4]
    assert "thời gian đăng không hợp lệ" in errors[5]
    assert "quá 255" in errors[6]
    assert "không phải một đối tượng JSON" in errors[7]
    assert "thiếu mã bản ghi" in errors[9]
    assert all(line["file"] == str(path) for line in result.json_lines)
    assert sorted(ArticlePage.objects.values_list("title", flat=True)) == ["Bài ba", "Bài hai", "Bài một"]


def test_bad_line_is_reported_with_file_and_line_without_json(run_import, write_jsonl):
    path = write_jsonl([CorpusRecordFactory(), "không phải JSON"], name="x.jsonl")
    result = run_import(path)
    assert not result.ok
    assert f"{path}:2: JSON không hợp lệ" in result.stderr
    assert "Đã tạo 1, cập nhật 0, không đổi 0, lỗi 1" in result.stdout


def test_duplicate_titles_get_distinct_slugs(run_import, write_jsonl):
    path = write_jsonl([CorpusRecordFactory(title="Cùng tên"), CorpusRecordFactory(title="Cùng tên")])
    assert run_import(path).ok
    assert sorted(ArticlePage.objects.values_list("slug", flat=True)) == ["cung-ten", "cung-ten-2"]


def test_changed_record_is_updated_and_keeps_its_slug(run_import, write_jsonl):
    record = CorpusRecordFactory(title="Tên cũ")
    assert run_import(write_jsonl([record])).ok
    result = run_import(write_jsonl([{**record, "title": "Tên mới", "body": "Thân bài mới."}]), "--json")
    assert result.json_lines[0]["status"] == "updated"
    page = ArticlePage.objects.get()
    assert (page.title, page.slug) == ("Tên mới", "ten-cu")
    assert page.body.raw_data[0]["value"] == "<p>Thân bài mới.</p>"


def test_missing_published_keeps_record_with_warning(run_import, write_jsonl):
    result = run_import(write_jsonl([CorpusRecordFactory(published=None)]), "--json")
    assert result.ok
    assert result.json_lines[0]["warnings"] == ["không có thời gian đăng"]
    page = ArticlePage.objects.get()
    assert page.published_at is None and page.published_at_unknown


@pytest.mark.parametrize("path", [pytest.param([], id="bulk"), pytest.param(["--one-by-one"], id="slow")])
def test_undated_imports_are_not_the_newest(path, run_import, write_jsonl, client):
    """Replays issue #18 (3): most corpus articles have no time; the import dated them all at
    the import, so a whole archive became the newest news, above every dated article."""
    from toasoan.articles.services import listing
    from toasoan.search.models import SearchDocument

    records = [
        CorpusRecordFactory(
            id="co-ngay", title="Cầu vượt Ngã Tư Sở thông xe", published="2020-09-16T16:20:00+07:00"
        ),
        CorpusRecordFactory(id="khong-ngay", title="Cầu vượt Láng Hạ thông xe", published=None),
    ]
    result = run_import(write_jsonl(records), *path)
    assert result.ok, result.stderr
    assert "1 bài không có thời gian đăng: ghi “Không rõ ngày”, xếp sau các bài có ngày" in result.stdout
    undated = ArticlePage.objects.get(title="Cầu vượt Láng Hạ thông xe")
    assert undated.published_at is None and undated.published_at_unknown
    assert [article.title for article in listing.articles()] == [
        "Cầu vượt Ngã Tư Sở thông xe",
        "Cầu vượt Láng Hạ thông xe",
    ]
    assert SearchDocument.objects.get(pk=undated.pk).published_at is None
    found = client.get("/tim-kiem.json", {"q": "cau vuot thong xe"}).json()["results"]
    assert [item["title"] for item in found] == ["Cầu vượt Ngã Tư Sở thông xe", "Cầu vượt Láng Hạ thông xe"]
    assert found[1]["published"] is None
    html = client.get(undated.url).content.decode()
    assert "Không rõ ngày" in html
    feed = client.get("/rss/").content.decode()
    dated_item, undated_item = feed.split("<item>")[1:3]
    assert "Ngã Tư Sở" in dated_item and "<pubDate>" in dated_item
    assert "Láng Hạ" in undated_item and "<pubDate>" not in undated_item  # not "now"
    # Edited and published again in the admin's way, it still has no time of its own.
    undated.save_revision().publish()
    undated.refresh_from_db()
    assert undated.published_at is None and undated.published_at_unknown


def test_undated_record_reimport_is_unchanged(run_import, write_jsonl):
    """The hash covers the input, not the import time: a second run changes nothing."""
    path = write_jsonl([CorpusRecordFactory(id="no-date", published=None)])
    assert run_import(path).ok
    published_at = ArticlePage.objects.get().published_at
    result = run_import(path, "--json")
    assert result.json_lines[0]["status"] == "unchanged"
    assert ArticlePage.objects.get().published_at == published_at


def test_date_only_published(run_import, write_jsonl):
    assert run_import(write_jsonl([CorpusRecordFactory(published="2020-10-01")])).ok
    assert ArticlePage.objects.get().published_at == datetime(2020, 9, 30, 17, 0, tzinfo=UTC)


def test_gzip_is_read_by_magic_bytes(run_import, tmp_path, home_page):
    path = tmp_path / "du-lieu.jsonl"
    path.write_bytes(gzip.compress(json.dumps(CorpusRecordFactory(), ensure_ascii=False).encode()))
    assert run_import(path).ok
    assert ArticlePage.objects.count() == 1


def test_truncated_gzip_fails_with_line(run_import, tmp_path, home_page):
    data = "\n".join(json.dumps(CorpusRecordFactory(), ensure_ascii=False) for _ in range(200)).encode()
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(data)[:-40])
    result = run_import(path, "--json")
    assert not result.ok
    last = result.json_lines[-1]
    assert last["status"] == "failed"
    assert "gzip" in last["error"]
    assert last["line"] is not None


def test_gz_that_is_not_gzip_fails(run_import, tmp_path, home_page):
    path = tmp_path / "gia.jsonl.gz"
    path.write_text("không phải gzip\n", encoding="utf-8")
    result = run_import(path, "--json")
    assert not result.ok
    assert result.json_lines == [
        {
            "status": "failed",
            "url": None,
            "title": None,
            "error": "không phải tệp gzip",
            "warnings": [],
            "file": str(path),
            "line": None,
        }
    ]


@pytest.mark.parametrize(
    ("body", "lead", "expected"),
    [
        ("Một.\n\nHai.", "Sapo.", ["Một.", "Hai."]),
        ("Sapo.\n\nHai.", "Sapo.", ["Hai."]),
        ("Sapo. Tiếp theo trong cùng đoạn.", "Sapo.", ["Tiếp theo trong cùng đoạn."]),
        ("Dòng một\ndòng tiếp.\n\n\n\nHai.", "", ["Dòng một dòng tiếp.", "Hai."]),
        ("A.\n \u00a0\nB.", "", ["A.", "B."]),
        (None, "Sapo.", []),
    ],
    ids=[
        "two-paragraphs",
        "lead-repeated",
        "flattened-with-lead",
        "line-breaks-and-gaps",
        "nbsp-gap",
        "no-body",
    ],
)
def test_body_paragraphs(body, lead, expected):
    assert body_paragraphs(body, lead) == expected


def test_long_duplicate_titles_keep_their_suffix(run_import, write_jsonl):
    title = (
        "Ba Đình phát động đợt thi đua cao điểm kỷ niệm 1010 năm Thăng Long - Hà Nội, "
        "chào mừng Đại hội Đảng bộ"
    )
    path = write_jsonl([CorpusRecordFactory(title=title) for _ in range(3)])
    result = run_import(path, "--json")
    assert [line["status"] for line in result.json_lines] == ["created"] * 3
    slugs = set(ArticlePage.objects.values_list("slug", flat=True))
    assert len(slugs) == 3
    assert all(len(slug) <= 100 for slug in slugs)
    assert sorted(slug.rsplit("-", 1)[-1] for slug in slugs) == ["2", "3", "bo"]
