"""Purges left for run_worker: a failed one is done on a later pass, nginx's second pass, the
purge window's end; no thread is started in the process that purged."""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import timedelta

from django.utils import timezone

from toasoan.cache.pagecache import page_cache
from toasoan.delivery import baking, frontend
from toasoan.delivery.models import PendingPurge
from toasoan.delivery.services import purge as purges
from toasoan.operations import periodic
from toasoan.operations.testing import reserve_port


def _make_due() -> None:
    PendingPurge.objects.update(due_at=timezone.now() - timedelta(seconds=1))


def test_the_worker_runs_the_jobs_that_end_purges():
    names = {job.name for job in periodic.jobs()}
    assert {"pending-purges", "purge-window", "baked-pages"} <= names


def test_a_page_cache_purge_that_failed_is_done_on_the_workers_next_pass(portal, monkeypatch):
    article = portal["articles"][1]
    before = page_cache.stamp(article.url)
    real = page_cache.purge_paths

    def down(paths):
        raise ConnectionError("Redis is restarting")

    monkeypatch.setattr(page_cache, "purge_paths", down)
    purges.execute(purges.article_page_purge(article))
    assert page_cache.stamp(article.url) == before  # still stale: the shared cache was down
    row = PendingPurge.objects.get()
    assert article.url in row.paths["http://localhost"] and row.attempts == 0
    assert row.due_at > timezone.now()

    assert purges.run_due_purges() is not None  # not due yet: it says when it will be
    assert PendingPurge.objects.count() == 1
    monkeypatch.setattr(page_cache, "purge_paths", real)
    _make_due()
    assert purges.run_due_purges() is None  # nothing left
    assert page_cache.stamp(article.url) != before
    assert not PendingPurge.objects.exists()


def test_a_purge_failing_again_waits_longer_and_is_given_up_in_the_end(portal, monkeypatch, caplog):
    monkeypatch.setattr(page_cache, "purge_paths", lambda paths: (_ for _ in ()).throw(ConnectionError()))
    purges.execute(purges.article_page_purge(portal["articles"][1]))
    waits = []
    for attempt in range(1, purges.MAX_ATTEMPTS + 1):
        _make_due()
        purges.run_due_purges()
        row = PendingPurge.objects.get()
        assert row.attempts == attempt
        waits.append((row.due_at - timezone.now()).total_seconds())
    assert waits == sorted(waits) and waits[-1] > 200
    _make_due()
    with caplog.at_level(logging.ERROR, logger="toasoan.delivery.services.purge"):
        purges.run_due_purges()
    assert not PendingPurge.objects.exists()
    assert "giving up a purge" in caplog.text


def test_nginx_unreachable_leaves_the_urls_for_the_worker(portal, settings):
    port = reserve_port()  # nothing listens there
    settings.WAGTAILFRONTENDCACHE = frontend.frontend_cache_settings(nginx_url=f"http://127.0.0.1:{port}")
    settings.WAGTAILFRONTENDCACHE["nginx"]["REPEAT_AFTER"] = 0
    article = portal["articles"][1]
    purges.execute(purges.article_page_purge(article))
    row = PendingPurge.objects.get()
    assert row.backends == ["nginx"] and "http://localhost" + article.url in row.urls
    assert row.attempts == 1


def test_nginxs_second_pass_is_the_workers_not_a_thread(portal, settings, monkeypatch):
    sent = []
    monkeypatch.setattr(frontend.NginxPurgeBackend, "purge", lambda self, url: sent.append(url))
    settings.WAGTAILFRONTENDCACHE = frontend.frontend_cache_settings(nginx_url="http://127.0.0.1:1")
    article = portal["articles"][1]
    threads = threading.active_count()
    purges.execute(purges.article_page_purge(article))
    assert threading.active_count() == threads
    first = list(sent)
    assert "http://localhost" + article.url in first
    row = PendingPurge.objects.get()
    assert 1.5 < (row.due_at - timezone.now()).total_seconds() <= 2.0
    _make_due()
    purges.run_due_purges()
    assert sent == first + first  # the same URLs once more
    assert not PendingPurge.objects.exists()  # and no third pass


def test_the_purge_window_is_closed_by_the_worker(settings, tmp_path, portal):
    settings.BAKED_PAGES_DIR = str(tmp_path / "baked")
    threads = threading.active_count()
    baking.purge_paths([portal["articles"][1].url])
    assert threading.active_count() == threads
    marker = tmp_path / "baked" / baking.PURGE_MARKER
    baking.close_window_job()
    assert marker.exists()  # its time has not come: a reader could still get the deleted page
    past = time.time() - 1
    os.utime(marker, (past, past))
    baking.close_window_job()
    assert not marker.exists()
