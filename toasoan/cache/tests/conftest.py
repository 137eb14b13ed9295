"""Fixtures for the fragment tests: a fresh key space per test, every request rendered."""

from __future__ import annotations

import uuid

import pytest

from toasoan.cache.pagecache import page_cache


@pytest.fixture(autouse=True)
def fresh_keys(settings):
    """Own keys (Redis may be shared by test runs) and the page cache off: what is checked is
    the fragments, not the page cache."""
    settings.PAGE_CACHE_KEY_PREFIX = f"t{uuid.uuid4().hex[:12]}"
    settings.PAGE_CACHE_ENABLED = False
    page_cache.forget_local()
    yield
    page_cache.forget_local()


@pytest.fixture
def publish():
    def publish(page):
        page.save_revision().publish()
        return page

    return publish


@pytest.fixture
def sections(make_section, make_article, publish):
    """Two sections; five articles an hour apart in the first, two in the second."""
    news = make_section("Thời sự")
    economy = make_section("Kinh tế")
    articles = []
    for hour in range(5):
        article = make_article(news, f"Bài thời sự số {hour}", published_at=f"0{hour + 1}:00 01/09/2020")
        article.tags.add("Ba Đình")
        articles.append(publish(article))
    others = [
        publish(
            make_article(economy, f"Bài kinh tế số {number}", published_at=f"0{number + 1}:30 01/09/2020")
        )
        for number in range(2)
    ]
    return {"news": news, "economy": economy, "articles": articles, "others": others}
