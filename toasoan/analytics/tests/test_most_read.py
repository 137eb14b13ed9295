"""Most-read lists (day, week, all time) and "lượt xem" on the pages, in constant queries."""

from __future__ import annotations

import copy
import uuid
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from conftest import new_article, new_section, site_home
from toasoan.analytics.services import counter, stats


def _views(article, n, days_ago=0):
    counter.counter().incr(article.pk, timezone.localdate() - timedelta(days=days_ago), n)


def build_counted() -> dict:
    """Four articles whose rank differs by window; one in another section; one unpublished."""
    home = site_home()
    section = new_section(home, "Thời sự")
    other_section = new_section(home, "Kinh tế")
    a, b, c = (new_article(section, f"Bài {name}") for name in "ABC")
    d = new_article(other_section, "Bài D")
    hidden = new_article(section, "Bài đã gỡ")
    _views(a, 5)  # today
    _views(b, 3)
    _views(b, 10, days_ago=3)  # this week
    _views(c, 40, days_ago=20)  # long ago
    _views(d, 4)
    _views(hidden, 100)
    counter.flush()
    hidden.unpublish()
    return {"a": a, "b": b, "c": c, "d": d, "section": section, "other": other_section}


@pytest.fixture(scope="module")
def built_counted(module_db) -> dict:
    # The settings `fresh_counts` gives each test, for the build that comes before them.
    with override_settings(
        VIEW_KEY_PREFIX=f"v{uuid.uuid4().hex[:12]}", VIEW_FLUSH_SECONDS=0, PAGE_CACHE_ENABLED=False
    ):
        counter._local.drain()
        try:
            return module_db(build_counted)
        finally:
            counter._local.drain()


@pytest.fixture
def counted(built_counted, db) -> dict:
    """The counted articles, built once for the module (tests starting from no views are in
    test_most_read_fresh.py)."""
    return copy.deepcopy(built_counted)


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
