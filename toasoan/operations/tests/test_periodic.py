"""One loop for the periodic work (`manage.py run_worker`): due jobs run, each at its own pace, and
one that fails neither stops the others nor runs again at once."""

from __future__ import annotations

import pytest

from toasoan.operations import periodic


@pytest.fixture
def jobs(monkeypatch):
    monkeypatch.setattr(periodic, "_jobs", {})
    return periodic


def test_due_jobs_run_at_their_own_pace(jobs):
    ran = []
    jobs.register("often", 10, lambda: ran.append("often"))
    jobs.register("rarely", 60, lambda: ran.append("rarely"))
    assert jobs.run_due(now=1000.0) == 10
    assert ran == ["often", "rarely"]
    assert jobs.run_due(now=1005.0) == 5  # nothing due yet
    assert jobs.run_due(now=1010.0) == 10
    assert ran == ["often", "rarely", "often"]
    jobs.run_due(now=1060.0)
    assert ran == ["often", "rarely", "often", "often", "rarely"]


def test_a_job_may_ask_to_run_sooner_never_later_than_its_pace(jobs):
    jobs.register("publishing", 30, lambda: 2.5)
    assert jobs.run_due(now=0.0) == 2.5
    jobs.register("publishing", 30, lambda: 500)
    assert jobs.run_due(now=10.0) == 30


def test_a_failing_job_is_logged_and_the_others_run(jobs, caplog):
    ran = []

    def broken():
        raise RuntimeError("Redis is down")

    jobs.register("broken", 20, broken)
    jobs.register("fine", 20, lambda: ran.append(1))
    assert jobs.run_due(now=0.0) == 20
    assert ran == [1] and "broken failed" in caplog.text


def test_the_apps_register_their_jobs():
    names = {job.name for job in periodic.jobs()}
    assert "baked-pages" in names  # delivery: expiring baked pages, no thread in the web processes
    assert "search-window" in names  # search: the newest articles' own indexes (PostgreSQL)
