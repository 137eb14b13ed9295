"""Inputs for the pipeline tests that misbehave in a worker process (importable there: no Django models)."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass

from toasoan.importer.parsers.jsonl import JsonLine
from toasoan.importer.records import ArticleRecord, RecordError


@dataclass(frozen=True)
class KillsItsWorker(JsonLine):
    """A line whose parsing kills the worker process it runs in (as the kernel's OOM killer would)."""

    parent_pid: int = 0

    def parse(self) -> ArticleRecord | RecordError:
        if os.getpid() != self.parent_pid:
            os.kill(os.getpid(), signal.SIGKILL)
        return super().parse()
