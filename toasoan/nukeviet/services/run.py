"""One move from NukeViet: every module of the dump, in order, each into its ledger, one report.

``MODULES`` is the ordered registry: news first (its articles are what comments and other
modules' links point at), then laws, faq, organs, and comments last (they need the pages of
every other module). A module whose tables are not in the dump reports "không có trong bản
sao"; one whose target app is not installed here is skipped with the reason before it reads a
row, so nothing of it is half-imported.

A real run commits batch by batch, so an interrupted run resumes where it stopped (the
ledger knows what is done). A dry run does the same work inside one transaction and rolls it
back at the end: its report is exactly what a real run would say, and nothing stays (files are
checked, not stored).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import transaction

from toasoan.importer.services.sections import ImportSetupError, get_home_page
from toasoan.sections.addresses import site_for
from toasoan.sections.models import HomePage

from ..dump import DumpError, NukeVietDump
from . import redirects
from .comments import import_comments
from .context import DEFAULT_SOURCE, Progress, RunContext, _no_progress
from .faq import import_faq
from .files import MODULE as FILES_MODULE
from .laws import import_laws
from .news import MODULE as NEWS_MODULE
from .news import import_news
from .organs import import_organs
from .report import ModuleReport, RunReport

if TYPE_CHECKING:
    from wagtail.models import Site

logger = logging.getLogger(__name__)
#: LegacyRecord.source's length.
SOURCE_MAX_LENGTH = 100


@dataclass(frozen=True)
class ModuleSpec:
    """A NukeViet module with a home here: its ledger name, its title, the app it needs, its importer."""

    name: str
    title: str
    app: str
    importer: Callable[[RunContext], ModuleReport]


#: In the order they run.
MODULES: list[ModuleSpec] = [
    ModuleSpec("news", "Tin tức", "toasoan.articles", import_news),
    ModuleSpec("laws", "Văn bản", "toasoan.legal", import_laws),
    ModuleSpec("faq", "Hỏi đáp", "toasoan.questions", import_faq),
    ModuleSpec("organs", "Cơ cấu tổ chức", "toasoan.organisation", import_organs),
    ModuleSpec("comment", "Bình luận", "toasoan.comments", import_comments),
]


def run_module(ctx: RunContext, spec: ModuleSpec) -> list[ModuleReport]:
    """One module's report, then those of its side tables (``ctx.reports``)."""
    if not apps.is_installed(spec.app):
        return [ModuleReport.not_run(spec.name, spec.title, f"trang này chưa cài phần đích ({spec.app})")]
    start = len(ctx.reports)
    try:
        # A dry run's savepoint keeps a failed module from breaking the run's transaction.
        if ctx.dry_run:
            with transaction.atomic():
                report = spec.importer(ctx)
        else:
            report = spec.importer(ctx)
    except DumpError:
        raise
    except Exception as exc:  # one module's failure is reported; the others still run
        logger.exception("NukeViet module %s failed", spec.name)
        report = ModuleReport.not_run(spec.name, spec.title, f"lỗi khi nhập: {exc}")
    if not report.title:
        report.title = spec.title
    return [report, *ctx.reports[start:]]


def run(ctx: RunContext, modules: list[ModuleSpec] | None = None) -> RunReport:
    """Import every module of ``ctx.dump``; raises DumpError for a dump that cannot be read."""
    result = RunReport(dump=ctx.dump.path.name, source=ctx.source, dry_run=ctx.dry_run)
    specs = MODULES if modules is None else modules
    if ctx.dry_run:
        with transaction.atomic():
            for spec in specs:
                result.modules.extend(run_module(ctx, spec))
            transaction.set_rollback(True)
    else:
        for spec in specs:
            result.modules.extend(run_module(ctx, spec))
        # Old addresses answer 301 as soon as the import ends, from what the ledger now says.
        result.redirects = redirects.rebuild(ctx.source, ctx.lang, site=ctx.site)
    files = ctx.shared.get(FILES_MODULE)
    if files is not None and files.report.total:
        result.modules.append(files.report)
    result.modules.extend(other_news_modules(ctx.dump, ctx.lang))
    return result


#: A news module's tables (NukeViet's news and the virtual modules copied from it): articles and
#: their categories; other modules with ``_rows`` (organs) have no ``_cat``.
_NEWS_TABLES = ("rows", "cat")


def other_news_modules(dump: NukeVietDump, lang: str) -> list[ModuleReport]:
    """News modules this import does not move: a second news module (a virtual copy such as
    "thông báo", its tables ``nv4_vi_<name>_rows``) or the news of another language. Reported as
    skipped with their tables, never left behind in silence."""
    found = []
    pattern = re.compile(rf"^{re.escape(dump.prefix)}_(?P<lang>[a-z]{{2}})_(?P<data>\w+)_rows$")
    for name in sorted(dump.tables):
        match = pattern.match(name)
        if match is None or (match["lang"], match["data"]) == (lang, NEWS_MODULE):
            continue
        other_lang, data = match["lang"], match["data"]
        if not all(dump.has(f"{data}_{table}", other_lang) for table in _NEWS_TABLES):
            continue
        reason = (
            f"phân hệ tin tức “{data}” ({other_lang}) chưa được chuyển: chỉ phân hệ “{NEWS_MODULE}” của "
            f"ngôn ngữ “{lang}” được nhập; các bảng {dump.table(data + '_rows', other_lang)}, "
            f"{dump.table(data + '_cat', other_lang)} còn nguyên trong bản sao"
        )
        found.append(ModuleReport.not_run(f"{data}:{other_lang}", f"Tin tức: {data} ({other_lang})", reason))
    return found


def import_dump(
    path: Path | str,
    *,
    uploads: Path | str | None = None,
    source: str = DEFAULT_SOURCE,
    dry_run: bool = False,
    progress: Progress = _no_progress,
    modules: list[ModuleSpec] | None = None,
    use_bulk: bool = True,
    site: Site | None = None,
) -> RunReport:
    """Open the dump and run every module into `site`'s portal (the default Site when None);
    raises DumpError, and ImportSetupError (no home page, or a source already moved into another
    portal).

    ``use_bulk=False`` writes new articles one by one the Wagtail way (for comparison).
    """
    home = portal_home(site)
    site = site or site_for(None)
    check_source(source, site)
    dump = NukeVietDump(path)
    ctx = RunContext(
        dump=dump,
        uploads=Path(uploads) if uploads is not None else None,
        source=source,
        dry_run=dry_run,
        home=home,
        site=site,
        progress=progress,
        use_bulk=use_bulk,
    )
    return run(ctx, modules)


def portal_home(site: Site | None) -> HomePage:
    """The home page the import writes under: the portal's, or the default Site's."""
    if site is None:
        return get_home_page()
    root = site.root_page.specific
    if not isinstance(root, HomePage):
        raise ImportSetupError(
            f"Cổng {site.hostname} chưa có trang chủ của Tòa Soạn: chạy create_portal trước"
        )
    return root


def source_for(site: Site | None) -> str:
    """The ledger name of a dump moved into `site` when none is given: each portal its own, so a
    second commune's dump is never taken for the first one's rows already imported."""
    if site is None or site.is_default_site:
        return DEFAULT_SOURCE
    return f"{DEFAULT_SOURCE}@{site.hostname}"[:SOURCE_MAX_LENGTH]


def check_source(source: str, site: Site | None) -> None:
    """A source (one dump's ledger) belongs to the portal it was first moved into."""
    moved_to = redirects.source_site(source)
    if moved_to is not None and site is not None and moved_to.pk != site.pk:
        raise ImportSetupError(
            f"Bản sao “{source}” đã được nhập vào cổng {moved_to.hostname}; để nhập vào cổng "
            f"{site.hostname}, hãy đặt tên bản sao khác (--source)."
        )
