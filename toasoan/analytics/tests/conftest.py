"""Fixtures for view counting: a fresh key space per test, and the Redis counter when Redis runs."""

from __future__ import annotations

import os
import uuid

import pytest
from django.urls import NoReverseMatch, reverse

from toasoan.analytics.services import counter


@pytest.fixture(autouse=True)
def fresh_counts(settings):
    settings.VIEW_KEY_PREFIX = f"v{uuid.uuid4().hex[:12]}"
    settings.VIEW_FLUSH_SECONDS = 0  # the tests flush by hand
    settings.PAGE_CACHE_ENABLED = False
    try:
        reverse("analytics:beacon", args=[1])
    except NoReverseMatch:
        settings.ROOT_URLCONF = "toasoan.analytics.tests.urls"
    counter._local.drain()
    yield
    counter._local.drain()


def _redis_url() -> str:
    return os.environ.get("REDIS_URL") or os.environ.get("REDIS_TEST_URL") or ""


@pytest.fixture(params=["local", "redis"], ids=["local-buffer", "redis"])
def counter_backend(request, settings):
    """Both buffers: this process's, and Redis (skipped where no Redis runs; CI starts one)."""
    if request.param == "redis":
        url = _redis_url()
        if not url:
            pytest.skip(
                "no REDIS_URL or REDIS_TEST_URL: the Redis counter is tested where Redis runs (.ci/run)"
            )
        settings.CACHES = {
            **settings.CACHES,
            "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url},
        }
    settings.VIEW_COUNTER = request.param
    return request.param


@pytest.fixture
def section(make_section):
    return make_section("Thời sự")


@pytest.fixture
def article(section, make_article):
    return make_article(section, "Bão số 3 đổ bộ")
