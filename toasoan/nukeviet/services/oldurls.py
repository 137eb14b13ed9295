"""The addresses NukeViet printed for a row, as its pages wrote them, for the ledger's `old_urls`.

NukeViet builds every link as ``index.php?language=vi&nv=<module>&op=<op>`` and, with rewriting
on (the default), prints it as ``/vi/<module>/<op>/`` (``rewrite_endurl`` "/"; no slash after an
``op`` ending in ``.html``).  Both forms are kept: the query form stays in old e-mails, RSS readers
and search engines that saw the site before rewriting was turned on.  The variants readers type
or other sites wrote (no ``/vi/``, no slash, capitals, ``&amp;``, parameters in another order) are
the redirect index's work (`services.redirects.normalise`), not this list's.

A module's URL name is the ``title`` of its row in ``<prefix>_<lang>_modules`` (an agency may have
installed the laws module as ``van-ban``); its tables are named after ``module_data`` and its files
live in ``uploads/<module_upload>/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from toasoan import vntext

if TYPE_CHECKING:
    from toasoan.nukeviet.dump import NukeVietDump

#: The extension NukeViet's ``rewrite_exturl`` puts on an article's op.
HTML_SUFFIX = ".html"


@dataclass(frozen=True)
class Module:
    """One installed NukeViet module: its URL name, table infix, uploads folder and title."""

    name: str
    data: str
    upload: str
    title: str

    def table(self, suffix: str = "") -> str:
        """The table suffix for `NukeVietDump.rows`: ``laws_row``, or ``faq`` for the main table."""
        return f"{self.data}_{suffix}" if suffix else self.data


def find_module(dump: NukeVietDump, module_file: str, probe: str, lang: str = "vi") -> Module | None:
    """The first installed module made from `module_file` whose `probe` table is in the dump
    (``find_module(dump, "laws", "row")``); the defaults of a stock install when the dump has no
    modules table; None when the module's tables are absent."""
    rows = dump.modules(lang) if dump.has("modules", lang) else []
    for row in rows:
        if str(row.get("module_file") or "") != module_file:
            continue
        data = str(row.get("module_data") or module_file)
        if not dump.has(f"{data}_{probe}" if probe else data, lang):
            continue
        name = str(row.get("title") or module_file)
        upload = str(row.get("module_upload") or name)
        title = vntext.normalize(str(row.get("custom_title") or "")).strip()
        return Module(name=name, data=data, upload=upload, title=title)
    if dump.has(f"{module_file}_{probe}" if probe else module_file, lang):
        return Module(name=module_file, data=module_file, upload=module_file, title="")
    return None


def forms(lang: str, module: str, op: str = "") -> list[str]:
    """The rewritten path and the query form of one NukeViet address (`op` "" is the module's home)."""
    query = f"/index.php?language={lang}&nv={module}" + (f"&op={op}" if op else "")
    if not op:
        return [f"/{lang}/{module}/", query]
    end = "" if op.endswith(HTML_SUFFIX) else "/"
    return [f"/{lang}/{module}/{op}{end}", query]


def change_alias(text: str) -> str:
    """What NukeViet's ``change_alias`` makes of a name (marks removed, words joined by "-"); the
    case it kept does not matter, since old addresses are compared without case."""
    return vntext.slugify(text, max_length=250)
