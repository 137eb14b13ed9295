"""Old NukeViet addresses → the pages they became: the index, its normalisation, its lookup.

Every address a reader, a search engine or another site may still hold for a row is reduced to
one key (`normalise`), so the many spellings of one address meet in one indexed row:

- the rewritten path with or without ``/vi/`` (a one-language site drops it), behind
  ``/index.php/`` or not, with or without its trailing slash or ``.html``;
- the query form ``index.php?language=vi&nv=<module>&op=<op>`` with its parameters in any order,
  ``&amp;`` copied out of HTML, other parameters (``page``, ``download``…) ignored;
- any case (MySQL compared aliases without it) and any percent-encoding;
- a list's page (``/page-2``) leads where its first page leads.

The key of ``/vi/laws/detail/quyet-dinh-12-1.html`` and of
``/index.php?nv=laws&language=vi&op=detail/Quyet-dinh-12-1`` is ``laws/detail/quyet-dinh-12-1``.

`rebuild` turns the ledger's `old_urls` into `LegacyUrl` rows in bulk, a batch at a time (a
portal with millions of addresses never holds them all in memory), and reports every address it
could not map.  `find` answers a request with one indexed query (the row joined to its page's
current path); the address it returns is built from the Site's configured address
(`sections.addresses`'s rule), never from the request's Host.

Each source (one dump) moved into one portal, and its addresses answer on that portal's host
only: two communes' old sites both had ``/vi/news/…``, and each keeps its own.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, unquote_to_bytes, urlsplit

from django.conf import settings
from django.db import transaction

from toasoan import vntext
from toasoan.sections.addresses import site_for, url_on

from ..models import LegacyRecord, LegacyUrl

if TYPE_CHECKING:
    from wagtail.models import Site

#: Longer input is no address NukeViet printed.
MAX_INPUT = 2048
BATCH = 2000
_PAGE = re.compile(r"^page-\d{1,10}$")
_HTML = ".html"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: The key of the old portal's home: it leads to the site's home, with no row in the index.
ROOT = ""

#: How a record's object is reached from its page (the target app's route or filter parameter).
QUESTION_ROUTE = "question"
FILTERS = {
    "questions.QuestionTopic": "linh_vuc",
    "legal.DocumentType": "loai",
    "legal.Topic": "linhvuc",
    "legal.Issuer": "coquan",
}


def _decode(text: str) -> str | None:
    try:
        return unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _query(query: str) -> dict[str, str] | None:
    try:
        pairs = parse_qsl(query.replace("&amp;", "&"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    found: dict[str, str] = {}
    for name, value in pairs:
        found.setdefault(name.strip().lower(), value.strip())
    return found


def normalise(raw: object, lang: str = "vi") -> str | None:
    """The key of an old address (a path, a path with its query, or a whole URL): `ROOT` for the
    portal's home (``/vi/``, ``/index.php?language=vi``); None when it is no NukeViet address
    (empty, another language, unreadable)."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_INPUT or "\x00" in raw:
        return None
    try:
        parts = urlsplit(raw.strip())
    except ValueError:
        return None
    path = _decode(parts.path)
    if path is None:
        return None
    segments = [segment for segment in path.lower().split("/") if segment]
    if segments[:1] == ["index.php"]:
        segments = segments[1:]
        if not segments:
            params = _query(parts.query)
            if params is None:
                return None
            language = params.get("language", "").lower()
            if language and language != lang:
                return None
            module = params.get("nv", "").lower()
            op = params.get("op", "").lower()
            if "/" in module and not op:
                module, _, op = module.partition("/")
            segments = [part for part in (module, *op.split("/")) if part]
    if segments[:1] == [lang]:
        segments = segments[1:]
    if len(segments) == 2 and segments[1] == "main":  # NukeViet's default op
        segments = segments[:1]
    segments = [segment for segment in segments if not _PAGE.match(segment)]
    if segments and segments[-1].endswith(_HTML):
        segments[-1] = segments[-1][: -len(_HTML)]
    segments = [segment.strip() for segment in segments if segment.strip()]
    if not segments:
        return ROOT
    key = vntext.normalize("/".join(segments))
    if not key or _CONTROL.search(key):
        return None
    return key


def storage_key(key: str) -> str:
    """What is stored: the key itself, or its hash when it is longer than the column."""
    if len(key) <= LegacyUrl.KEY_LENGTH:
        return key
    return "#" + hashlib.sha256(key.encode()).hexdigest()


# ------------------------------------------------------------------ building the index


@dataclass(frozen=True)
class Unmapped:
    module: str
    key: str
    url: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"module": self.module, "key": self.key, "url": self.url, "reason": self.reason}


@dataclass
class RebuildReport:
    source: str
    mapped: int = 0
    unmapped: list[Unmapped] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "source": self.source,
            "mapped": self.mapped,
            "unmapped_count": len(self.unmapped),
            "unmapped": [item.as_json() for item in self.unmapped],
        }

    def as_json_text(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=1)

    def summary(self) -> str:
        return (
            f"Bản sao “{self.source}”: {self.mapped} địa chỉ cũ chuyển được, "
            f"{len(self.unmapped)} địa chỉ không chuyển được."
        )

    def as_text(self, *, listing: bool = False) -> str:
        lines = [self.summary()]
        if listing:
            lines.extend(f"{item.url}\t{item.module} #{item.key}: {item.reason}" for item in self.unmapped)
        return "\n".join(lines)


def _suffix(label: str, pk: str) -> str:
    if not pk:
        return ""
    if label == "questions.Question":
        from django.apps import apps

        model = apps.get_model("questions", "QuestionIndexPage")
        return model.get_resolver().reverse(QUESTION_ROUTE, int(pk)) if pk.isdigit() else ""
    name = FILTERS.get(label)
    return f"?{name}={pk}" if name else ""


@dataclass(frozen=True)
class _Entry:
    key: str
    url: str
    module: str
    record_key: str
    page_id: int | None
    suffix: str
    target: str


def _hidden_questions() -> set[str]:
    """Questions kept but not shown (hidden on NukeViet, or since): their page would be a 404."""
    from django.apps import apps

    if not apps.is_installed("toasoan.questions"):
        return set()
    model = apps.get_model("questions", "Question")
    public = model.objects.filter(status="da_tra_loi", is_published=True)
    return {str(pk) for pk in model.objects.exclude(pk__in=public).values_list("pk", flat=True)}


#: Rows that became a file, not a page (H1's uploads): their old address leads to the file.
FILE_LABELS = ("wagtailimages.Image", "wagtaildocs.Document")


def _file_targets(source: str) -> dict[tuple[str, str], str]:
    """(label, pk) → the file's address here, for every file row of the source: one query a kind."""
    from django.apps import apps

    wanted: dict[str, set[str]] = {}
    rows = LegacyRecord.objects.filter(source=source, page=None, object_label__in=FILE_LABELS)
    for label, pk in rows.values_list("object_label", "object_pk"):
        if pk.isdigit():
            wanted.setdefault(label, set()).add(pk)
    found = {}
    for label, pks in wanted.items():
        model = apps.get_model(label)
        for obj in model.objects.filter(pk__in=[int(pk) for pk in pks]):
            found[(label, str(obj.pk))] = obj.url if label == "wagtaildocs.Document" else obj.file.url
    return found


def _entries(source: str, lang: str, report: RebuildReport) -> Iterator[_Entry]:
    hidden = _hidden_questions()
    files = _file_targets(source)
    records = (
        LegacyRecord.objects.filter(source=source)
        .order_by("pk")
        .values_list(
            "module", "key", "page_id", "page__live", "object_label", "object_pk", "old_urls", "reason"
        )
    )
    for module, key, page_id, live, label, pk, urls, reason in records.iterator(chunk_size=BATCH):
        seen: set[str] = set()
        for url in urls if isinstance(urls, list) else []:
            normal = normalise(url, lang)
            if normal is None or normal == ROOT:
                report.unmapped.append(Unmapped(module, key, str(url)[:300], "không đọc được địa chỉ này"))
                continue
            if page_id is None and (label, pk) in files:
                stored = storage_key(normal)
                if stored not in seen:
                    seen.add(stored)
                    yield _Entry(stored, url, module, key, None, "", files[(label, pk)])
                continue
            if page_id is None:
                why = reason or "trang hoặc tệp đích đã bị xóa"
                report.unmapped.append(Unmapped(module, key, url, f"không nhập: {why}"))
                continue
            if label == "questions.Question" and pk in hidden:
                report.unmapped.append(
                    Unmapped(module, key, url, "câu hỏi chưa công bố: chạy lại lệnh này khi đã công bố")
                )
                continue
            if not live:
                report.unmapped.append(
                    Unmapped(module, key, url, "trang chưa xuất bản: sẽ chuyển tới khi trang được xuất bản")
                )
            stored = storage_key(normal)
            if stored in seen:  # the rewritten and the query form of one address
                continue
            seen.add(stored)
            yield _Entry(stored, url, module, key, page_id, _suffix(label, pk), "")


def _flush(source: str, site: Site, batch: dict[str, _Entry], report: RebuildReport) -> None:
    LegacyUrl.objects.bulk_create(
        [
            LegacyUrl(
                site=site, key=e.key, source=source, page_id=e.page_id, suffix=e.suffix, target=e.target
            )
            for e in batch.values()
        ],
        ignore_conflicts=True,
    )
    stored = LegacyUrl.objects.filter(site=site, key__in=list(batch)).values_list(
        "key", "source", "page_id", "suffix", "target"
    )
    for key, owner, page_id, suffix, target in stored:
        entry = batch[key]
        if (owner, page_id, suffix, target) == (source, entry.page_id, entry.suffix, entry.target):
            report.mapped += 1
        else:
            where = "một bản ghi khác" if owner == source else f"bản sao “{owner}”"
            report.unmapped.append(
                Unmapped(entry.module, entry.record_key, entry.url, f"trùng địa chỉ với {where}")
            )


def _root_of(url_path: str):
    """The site root path (Wagtail's `SiteRootPath`, most specific first) holding a page's `url_path`."""
    from wagtail.models import Site

    return next((root for root in Site.get_site_root_paths() if url_path.startswith(root.root_path)), None)


def source_site(source: str) -> Site | None:
    """The portal a source was moved into: where its index already answers, else where its pages
    are; None for a source with neither (nothing imported yet)."""
    from wagtail.models import Site

    site_id = LegacyUrl.objects.filter(source=source).values_list("site_id", flat=True).first()
    if site_id is None:
        url_path = (
            LegacyRecord.objects.filter(source=source, page__isnull=False)
            .values_list("page__url_path", flat=True)
            .first()
        )
        root = _root_of(url_path) if url_path else None
        site_id = root.site_id if root is not None else None
    return Site.objects.filter(pk=site_id).first() if site_id is not None else None


def rebuild(source: str = "nukeviet", lang: str = "vi", site: Site | None = None) -> RebuildReport:
    """Replace the source's rows of the index with what its ledger says now, answered on `site`
    (by default the portal the source moved into, else the default Site)."""
    report = RebuildReport(source)
    site = site or source_site(source) or site_for(None)
    if site is None:
        for module, key, urls in LegacyRecord.objects.filter(source=source).values_list(
            "module", "key", "old_urls"
        ):
            report.unmapped.extend(
                Unmapped(module, key, str(url)[:300], "chưa có cổng nào để trả lời địa chỉ này")
                for url in (urls if isinstance(urls, list) else [])
            )
        return report
    with transaction.atomic():
        LegacyUrl.objects.filter(source=source).delete()
        batch: dict[str, _Entry] = {}
        for entry in _entries(source, lang, report):
            if entry.key in batch:
                # Two rows claim one address: the first keeps it, as the database would.
                first = batch[entry.key]
                if (first.page_id, first.suffix, first.target) != (entry.page_id, entry.suffix, entry.target):
                    report.unmapped.append(
                        Unmapped(
                            entry.module, entry.record_key, entry.url, "trùng địa chỉ với một bản ghi khác"
                        )
                    )
                continue
            batch[entry.key] = entry
            if len(batch) >= BATCH:
                _flush(source, site, batch, report)
                batch = {}
        if batch:
            _flush(source, site, batch, report)
    return report


#: The contract's name for it (`rebuild_redirects(source)`).
rebuild_redirects = rebuild


# ------------------------------------------------------------------ answering a request


def _site_path(url_path: str) -> tuple[str, str] | None:
    """(the site's address, the page's path on it) for a page's `url_path`."""
    root = _root_of(url_path)
    if root is None:
        return None
    path = url_path[len(root.root_path) - 1 :]
    if root.language_code and root.language_code != settings.LANGUAGE_CODE:
        path = f"/{root.language_code}{path}"
    return root.root_url.rstrip("/"), path


def find(raw: str, lang: str = "vi", site: Site | None = None) -> str | None:
    """The absolute address an old one now lives at on `site` (the default Site when None), or
    None (unknown there, unpublished, unreadable)."""
    key = normalise(raw, lang)
    if key is None:
        return None
    site = site or site_for(None)
    if site is None:
        return None
    if key == ROOT:
        return url_on(site, "/")
    row = (
        LegacyUrl.objects.filter(site=site, key=storage_key(key))
        .values_list("page__url_path", "page__live", "suffix", "target")
        .first()
    )
    if row is None:
        return None
    url_path, live, suffix, target = row
    if target:
        return url_on(site, target)
    if not url_path or not live:
        return None
    found = _site_path(url_path)
    if found is None:
        return None
    address, path = found
    return address + path + suffix
