"""NukeViet's news module → sections and articles, through the importer's paths.

* Categories (``news_cat``) become sections, parents first, the Wagtail way (``add_child`` and a
  published revision, as ``importer.services.sections`` makes them), under the home page or
  their parent's section; the slug is the category's alias. A section of that slug already
  under the same parent is used as it is. A suspended category (``status`` 0, or 10+ when
  locked by a suspended parent) becomes an unpublished section.
* Sources become agencies (``Agency``), authors (``news_author``) become ``Author`` snippets,
  of the portal imported into (every portal's for the main portal). One of the same name that
  portal may already name (its own or every portal's) is used instead; another portal's is not
  (docs/portals.md, "Authors and agencies").
* Rows with their ``detail`` become articles. What NukeViet 4.x's ``status`` means
  (``modules/news/language/admin_vi.php``, ``global.functions.php``) and what we make of it:

  ====================  =======================================  =================================
  NukeViet              meaning                                  here
  ====================  =======================================  =================================
  1, published time     Xuất bản                                 published (bulk path)
  past, no expiry past
  1 with a future       Xuất bản, not yet shown                  scheduled: ``go_live_at``
  ``publtime``; 2       Hẹn giờ đăng
  1 with ``exptime``    expired (NukeViet's job archives it      unpublished, marked expired
  past; 3               or deletes it)                           (nothing is lost)
  1 with a future       Xuất bản until then                      published with ``expire_at``
  ``exptime``
  0                     Ngưng hiệu lực (taken down)              unpublished draft
  4                     Lưu nháp                                 unpublished draft
  5–10                  in review (chuyển duyệt, từ chối…)       unpublished draft
  > 20                  locked by a suspended category           unpublished draft
  ====================  =======================================  =================================

  NukeViet deletes an article's rows outright: what is left of a deleted one is a ``detail``
  row without its ``rows`` row, and articles whose every category was deleted; both are
  skipped with the reason. Articles new to us, in every state, are written by the importer's
  bulk path (``importer.services.bulk``: the same rows as Wagtail's one by one, proven by
  ``importer/tests/test_bulk_equality.py`` and ``tests/test_bulk_equality.py`` here); a batch
  the bulk write fails on, and every update, goes the Wagtail way (``add_child``,
  ``save_revision``, ``publish``/``unpublish``).

Each category and article gets its ``LegacyRecord`` with the addresses NukeViet printed for it.
The ledger's ``content_hash`` is that of the NukeViet rows read (and the state they mean now):
a second run over the same dump reads no body and writes nothing.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from selectolax.lexbor import LexborHTMLParser
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from toasoan import vntext
from toasoan.articles import scope
from toasoan.articles.models import Agency, ArticlePage, ArticleTag, Author, Tag
from toasoan.importer.records import Block as RecordBlock
from toasoan.importer.records import (
    InvalidRecord,
    MediaRef,
    Origin,
    build_record,
    clean_line,
    heading,
    paragraph,
    photo_note,
)
from toasoan.importer.services import bulk
from toasoan.importer.services.sections import FALLBACK_SECTION_SLUG, SLUG_MAX_LENGTH, SectionTarget
from toasoan.sections.models import HomePage, SectionPage

from ..dump import read_dump
from ..models import LegacyRecord
from .body import read_body
from .context import RunContext
from .files import files_for, upload_path
from .ledger import digest
from .report import ModuleReport

logger = logging.getLogger(__name__)

MODULE = "news"
CAT_MODULE = "news_cat"
SOURCE_MODULE = "news_source"
AUTHOR_MODULE = "news_author"
TITLE = "Tin tức"
#: Bumped when what the importer makes of the same rows changes: every article is read anew.
IMPORT_VERSION = 1
#: Articles read, looked up in the ledger and written per round.
BATCH_SIZE = 200
#: NukeViet's ``global_code_defined``: a row above this is locked by a suspended category.
ROW_LOCKED_STATUS = 20
CAT_VISIBLE_STATUSES = (1, 2)
#: NukeViet's default ``rewrite_exturl`` (the ".html" of an article's address).
EXTENSION = ".html"
AGENCY_CODE_LENGTH = 20

REASON_DELETED_CATEGORY = "chuyên mục của bài đã bị xóa trên NukeViet (#{ids})"
REASON_ORPHAN = "bài đã bị xóa trên NukeViet, chỉ còn lại nội dung (bảng detail)"
NOTE_NO_DETAIL = "không có nội dung chi tiết (bảng detail), chỉ có phần tóm tắt"


class State(StrEnum):
    PUBLISHED = "published"
    SCHEDULED = "scheduled"
    DRAFT = "draft"
    EXPIRED = "expired"


#: The state of a new page the bulk path writes for each.
PAGE_STATES = {
    State.PUBLISHED: bulk.PageState.PUBLISHED,
    State.SCHEDULED: bulk.PageState.SCHEDULED,
    State.DRAFT: bulk.PageState.DRAFT,
    State.EXPIRED: bulk.PageState.EXPIRED,
}


STATE_NOTES = {
    0: "ngưng hiệu lực trên NukeViet: nhập thành bản nháp",
    4: "bản nháp trên NukeViet",
    5: "đang chờ duyệt trên NukeViet: nhập thành bản nháp",
    6: "bị từ chối duyệt trên NukeViet: nhập thành bản nháp",
    7: "đang duyệt trên NukeViet: nhập thành bản nháp",
    8: "đang chờ đăng trên NukeViet: nhập thành bản nháp",
    9: "bị từ chối đăng trên NukeViet: nhập thành bản nháp",
    10: "đang kiểm tra để đăng trên NukeViet: nhập thành bản nháp",
}


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return "" if value is None else str(value)


def _time(value: Any) -> datetime | None:
    stamp = _int(value)
    return datetime.fromtimestamp(stamp, tz=UTC) if stamp > 0 else None


def decide(row: dict[str, Any], now: datetime) -> tuple[State, str]:
    """What an article row's status and times mean at *now*, with a note for the report."""
    status = _int(row.get("status"))
    published, expires = _time(row.get("publtime")), _time(row.get("exptime"))
    if status > ROW_LOCKED_STATUS:
        return State.DRAFT, "chuyên mục bị đình chỉ trên NukeViet: nhập thành bản nháp"
    if status in (1, 2):
        if expires is not None and expires <= now:
            return State.EXPIRED, "đã hết hạn trên NukeViet: nhập thành bài ngừng đăng"
        if published is not None and published > now:
            return State.SCHEDULED, ""
        return State.PUBLISHED, ""
    if status == 3:
        return State.EXPIRED, "đã hết hạn trên NukeViet: nhập thành bài ngừng đăng"
    return State.DRAFT, STATE_NOTES.get(status, f"trạng thái {status} trên NukeViet: nhập thành bản nháp")


def category_urls(module: str, lang: str, alias: str) -> list[str]:
    """A category's addresses as NukeViet printed them (``$global_array_cat[...]['link']``, rewritten)."""
    return [f"/{lang}/{module}/{alias}/", f"/index.php?language={lang}&nv={module}&op={alias}"]


def article_urls(module: str, lang: str, cat_aliases: Iterable[str], alias: str, row_id: int) -> list[str]:
    """An article's addresses: under each of its categories, rewritten and as ``index.php?…&op=``.

    NukeViet prints ``<category link>/<alias>-<id>`` + ``rewrite_exturl``; ``op`` without the
    extension reaches the same article (``detail.php`` reads the id from the last dash).
    """
    urls: list[str] = []
    for cat in cat_aliases:
        tail = f"{cat}/{alias}-{row_id}"
        urls += [
            f"/{lang}/{module}/{tail}{EXTENSION}",
            f"/index.php?language={lang}&nv={module}&op={tail}{EXTENSION}",
            f"/index.php?language={lang}&nv={module}&op={tail}",
        ]
    return urls


#: Columns that change without the article changing (view and rating counts, list order): left out
#: of the hash, so a fresh dump of a portal still in use does not rewrite every article.
VOLATILE_ROW_COLUMNS = frozenset(
    {
        "hitstotal",
        "hitscm",
        "total_rating",
        "click_rating",
        "weight",
        "instant_active",
        "instant_template",
        "instant_creatauto",
    }
)
CATEGORY_COLUMNS = ("title", "alias", "parentid", "status", "description")
#: The module's tables read in the first pass; the bodies (``detail``) are streamed in a second.
SIDE_TABLES = (
    "news_cat",
    "news_sources",
    "news_author",
    "news_authorlist",
    "news_tags",
    "news_tags_id",
    "news_rows",
)


def _stable(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in VOLATILE_ROW_COLUMNS}


def _hash(*parts: Any) -> str:
    return digest(list(parts))


def _known[T](model: type[T], entries: dict[str, LegacyRecord]) -> dict[str, T]:
    """The objects earlier runs made, by ledger key, in one query."""
    pks = {key: int(entry.object_pk) for key, entry in entries.items() if entry.object_pk.isdigit()}
    found = model.objects.in_bulk(set(pks.values()))
    return {key: found[pk] for key, pk in pks.items() if pk in found}


def _by_name[T: (Agency, Author)](rows: Iterable[T]) -> dict[str, T]:
    """Rows by lower-cased name: the portal's own first, then every portal's, each in *rows*' order."""
    found: dict[str, T] = {}
    for row in sorted(rows, key=lambda row: row.site_id is None):
        found.setdefault(row.name.lower(), row)
    return found


def _plain(text: str) -> str:
    """Text that may hold markup (NukeViet's ``hometext``), as plain text."""
    if "<" not in text:
        return text
    body = LexborHTMLParser(f"<body>{text}</body>").body
    return body.text(separator=" ") if body is not None else text


def _upsert(ctx: RunContext, module: str, key: str, **values: Any) -> LegacyRecord:
    entry, _ = LegacyRecord.objects.update_or_create(
        source=ctx.source, module=module, key=key, defaults=values
    )
    return entry


@dataclass
class _Category:
    catid: int
    row: dict[str, Any]
    alias: str
    visible: bool
    section: SectionPage | None = None


@dataclass
class _Article:
    """One row ready to be written."""

    row_id: int
    key: str
    state: State
    section: SectionPage
    page: ArticlePage
    tags: list[Tag]
    authors: list[Author]
    old_urls: list[str]
    content_hash: str
    notes: list[str] = field(default_factory=list)
    entry: LegacyRecord | None = None
    #: What ``_prepare`` was given, to build the page anew when a bulk write fails.
    inputs: tuple[Any, ...] = ()
    #: NukeViet's last edit (``edittime``): the page's last publication, as sitemaps and
    #: ``article:modified_time`` tell it, instead of the moment of the import.
    edited: datetime | None = None


class NewsImport:
    def __init__(self, ctx: RunContext, report: ModuleReport) -> None:
        self.ctx = ctx
        self.report = report
        self.cat_report = ModuleReport(CAT_MODULE, "Chuyên mục tin tức")
        self.source_report = ModuleReport(SOURCE_MODULE, "Nguồn tin")
        self.author_report = ModuleReport(AUTHOR_MODULE, "Tác giả")
        self.module_name = self._module_name()
        self.now = ctx.now()
        self.categories: dict[int, _Category] = {}
        self.agencies: dict[int, Agency] = {}
        self.source_rows: dict[int, dict[str, Any]] = {}
        self.authors: dict[int, Author] = {}
        self.tag_names: dict[int, list[str]] = defaultdict(list)
        self.author_ids: dict[int, list[int]] = defaultdict(list)
        self._tags: dict[str, Tag] = {}
        self._targets: dict[int, SectionTarget] = {}
        self.files = files_for(ctx)
        self.done = 0
        self.tables: dict[str, list[dict[str, Any]]] = {}

    def _module_name(self) -> str:
        """The news module's name in addresses (``nv=``): its row in ``modules``, else "news"."""
        if self.ctx.dump.has("modules", self.ctx.lang):
            for module in self.ctx.dump.rows("modules", self.ctx.lang):
                if module.get("module_file") == "news" and module.get("module_data") == "news":
                    return _text(module.get("title")) or MODULE
        return MODULE

    def read_tables(self) -> None:
        """Every table of the module but the bodies, in one pass over the dump (each pass reads it all)."""
        dump, lang = self.ctx.dump, self.ctx.lang
        names = {dump.table(suffix, lang): suffix for suffix in SIDE_TABLES if dump.has(suffix, lang)}
        fallback = {
            name: dump.fallback_columns[suffix]
            for name, suffix in names.items()
            if suffix in dump.fallback_columns
        }
        self.tables = {suffix: [] for suffix in SIDE_TABLES}
        for name, row in read_dump(dump.path, tables=set(names), fallback_columns=fallback or None):
            self.tables[names[name]].append(row)

    # ----------------------------------------------------------------------------- categories
    def import_categories(self, home: HomePage) -> None:
        rows = self.tables["news_cat"]
        by_id = {_int(row.get("catid")): row for row in rows}
        entries = {
            entry.key: entry
            for entry in LegacyRecord.objects.filter(
                source=self.ctx.source, module=CAT_MODULE
            ).select_related("page")
        }

        def depth(catid: int) -> int:
            seen, level = set(), 0
            while catid in by_id and catid not in seen:
                seen.add(catid)
                catid = _int(by_id[catid].get("parentid"))
                level += 1
            return level

        for catid in sorted(by_id, key=lambda cid: (depth(cid), _int(by_id[cid].get("sort")), cid)):
            row = by_id[catid]
            status = _int(row.get("status"))
            parent_id = _int(row.get("parentid"))
            parent = self.categories.get(parent_id)
            visible = status in CAT_VISIBLE_STATUSES and (parent is None or parent.visible)
            alias = vntext.slugify(_text(row.get("alias")), SLUG_MAX_LENGTH) or vntext.slugify(
                _text(row.get("title")), SLUG_MAX_LENGTH
            )
            category = self.categories[catid] = _Category(catid, row, alias or FALLBACK_SECTION_SLUG, visible)
            title = clean_line(row.get("title")) or alias
            urls = category_urls(self.module_name, self.ctx.lang, _text(row.get("alias")))
            content_hash = _hash(IMPORT_VERSION, [row.get(name) for name in CATEGORY_COLUMNS], visible)
            entry = entries.get(str(catid))
            note = "" if visible else "chuyên mục bị đình chỉ trên NukeViet: nhập thành chuyên mục chưa đăng"
            if entry is not None and entry.page is not None:
                section = entry.page.specific
                category.section = section
                if entry.content_hash == content_hash:
                    self.cat_report.add("unchanged", catid, title)
                    continue
                self._update_section(section, title, visible)
                _upsert(
                    self.ctx,
                    CAT_MODULE,
                    str(catid),
                    content_hash=content_hash,
                    page=section,
                    old_urls=urls,
                    status=LegacyRecord.Status.CREATED,
                    reason=note,
                )
                self.cat_report.add("updated", catid, title, note)
                continue
            parent_page = parent.section if parent is not None and parent.section is not None else home
            if parent_id and parent is None:
                note = f"chuyên mục cha #{parent_id} không có trong bản sao: đặt dưới trang chủ"
            section, adopted = self._section(parent_page, title, category.alias, visible, row)
            category.section = section
            _upsert(
                self.ctx,
                CAT_MODULE,
                str(catid),
                content_hash=content_hash,
                page=section,
                old_urls=urls,
                status=LegacyRecord.Status.CREATED,
                reason=note,
            )
            self.cat_report.add("created", catid, title, "dùng chuyên mục có sẵn" if adopted else note)

    def _section(
        self, parent: Page, title: str, slug: str, visible: bool, row: dict[str, Any]
    ) -> tuple[SectionPage, bool]:
        existing = SectionPage.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing, True
        section = SectionPage(
            title=title,
            slug=slug,
            # NukeViet lists top-level categories in its menu.
            show_in_menus=visible and isinstance(parent, HomePage),
            search_description=clean_line(row.get("description"))[:255],
            live=visible,
        )
        parent.add_child(instance=section)
        revision = section.save_revision()
        if visible:
            revision.publish()
        return section, False

    @staticmethod
    def _update_section(section: SectionPage, title: str, visible: bool) -> None:
        section.title = title
        revision = section.save_revision()
        if visible:
            revision.publish()
        elif section.live:
            section.unpublish()

    # ----------------------------------------------------------------------------- sources, authors, tags
    def import_sources(self) -> None:
        entries = {
            entry.key: entry
            for entry in LegacyRecord.objects.filter(source=self.ctx.source, module=SOURCE_MODULE)
        }
        known = _known(Agency, entries)
        # Codes are unique across the install, so a new code avoids every portal's; a source is
        # found by name among the rows this portal may name only (docs/portals.md, "Authors and
        # agencies").
        taken = set(Agency.objects.values_list("code", flat=True))
        by_name = _by_name(Agency.objects.for_site(self._portal_id()).order_by("code"))
        owner = scope.import_owner(self.ctx.site)
        for row in self.tables["news_sources"]:
            sourceid = _int(row.get("sourceid"))
            self.source_rows[sourceid] = row
            name = clean_line(row.get("title"))[:200]
            link = _text(row.get("link")).strip()[:200]
            agency = known.get(str(sourceid))
            if agency is not None:
                self.agencies[sourceid] = agency
                self.source_report.add("unchanged", sourceid, name)
                continue
            if not name:
                self.source_report.add("skipped", sourceid, reason="nguồn tin không có tên")
                continue
            agency = by_name.get(name.lower())
            reason = "dùng nguồn tin có sẵn" if agency is not None else ""
            if agency is None:
                code = _agency_code(name, link, taken)
                taken.add(code)
                agency = Agency.objects.create(
                    code=code, name=name, url=link if link.startswith("http") else "", site=owner
                )
                by_name[name.lower()] = agency
            self.agencies[sourceid] = agency
            _upsert(
                self.ctx,
                SOURCE_MODULE,
                str(sourceid),
                content_hash=_hash(row),
                object_label="articles.Agency",
                object_pk=str(agency.pk),
                status=LegacyRecord.Status.CREATED,
                reason=reason,
            )
            self.source_report.add("created", sourceid, f"{agency.code} – {name}", reason)

    def import_authors(self) -> None:
        entries = {
            entry.key: entry
            for entry in LegacyRecord.objects.filter(source=self.ctx.source, module=AUTHOR_MODULE)
        }
        known = _known(Author, entries)
        # Found by name among the rows this portal may name (its own, then every portal's);
        # another portal's namesake is someone else to this portal's staff (docs/portals.md).
        # Only rows that were there before: two NukeViet accounts with one pen name stay two.
        by_name = _by_name(Author.objects.for_site(self._portal_id()).order_by("pk"))
        owner = scope.import_owner(self.ctx.site)
        for row in self.tables["news_author"]:
            aid = _int(row.get("id"))
            name = clean_line(row.get("pseudonym"))[:120]
            author = known.get(str(aid))
            if author is not None:
                self.authors[aid] = author
                self.author_report.add("unchanged", aid, name)
                continue
            if not name:
                self.author_report.add("skipped", aid, reason="tác giả không có bút danh")
                continue
            author = by_name.get(name.lower())
            reason = "dùng tác giả có sẵn" if author is not None else ""
            if author is None:
                # Only the name a reader saw: the account behind it (``uid``) is an editor, not migrated.
                author = Author.objects.create(
                    name=name, bio=vntext.normalize(_text(row.get("description"))).strip(), site=owner
                )
            self.authors[aid] = author
            _upsert(
                self.ctx,
                AUTHOR_MODULE,
                str(aid),
                content_hash=_hash(row),
                object_label="articles.Author",
                object_pk=str(author.pk),
                status=LegacyRecord.Status.CREATED,
                reason=reason,
            )
            self.author_report.add("created", aid, name, reason)
        for row in self.tables["news_authorlist"]:
            self.author_ids[_int(row.get("id"))].append(_int(row.get("aid")))

    def _portal_id(self) -> int | None:
        return self.ctx.site.pk if self.ctx.site is not None else None

    def read_tags(self) -> None:
        titles = {_int(row.get("tid")): clean_line(row.get("title")) for row in self.tables["news_tags"]}
        for row in self.tables["news_tags_id"]:
            name = titles.get(_int(row.get("tid"))) or clean_line(row.get("keyword"))
            if name:
                self.tag_names[_int(row.get("id"))].append(name[:100])

    def _tag(self, name: str) -> Tag:
        tag = self._tags.get(name)
        if tag is None:
            tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
            self._tags[name] = tag
        return tag

    # ----------------------------------------------------------------------------- articles
    def import_rows(self) -> None:
        # Kept in memory without their bodies (the detail table holds those, read as a stream).
        rows = {_int(row.get("id")): row for row in self.tables.pop("news_rows")}
        total = len(rows)
        batch: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
        for detail in self._details():
            row_id = _int(detail.get("id"))
            row = rows.pop(row_id, None)
            if row is None:
                self._orphan(row_id)
                continue
            batch.append((row, detail))
            if len(batch) >= BATCH_SIZE:
                self._write(batch, total)
                batch = []
        for row in rows.values():
            batch.append((row, None))
            if len(batch) >= BATCH_SIZE:
                self._write(batch, total)
                batch = []
        self._write(batch, total)

    def _details(self) -> Iterator[dict[str, Any]]:
        """Bodies: the ``detail`` table since NukeViet 4.0.29 (2016), ``bodyhtml_<n>`` tables before."""
        dump, lang = self.ctx.dump, self.ctx.lang
        if dump.has("news_detail", lang):
            yield from dump.rows("news_detail", lang)
            return
        head = dump.table("news_bodyhtml_", lang)
        parts = sorted(
            (int(name[len(head) :]), name[len(head) - len("news_bodyhtml_") :])
            for name in dump.tables
            if name.startswith(head) and name[len(head) :].isdigit()
        )
        for _number, suffix in parts:
            yield from dump.rows(suffix, lang)

    def _orphan(self, row_id: int) -> None:
        entry = LegacyRecord.objects.filter(source=self.ctx.source, module=MODULE, key=str(row_id)).first()
        if entry is None or entry.reason != REASON_ORPHAN:
            _upsert(
                self.ctx,
                MODULE,
                str(row_id),
                content_hash="",
                status=LegacyRecord.Status.SKIPPED,
                reason=REASON_ORPHAN,
                old_urls=[],
            )
        self.report.add("skipped", row_id, reason=REASON_ORPHAN)

    def _write(self, batch: list[tuple[dict[str, Any], dict[str, Any] | None]], total: int) -> None:
        if not batch:
            return
        keys = [str(_int(row.get("id"))) for row, _detail in batch]
        entries = {
            entry.key: entry
            for entry in LegacyRecord.objects.filter(
                source=self.ctx.source, module=MODULE, key__in=keys
            ).select_related("page")
        }
        new: list[_Article] = []
        for row, detail in batch:
            self.done += 1
            row_id = _int(row.get("id"))
            entry = entries.get(str(row_id))
            state, note = decide(row, self.now)
            cat_ids = [_int(part) for part in _text(row.get("listcatid")).split(",") if _int(part)]
            main = _int(row.get("catid"))
            ordered = [main, *(cid for cid in cat_ids if cid != main)]
            known = [self.categories[cid] for cid in ordered if cid in self.categories]
            alias = _text(row.get("alias"))
            urls = article_urls(
                self.module_name, self.ctx.lang, [cat.row.get("alias") for cat in known], alias, row_id
            )
            if known and not known[0].visible and state is not State.DRAFT:
                state, note = State.DRAFT, "chuyên mục bị đình chỉ trên NukeViet: nhập thành bản nháp"
            content_hash = _hash(
                IMPORT_VERSION,
                _stable(row),
                detail,
                state,
                [cat.catid for cat in known],
                self.tag_names.get(row_id, []),
                self.author_ids.get(row_id, []),
                self.source_rows.get(_int(row.get("sourceid"))),
            )
            if (
                entry is not None
                and entry.content_hash == content_hash
                and entry.status == LegacyRecord.Status.SKIPPED
            ):
                self.report.add("skipped", row_id, clean_line(row.get("title")), entry.reason)
                continue
            if entry is not None and entry.content_hash == content_hash and entry.page is not None:
                self.report.add("unchanged", row_id, clean_line(row.get("title")))
                continue
            if not known:
                missing = ",".join(str(cid) for cid in ordered) or "0"
                self._skip(row_id, row, REASON_DELETED_CATEGORY.format(ids=missing), urls, content_hash)
                continue
            try:
                article = self._prepare(row, detail, state, note, known[0], urls, content_hash)
            except InvalidRecord as exc:
                self._skip(row_id, row, str(exc), urls, content_hash)
                continue
            article.entry = entry
            article.inputs = (row, detail, state, note, known[0], urls, content_hash)
            if entry is not None and entry.page is not None:
                self._update(article, entry)
            elif self.ctx.use_bulk:
                new.append(article)
            else:
                self._create_one(article)
            self.ctx.tick(MODULE, self.done, total)
        self._create_bulk(new)
        self.ctx.tick(MODULE, self.done, total)

    def _skip(
        self, row_id: int, row: dict[str, Any], reason: str, urls: list[str], content_hash: str
    ) -> None:
        _upsert(
            self.ctx,
            MODULE,
            str(row_id),
            content_hash=content_hash,
            status=LegacyRecord.Status.SKIPPED,
            reason=reason,
            old_urls=urls,
            page=None,
        )
        self.report.add("skipped", row_id, clean_line(row.get("title")), reason)

    def _prepare(
        self,
        row: dict[str, Any],
        detail: dict[str, Any] | None,
        state: State,
        note: str,
        category: _Category,
        urls: list[str],
        content_hash: str,
    ) -> _Article:
        row_id = _int(row.get("id"))
        notes = [note] if note else []
        title = clean_line(row.get("title"))
        blocks, media = self._body(row, detail, title, notes)
        published = _time(row.get("publtime"))
        source = self.source_rows.get(_int(row.get("sourceid")))
        record = build_record(
            origin=Origin(self.ctx.dump.table("news_rows", self.ctx.lang), row_id),
            source=self.ctx.source,
            key=str(row_id),
            title=_text(row.get("title")),
            lead=_plain(_text(row.get("hometext"))),
            body=blocks,
            published_at=published,
            byline=_text(row.get("author")),
            source_url=urls[0] if urls else "",
            media=tuple(media),
        )
        notes += list(record.warnings)
        if record.damage:
            notes.append(f"chữ bị mất từ trước, không khôi phục được: “{record.damage[0]}”")
        page = ArticlePage(
            title=record.title,
            lead=record.lead,
            body=record.raw_body(),
            byline=record.byline,
            published_at=record.published_at,
            published_at_unknown=record.published_at is None,
            agency=self.agencies.get(_int(row.get("sourceid"))),
            listing_image_id=self._listing_image(row, notes),
        )
        if source is not None and page.agency is None and clean_line(source.get("title")):
            notes.append(f"nguồn tin #{_int(row.get('sourceid'))} không nhập được")
        expires = _time(row.get("exptime"))
        if state is State.SCHEDULED:
            page.go_live_at = published
        if state in (State.PUBLISHED, State.SCHEDULED) and expires is not None:
            page.expire_at = expires
        target = self._target(category.section)
        alias = vntext.slugify(_text(row.get("alias")), SLUG_MAX_LENGTH) or record.title
        page.slug = target.unique_slug(alias)
        tags = [self._tag(name) for name in dict.fromkeys(self.tag_names.get(row_id, []))]
        authors = [self.authors[aid] for aid in self.author_ids.get(row_id, []) if aid in self.authors]
        article = _Article(
            row_id, str(row_id), state, category.section, page, tags, authors, urls, content_hash, notes
        )
        edited = _time(row.get("edittime"))
        if edited is not None and published is not None and edited > published:
            article.edited = edited
        return article

    def _target(self, section: SectionPage) -> SectionTarget:
        target = self._targets.get(section.pk)
        if target is None:
            target = self._targets[section.pk] = SectionTarget(
                section.title, section.slug, section.url or "", section
            )
        return target

    def _body(
        self, row: dict[str, Any], detail: dict[str, Any] | None, title: str, notes: list[str]
    ) -> tuple[list[RecordBlock], list[MediaRef]]:
        if detail is None:
            notes.append(NOTE_NO_DETAIL)
            return [], []
        blocks: list[RecordBlock] = []
        media: list[MediaRef] = []
        for piece in read_body(_text(detail.get("bodyhtml")), title).pieces:
            if piece.kind == "paragraph":
                blocks.append(paragraph(piece.text))
            elif piece.kind == "heading":
                blocks.append(heading(piece.text))
            elif piece.kind == "table":
                blocks.append(RecordBlock("paragraph", piece.text))
            elif piece.image is not None:
                image = piece.image
                path = upload_path(image.src)
                stored = self.files.image(path, image.alt or image.caption) if path else None
                if stored is not None and stored.ok and stored.pk is not None:
                    value = {
                        "image": stored.pk,
                        "alt": image.alt[:300],
                        "caption": image.caption[:500],
                        "credit": "",
                    }
                    blocks.append(RecordBlock("image", value))
                    continue
                media.append(MediaRef(src=image.src, alt=image.alt, caption=image.caption))
                if stored is not None and not stored.ok:
                    notes.append(f"ảnh uploads/{path}: {stored.problem}")
                if image.caption or image.alt:
                    blocks.append(photo_note(image.caption or image.alt))
        documents = []
        for name in _text(detail.get("files")).split(","):
            name = name.strip()
            if not name:
                continue
            # NukeViet keeps attachments relative to uploads/<module>/; an address is another site's file.
            path = (
                upload_path(name) if "://" in name or name.startswith("/") else f"{self.module_name}/{name}"
            )
            if path is None:
                notes.append(f"tệp đính kèm {name}: không thuộc thư mục uploads, chưa tải về")
                continue
            stored = self.files.document(path)
            if stored.ok and stored.pk is not None:
                documents.append({"document": stored.pk, "label": ""})
            elif not stored.ok:
                notes.append(f"tệp đính kèm uploads/{path}: {stored.problem}")
        if documents:
            blocks.append(RecordBlock("documents", {"heading": "", "pages": [], "files": documents}))
        source_text = _text(detail.get("sourcetext")).strip()
        if source_text and not _int(row.get("sourceid")):
            blocks.append(paragraph(f"Nguồn: {source_text}"))
        return blocks, media

    def _listing_image(self, row: dict[str, Any], notes: list[str]) -> int | None:
        name = _text(row.get("homeimgfile")).strip()
        if not name or _int(row.get("homeimgthumb")) == 3 or "://" in name:
            return None  # none, or a picture on another site: not a file of the dump
        path = f"{self.module_name}/{name.lstrip('/')}"
        stored = self.files.image(path, clean_line(row.get("homeimgalt")) or clean_line(row.get("title")))
        if not stored.ok:
            notes.append(f"ảnh đại diện uploads/{path}: {stored.problem}")
        return stored.pk

    # ----------------------------------------------------------------------------- writes
    def _ledger_values(self, article: _Article) -> dict[str, Any]:
        return {
            "content_hash": article.content_hash,
            "page": article.page,
            "old_urls": article.old_urls,
            "status": LegacyRecord.Status.CREATED,
            "reason": "; ".join(article.notes)[:2000],
            "object_label": "",
            "object_pk": "",
        }

    def _report_written(self, article: _Article, kind: str) -> None:
        self.report.add(kind, article.row_id, article.page.title)
        for note in article.notes:
            self.report.add("warnings", article.row_id, article.page.title, note)

    def _create_bulk(self, articles: list[_Article]) -> None:
        """New articles of a batch, in every state, written in one go by the importer's bulk path."""
        if not articles:
            return
        for article in articles:
            if article.state is State.PUBLISHED:
                article.page.first_published_at = article.page.published_at or self.now
            # In memory before the write: the bulk path writes their rows and the revision holds them.
            article.page.tagged_items = [ArticleTag(tag=tag) for tag in article.tags]
            article.page.authors = article.authors
        try:
            with transaction.atomic():
                pages = bulk.create_articles(
                    [
                        bulk.NewArticle(
                            a.page,
                            a.section,
                            f"{self._target(a.section).url}{a.page.slug}/",
                            PAGE_STATES[a.state],
                        )
                        for a in articles
                    ],
                    now=self.now,
                )
                fresh = [a for a in articles if a.entry is None]
                LegacyRecord.objects.bulk_create(
                    [
                        LegacyRecord(
                            source=self.ctx.source, module=MODULE, key=a.key, **self._ledger_values(a)
                        )
                        for a in fresh
                    ]
                )
                for article in articles:
                    if article.entry is not None:
                        _upsert(self.ctx, MODULE, article.key, **self._ledger_values(article))
                self._set_edit_times([a for a in articles if a.state is State.PUBLISHED])
        except Exception:
            logger.warning(
                "Bulk write of %d NukeViet articles failed; writing them one by one",
                len(articles),
                exc_info=True,
            )
            self._targets.clear()  # their slugs were reserved by pages that are not there any more
            for article in articles:
                again = self._prepare(*article.inputs)
                again.entry, again.inputs = article.entry, article.inputs
                self._create_one(again)
            return
        for article in articles:
            self._report_written(article, "created")
        if not self.ctx.dry_run:
            try:
                bulk.announce_created(pages)
            except Exception:  # the pages are written; `update_index` and the search rebuild catch up
                logger.exception("Indexing or cache purge failed after importing %d pages", len(pages))
        bulk.drop_raw_data_views(pages)

    @staticmethod
    def _set_edit_times(articles: list[_Article]) -> None:
        edited = [article for article in articles if article.edited is not None]
        for article in edited:
            article.page.last_published_at = article.edited
        if edited:
            Page.objects.bulk_update([article.page for article in edited], ["last_published_at"])

    def _create_one(self, article: _Article) -> None:
        """The Wagtail way: an article of a bulk write that failed, or every one without the bulk path."""
        page = article.page
        if article.state is State.PUBLISHED:
            page.first_published_at = page.published_at or self.now  # as the bulk path dates it
        try:
            with transaction.atomic():
                page.live = False
                page.expired = article.state is State.EXPIRED
                page.tagged_items = [ArticleTag(tag=tag) for tag in article.tags]
                page.authors = article.authors
                with disable_reference_index_auto_update():
                    article.section.add_child(instance=page)
                    revision = page.save_revision(clean=False)
                    if article.state in (State.PUBLISHED, State.SCHEDULED):
                        revision.publish()  # scheduled: Wagtail keeps it for its go-live time
                if article.state is State.PUBLISHED:
                    self._set_edit_times([article])
                ReferenceIndex.create_or_update_for_object(page)
                _upsert(self.ctx, MODULE, article.key, **self._ledger_values(article))
        except Exception as exc:  # one bad row must not stop the import; it is reported instead
            logger.debug("NukeViet article %s failed", article.row_id, exc_info=True)
            self._targets.clear()
            self.report.add("skipped", article.row_id, page.title, f"lỗi khi ghi: {exc}")
            return
        self._report_written(article, "created")

    def _update(self, article: _Article, entry: LegacyRecord) -> None:
        """A row that changed since the last run: a new revision of its page, published or not."""
        page = entry.page.specific
        fresh = article.page
        for name in (
            "title",
            "lead",
            "body",
            "byline",
            "agency",
            "listing_image_id",
            "go_live_at",
            "expire_at",
        ):
            setattr(page, name, getattr(fresh, name))
        if fresh.published_at is not None:
            page.published_at = fresh.published_at
        page.tagged_items = [ArticleTag(tag=tag) for tag in article.tags]
        page.authors = article.authors
        article.page = page
        try:
            with transaction.atomic():
                with disable_reference_index_auto_update():
                    revision = page.save_revision(clean=False)
                    if article.state in (State.PUBLISHED, State.SCHEDULED):
                        revision.publish()
                    elif page.live:
                        page.unpublish(set_expired=article.state is State.EXPIRED)
                ReferenceIndex.create_or_update_for_object(page)
                _upsert(self.ctx, MODULE, article.key, **self._ledger_values(article))
        except Exception as exc:
            logger.debug("NukeViet article %s failed", article.row_id, exc_info=True)
            self.report.add("skipped", article.row_id, fresh.title, f"lỗi khi cập nhật: {exc}")
            return
        bulk.index_for_search([page])
        self._report_written(article, "updated")


def _agency_code(name: str, link: str, taken: set[str]) -> str:
    """A short code for a source (the lead's ``HNP - `` prefix): its site's name, else its initials."""
    host = (urlsplit(link if "//" in link else f"//{link}").hostname or "") if link else ""
    host = host.removeprefix("www.")
    base = host.split(".")[0] if host else ""
    if not base:
        base = "".join(word[0] for word in vntext.fold(name).split() if word[:1].isalnum())
    base = re.sub(r"[^A-Z0-9]", "", base.upper())[:AGENCY_CODE_LENGTH] or "NGUON"
    code, number = base, 2
    while code in taken:
        suffix = str(number)
        code = f"{base[: AGENCY_CODE_LENGTH - len(suffix)]}{suffix}"
        number += 1
    return code


def import_news(ctx: RunContext) -> ModuleReport:
    """The news module: categories, sources, authors, then articles (tags with them)."""
    if not ctx.dump.has("news_rows", ctx.lang) and not ctx.dump.has("news_cat", ctx.lang):
        return ModuleReport.absent(MODULE, TITLE)
    if ctx.home is None:
        return ModuleReport.not_run(MODULE, TITLE, "chưa có trang chủ")
    report = ModuleReport(MODULE, TITLE)
    news = NewsImport(ctx, report)
    news.read_tables()
    news.import_categories(ctx.home)
    news.import_sources()
    news.import_authors()
    news.read_tags()
    news.import_rows()
    ctx.reports.extend([news.cat_report, news.source_report, news.author_report])
    return report
