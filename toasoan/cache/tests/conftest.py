"""Fixtures for the fragment tests: a fresh key space per test, every request rendered."""

from __future__ import annotations

import copy
import uuid

import pytest
from django.test import override_settings

from conftest import new_article, new_section, site_home
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


def build_sections() -> dict:
    """Two sections; five articles an hour apart in the first, two in the second."""
    home = site_home()
    news = new_section(home, "Thời sự")
    economy = new_section(home, "Kinh tế")
    articles = []
    for hour in range(5):
        article = new_article(news, f"Bài thời sự số {hour}", published_at=f"0{hour + 1}:00 01/09/2020")
        article.tags.add("Ba Đình")
        article.save_revision().publish()
        articles.append(article)
    others = []
    for number in range(2):
        other = new_article(economy, f"Bài kinh tế số {number}", published_at=f"0{number + 1}:30 01/09/2020")
        other.save_revision().publish()
        others.append(other)
    return {"news": news, "economy": economy, "articles": articles, "others": others}


@pytest.fixture(scope="module")
def built_sections(module_db) -> dict:
    # What `fresh_keys` gives each test, for the build that comes before any test's own settings.
    with override_settings(PAGE_CACHE_KEY_PREFIX=f"t{uuid.uuid4().hex[:12]}", PAGE_CACHE_ENABLED=False):
        page_cache.forget_local()
        try:
            return module_db(build_sections)
        finally:
            page_cache.forget_local()


@pytest.fixture
def sections(built_sections, db) -> dict:
    """The sections, built once per module (a transactional test lives in a module of its own)."""
    return copy.deepcopy(built_sections)
