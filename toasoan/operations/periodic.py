"""Periodic work in one place: apps register jobs from `ready()`, `manage.py run_worker` runs them
in one loop (pretix's `runperiodic` is the model), never threads in the web processes.

A job is called with no argument and returns the seconds until it wants to run again (None: its
usual `every`). A job that raises is logged and tried again after `every`; the others go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    every: float
    function: Callable[[], float | None]
    due_at: float = field(default=0.0)  # epoch seconds; 0: at the first pass


_jobs: dict[str, Job] = {}


def register(name: str, every: float, function: Callable[[], float | None]) -> None:
    """Add a job (registering a name again replaces it)."""
    _jobs[name] = Job(name, every, function)


def reset() -> None:
    """Every job due at the next pass, as in a worker that has just started."""
    for job in _jobs.values():
        job.due_at = 0.0


def jobs() -> list[Job]:
    return list(_jobs.values())


def run_due(now: float | None = None) -> float:
    """Run every job whose time has come; the seconds until the next one is due."""
    now = timezone.now().timestamp() if now is None else now
    for job in _jobs.values():
        if job.due_at > now:
            continue
        try:
            wanted = job.function()
        except Exception:
            logger.exception("periodic: %s failed; tried again in %.0f s", job.name, job.every)
            wanted = None
        job.due_at = now + (job.every if wanted is None else max(0.05, min(job.every, wanted)))
    return max(0.0, min((job.due_at for job in _jobs.values()), default=now + 60) - now)
