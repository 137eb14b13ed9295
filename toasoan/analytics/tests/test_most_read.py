"""Most-read lists (day, week, all time) and "lượt xem" on the pages, in constant queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from toasoan.analytics.services import counter, stats


def _views(article, n, days_ago=0):
    counter.counter().incr(article.pk, timezone.localdate() - timedelta(days=days_ago), n)


@pytest.fixture
def counted(section, make_section, make_article):
    """Four articles whose rank differs by window; one in another section; one unpublished."""
    other_section = make_section("Kinh tế")
    a, b, c = (make_article(section, f"Bài {name}") for name in "ABC")
    d = make_article(other_section, "Bài D")
    hidden = make_article(section, "Bài đã gỡ")
    _views(a, 5)  # today
    _views(b, 3)
    _views(b, 10, days_ago=3)  # this week
    _views(c, 40, days_ago=20)  # long ago
    _views(d, 4)
    _views(hidden, 100)
    counter.flush()
    hidden.unpublish()
    return {"a": a, "b": b, "c": c, "d": d, "section": section, "other": other_section}


@pytest.mark.parametrize(
    ("window", "expected"),
    [("day", ["a", "d", "b"]), ("week", ["b", "a", "d"]), ("all", ["c", "b", "a", "d"])],
    ids=["day", "week", "all"],
)
def test_most_read_order_per_window(counted, window, expected, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = list(stats.most_read(window, limit=5))
    assert [article.pk for article in found] == [counted[name].pk for name in expected]
    assert all(article.view_count > 0 for article in found)


def test_most_read_within_a_section(counted):
    found = list(stats.most_read("day", within=counted["section"]))
    assert [article.pk for article in found] == [counted["a"].pk, counted["b"].pk]


def test_most_read_view_counts(counted):
    found = {article.pk: article.view_count for article in stats.most_read("week")}
    assert found[counted["b"].pk] == 13


def test_most_read_limit(counted):
    assert len(list(stats.most_read("all", limit=2))) == 2


def test_article_page_shows_views_and_its_pixel(client, counted):
    response = client.get(counted["b"].url)
    html = response.content.decode()
    assert "13</span> lượt xem" in html
    assert f'src="/luot-xem/{counted["b"].pk}.svg"' in html


def test_home_and_section_show_most_read(client, counted):
    home = client.get("/").content.decode()
    assert "Đọc nhiều" in home and "Trong ngày" in home and "Mọi lúc" in home
    section = client.get(counted["section"].url).content.decode()
    assert "Đọc nhiều" in section
    assert "Bài D" not in section.split("Đọc nhiều", 1)[1]


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


def test_most_read_lists_are_cached_until_the_next_flush(counted, django_assert_num_queries):
    from toasoan.analytics.services.stats import most_read_lists

    first = most_read_lists(None, 5)
    with django_assert_num_queries(0):
        assert most_read_lists(None, 5) == first
    _views(counted["d"], 50)
    counter.flush()
    day = next(window for window in most_read_lists(None, 5) if window["key"] == "day")
    assert day["articles"][0]["title"] == "Bài D"
    assert day["articles"][0]["view_count"] == 54
