"""The page explorer shows each article's publication time, sortable, without a query per row.

Replays issue #17 (7): the explorer listed title, updated and status, but not when an article
was (or will be) published, the one time a newsroom sorts by.
"""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from toasoan.articles.models import ArticlePage


def _explore(editor_client, section, query: str = "") -> str:
    response = editor_client.get(f"/admin/pages/{section.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _titles(html: str) -> list[str]:
    return [title.strip() for title in re.findall(r'<span id="page_\d+_title">\s*([^<]+?)\s*</span>', html)]


def test_explorer_lists_publication_times(editor_client, make_section, make_article):
    section = make_section("Thời sự")
    make_article(section, "Bài trưa", published_at="12:05 16/09/2020")
    make_article(section, "Bài sáng", published_at="07:30 16/09/2020")
    make_article(section, "Bài chiều", published_at="16:20 16/09/2020")
    section.add_child(instance=ArticlePage(title="Bài nháp", lead="Sapo.", live=False))

    html = _explore(editor_client, section)
    assert "Thời gian đăng" in html
    for shown in ("07:30 16/09/2020", "12:05 16/09/2020", "16:20 16/09/2020", "Khi lên trang"):
        assert shown in html, shown

    dated = ["Bài sáng", "Bài trưa", "Bài chiều"]
    oldest_first = _titles(_explore(editor_client, section, "?ordering=article_published_at"))
    assert [title for title in oldest_first if title in dated] == dated
    newest_first = _titles(_explore(editor_client, section, "?ordering=-article_published_at"))
    assert [title for title in newest_first if title in dated] == dated[::-1]


def test_explorer_column_adds_no_query_per_article(editor_client, make_section, make_article):
    section = make_section("Thời sự")
    make_article(section, "Bài sáng 1", published_at="07:30 16/09/2020")
    _explore(editor_client, section)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            _explore(editor_client, section)
        return len(context.captured_queries)

    few = queries()
    for index in range(6):
        make_article(section, f"Bài sáng {index + 2}", published_at=f"08:{index:02d} 16/09/2020")
    assert queries() == few


def test_explorer_search_still_answers(editor_client, make_section, make_article):
    section = make_section("Thời sự")
    make_article(section, "Bài sáng về thi đua", published_at="07:30 16/09/2020")
    html = _explore(editor_client, section, "?q=thi+đua")
    assert "Bài sáng về thi đua" in html
