"""What every module importer is handed: the dump, the uploads folder, the options and the shared state.

A module importer is a function ``(ctx: RunContext) -> ModuleReport`` registered in
``services.run.MODULES``.  It reads its tables through ``ctx.dump``, writes only when
``ctx.dry_run`` is false (the orchestrator also rolls a dry run back, so a module that
writes anyway loses nothing), ticks ``ctx.tick`` as it goes, and leaves what later modules
need in ``ctx.shared`` (the comment module finds the article of a news id there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone

if TYPE_CHECKING:
    from wagtail.models import Site

    from toasoan.nukeviet.dump import NukeVietDump
    from toasoan.sections.models import HomePage

    from .report import ModuleReport

#: ``progress(module, done, total)``; ``total`` is None while unknown.
Progress = Callable[[str, int, "int | None"], None]

#: The ledger's default ``source``: a name for the dump, so two portals can be merged into one site.
DEFAULT_SOURCE = "nukeviet"


def _no_progress(module: str, done: int, total: int | None) -> None:
    return None


def _now() -> datetime:
    # Looked up at each call, so a test's controlled clock (which replaces timezone.now) applies.
    return timezone.now()


@dataclass
class RunContext:
    """One run of ``import_nukeviet`` over one dump."""

    dump: NukeVietDump
    uploads: Path | None = None
    source: str = DEFAULT_SOURCE
    dry_run: bool = False
    #: The site's HomePage; sections are created under it.
    home: HomePage | None = None
    #: The portal whose home that is: the old addresses answer on its host (None: the default Site).
    site: Site | None = None
    progress: Progress = _no_progress
    #: The dump's language (NukeViet tables ``nv4_<lang>_…``, URLs ``/<lang>/…``).
    lang: str = "vi"
    #: "Now" for the run: publication times after it are scheduled, expiry times before it expired.
    clock: Callable[[], datetime] = _now
    #: State modules leave for later modules, keyed by module name (``shared["news"]`` …).
    shared: dict[str, Any] = field(default_factory=dict)
    #: Reports of a module's side tables (news: its categories, sources, authors), listed after it.
    reports: list[ModuleReport] = field(default_factory=list)
    #: False: new articles are written one by one the Wagtail way, not in bulk (slower; the
    #: equality test compares the two).
    use_bulk: bool = True

    def tick(self, module: str, done: int, total: int | None = None) -> None:
        self.progress(module, done, total)

    def now(self) -> datetime:
        return self.clock()
