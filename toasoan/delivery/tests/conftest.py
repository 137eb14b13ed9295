"""Fixtures for the page cache and purge tests: the cache on, a fresh key space per test."""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

from conftest import new_article, new_section, site_home
from toasoan.cache.pagecache import page_cache
from toasoan.delivery.services import purge as purges


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or os.environ.get("REDIS_TEST_URL") or ""


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """Every test gets its own keys (Redis is shared by xdist workers and runs) and an empty level 1."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_KEY_PREFIX = f"t{uuid.uuid4().hex[:12]}"
    settings.VIEW_KEY_PREFIX = f"v{uuid.uuid4().hex[:12]}"
    settings.VIEW_FLUSH_SECONDS = 0
    settings.WAGTAILFRONTENDCACHE = {}
    page_cache.forget_local()
    yield
    page_cache.forget_local()


@pytest.fixture
def publish():
    def publish(page):
        page.save_revision().publish()
        return page

    return publish


def build_portal() -> dict:
    """Two sections (one with a subsection), five articles an hour apart in the first."""
    home = site_home()
    news = new_section(home, "Thời sự")
    economy = new_section(home, "Kinh tế")
    local = new_section(home, "Chính quyền", parent=news)
    articles = []
    for hour in range(5):
        article = new_article(news, f"Bài thời sự số {hour}", published_at=f"0{hour + 1}:00 01/09/2020")
        article.tags.add("Ba Đình")
        article.save_revision().publish()
        articles.append(article)
    other = new_article(economy, "Bài kinh tế", published_at="09:00 01/09/2020")
    other.save_revision().publish()
    return {"news": news, "economy": economy, "local": local, "articles": articles, "other": other}


@pytest.fixture(scope="module")
def built_portal(module_db) -> dict:
    return module_db(build_portal)


@pytest.fixture
def portal(built_portal, db) -> dict:
    """The portal, built once per module (modules with transactional tests use `fresh_portal`)."""
    return copy.deepcopy(built_portal)


@pytest.fixture
def fresh_portal(db) -> dict:
    """The portal built for this test alone: a transactional test flushes what a module shares."""
    portal = build_portal()
    purges.run_pending()  # this content stands for what was committed before the test
    return portal


@pytest.fixture
def nginx_folder():
    """A folder nginx's workers (nobody, when the tests run as root) can walk into."""
    folder = Path(tempfile.mkdtemp(prefix="toasoan-nginx-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
