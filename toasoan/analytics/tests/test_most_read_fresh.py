"""Most-read blocks on a portal that starts without counted views: apart from test_most_read.py,
whose tests share articles already counted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from toasoan.analytics.services import counter

from .test_most_read import _views


def test_no_block_without_views(client, section, make_article):
    make_article(section, "Bài chưa ai đọc")
    assert "Đọc nhiều" not in client.get("/").content.decode()


def test_vietnamese_number_format():
    from toasoan.analytics.templatetags.analytics_tags import vn_number

    assert vn_number(1234567) == "1.234.567"
    assert vn_number("x") == ""


@pytest.mark.parametrize("url_name", ["home", "section", "article"], ids=["home", "section", "article"])
def test_pages_with_most_read_keep_constant_queries(client, section, make_article, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    articles = []

    def grow(n):
        for i in range(n):
            article = make_article(
                section, f"Bài số {len(articles)}", published_at=timezone.now() - timedelta(hours=i)
            )
            articles.append(article)
            _views(article, i + 1)
        counter.flush()

    def queries():
        url = {"home": "/", "section": section.url, "article": articles[0].url}[url_name]
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    grow(3)
    small = queries()
    grow(12)
    assert queries() == small
