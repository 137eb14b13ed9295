"""The index follows what readers can see: publish, edit, unpublish, delete, move, privacy."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from toasoan import vntext
from toasoan.articles.models import ArticlePage
from toasoan.search.models import SearchDocument
from toasoan.search.services import indexing


def _draft(section, title: str, **fields) -> ArticlePage:
    fields.setdefault("published_at", vntext.parse_datetime("08:00 01/09/2020"))
    return section.add_child(instance=ArticlePage(title=title, live=False, **fields))


def test_a_draft_is_not_indexed_until_published(section, titles):
    page = _draft(section, "Hà Nội khởi công cầu mới")
    assert titles("ha noi") == []
    page.save_revision().publish()
    assert titles("ha noi") == ["Hà Nội khởi công cầu mới"]


def test_editing_changes_the_index_only_when_published(article, titles):
    page = article("Hà Nội khởi công cầu mới")
    page.title = "Đà Nẵng khởi công cầu mới"
    revision = page.save_revision()
    assert titles("ha noi") == ["Hà Nội khởi công cầu mới"]
    assert titles("da nang") == []
    revision.publish()
    assert titles("ha noi") == []
    assert titles("da nang") == ["Đà Nẵng khởi công cầu mới"]


def test_tags_added_in_a_revision_are_indexed_on_publish(article, titles):
    page = article("Tin buổi sáng")
    page.tags.add("Giao thông")
    page.save_revision().publish()
    assert titles("giao thong") == ["Tin buổi sáng"]


def test_unpublished_articles_are_never_results(article, titles):
    page = article("Hà Nội khởi công cầu mới")
    page.unpublish()
    assert titles("ha noi") == []
    assert not SearchDocument.objects.filter(pk=page.pk).exists()
    page.save_revision().publish()
    assert titles("ha noi") == ["Hà Nội khởi công cầu mới"]


def test_deleted_articles_leave_the_index(article, titles):
    page = article("Hà Nội khởi công cầu mới")
    page.delete()
    assert titles("ha noi") == []
    assert SearchDocument.objects.count() == 0


def test_deleting_a_section_removes_its_articles(make_section, article, titles):
    other = make_section("Kinh tế")
    article("Hà Nội xuất khẩu", parent=other)
    other.delete()
    assert titles("ha noi") == []
    assert SearchDocument.objects.count() == 0


def test_moving_an_article_updates_the_section_filter(section, make_section, article, titles):
    other = make_section("Kinh tế")
    page = article("Hà Nội xuất khẩu")
    page.move(other, pos="last-child")
    assert titles("ha noi", section_id=other.pk) == ["Hà Nội xuất khẩu"]
    assert titles("ha noi", section_id=section.pk) == []


def test_private_sections_are_not_searched(section, article, titles):
    article("Hà Nội nội bộ")
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-noi-bo"
    )
    assert titles("ha noi") == []
    restriction.delete()
    assert titles("ha noi") == ["Hà Nội nội bộ"]


def test_renaming_a_section_reindexes_its_articles(section, article, titles):
    article("Tin buổi sáng")
    section.title = "Giao thông"
    section.save_revision().publish()
    assert titles("giao thong") == ["Tin buổi sáng"]
    assert titles("thoi su") == []


def test_rebuild_command_restores_and_cleans_the_index(article, titles):
    kept = article("Hà Nội khởi công cầu mới")
    gone = article("Hà Nội thông xe cầu mới")
    SearchDocument.objects.filter(pk=kept.pk).delete()
    ArticlePage.objects.filter(pk=gone.pk).update(live=False)  # behind the signals' back
    out = StringIO()
    call_command("rebuild_search_index", "--batch-size", "1", stdout=out)
    assert "1 bài" in out.getvalue()
    assert titles("ha noi") == ["Hà Nội khởi công cầu mới"]
    assert list(SearchDocument.objects.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.parametrize("count", [pytest.param(3, id="3"), pytest.param(7, id="7")])
def test_bulk_indexing_costs_the_same_queries_whatever_the_batch(
    count, article, django_assert_max_num_queries
):
    pages = [article(f"Bài số {index}", lead="Sapo", body="Nội dung") for index in range(count)]
    for page in pages:
        page.tags.add("Hà Nội", "Giao thông")
        page.save()
    with django_assert_max_num_queries(12):
        result = indexing.index_pages(page.pk for page in pages)
    assert result.indexed == count


def _row_values(row) -> tuple[dict, tuple | None]:
    document = row.document
    return {
        field.attname: getattr(document, field.attname) for field in document._meta.concrete_fields
    }, row.vectors


def test_rows_built_with_prepared_text_are_the_same():
    """Text worked out ahead (an import's worker) gives the very row worked out on the spot."""
    import unicodedata
    from dataclasses import replace

    from toasoan.search.services.documents import Source, body_text, build_row
    from toasoan.search.services.prepared import prepare_text

    body_blocks = [
        {"type": "paragraph", "value": "<p>Hoà bình &amp; thuỷ lợi: «Bão» &lt;số 5&gt;.</p>"},
        {"type": "paragraph", "value": "<p>Có <b>chữ đậm</b> và <a href='/x'>liên kết</a></p>"},
        {"type": "photo_note", "value": {"caption": "Ảnh hội nghị", "credit": "Minh Anh"}},
        # Past PostgreSQL's 256 occurrences of a token: the slow path of index_streams.
        {"type": "paragraph", "value": "<p>" + "và " * 300 + "</p>"},
    ]
    title = unicodedata.normalize("NFD", "Thủ tướng thăm Hà Nội")  # normalizing changes it
    lead = ""
    prepared = prepare_text(title, lead, body_blocks)
    source = Source(
        page_id=7,
        title=title,
        published_at=vntext.parse_datetime("08:00 01/09/2020"),
        lead=lead,
        body=body_text(body_blocks),
        extra=["Minh Anh", "Thời sự"],
        section_id=3,
        section_title="Thời sự",
        scope_ids=[3],
    )
    assert prepared.title.normalized is not None and prepared.body.normalized is None
    for vectors in (False, True):
        plain = _row_values(build_row(source, vectors=vectors))
        assert plain[0]["title"] == "Thủ tướng thăm Hà Nội" and "·" in plain[0]["body_key"] + str(plain[1])
        assert _row_values(build_row(source, vectors=vectors, prepared=prepared)) == plain
        # Prepared from other text (the page changed since): not used, the row is still right.
        stale = prepare_text("Tiêu đề khác", "Sa pô khác", body_blocks[:1])
        assert _row_values(build_row(source, vectors=vectors, prepared=stale)) == plain
    # The body text from the same blocks (a page's raw data also has block ids), or worked out anew.
    as_stored = [{**block, "id": f"id-{number}"} for number, block in enumerate(body_blocks)]
    assert prepared.body_text_of(as_stored) == body_text(body_blocks) == source.body
    assert prepared.body_text_of(as_stored[:2]) == body_text(body_blocks[:2]) != source.body
    # And it is really used when it matches: a tampered result shows in the row.
    tampered = replace(prepared, body=replace(prepared.body, folded="khac"))
    assert build_row(source, prepared=tampered).document.body_key == "khac"
