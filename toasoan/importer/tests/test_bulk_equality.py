"""The bulk path and the one-by-one (Wagtail) path leave the same database, side effects included.

The same records are imported twice from the same starting point (a savepoint rolled back
between the runs), and every row of every table is compared. What differs between two runs by
nature is left out or named by what it points at: primary keys (a page is named by its tree
path), random ids (translation keys, StreamField block ids), and times the run itself stamps.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import Page, Revision

from toasoan.importer.services.importing import Status, import_records
from toasoan.search.services.documents import SORT_KEY_FACTOR

from .conftest import article_record

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: Rows no import touches, or that hold no content (sessions, login throttling, captchas).
SKIPPED = {"sessions.session", "captcha.captchastore", "axes.accessattempt", "axes.accesslog",
           "axes.accessfailurelog", "axes.accessattemptexpiration", "contenttypes.contenttype",
           "auth.permission"}  # fmt: skip
#: How a row another row points at is named, when not by its own place in the page tree.
NATURAL = {"auth.group": "name", "auth.user": "username", "wagtailcore.workflow": "name",
           "wagtailcore.task": "name", "wagtailcore.locale": "language_code", "articles.agency": "code",
           "articles.tag": "slug", "taggit.tag": "slug", "articles.author": "name",
           "wagtailcore.collection": "path", "wagtailcore.site": "hostname"}  # fmt: skip
OBJECT_ID_FIELDS = {"object_id", "to_object_id"}
SECTION_TOKEN = re.compile(r"§(\d+)")
#: Wagtail's database search weighs a title against the average title of the index as it is when
#: the page is indexed: one page at a time or all at once differ by nature.
ORDER_DEPENDENT = {"wagtailsearch.indexentry": {"title_norm"}}


def _records():
    return [
        article_record("a", "Quận Ba Đình sơ kết thi đua", day=11),
        article_record("bb", "Phường Đội Cấn ra mắt mô hình mới", agency="TTXVN", day=12),
        article_record("ccc", "Giá lúa tăng nhẹ", section="Kinh tế", day=13),
        article_record("dddd", "Chợ Long Biên mở cửa lại", section="Kinh tế", agency="NEW", day=14),
        article_record("eeeee", "Lễ hội mùa thu", section="Văn hóa", day=15),
    ]


class Snapshot:
    def __init__(self, started: datetime) -> None:
        self.started = started
        self.pages = dict(Page.objects.values_list("pk", "path"))
        self.revisions: dict[int, str] = {}
        ranks: dict[str, int] = {}
        for pk, object_id in Revision.objects.order_by("created_at", "pk").values_list("pk", "object_id"):
            owner = self.pages.get(int(object_id), f"object {object_id}")
            ranks[owner] = ranks.get(owner, 0) + 1
            self.revisions[pk] = f"revision {ranks[owner]} of {owner}"
        self.natural: dict[str, dict[Any, Any]] = {}

    def name(self, model: type[models.Model], pk: Any) -> Any:
        if pk is None:
            return None
        if issubclass(model, Page):
            return self.pages.get(pk, f"page {pk}")
        if model is Revision:
            return self.revisions.get(pk, f"revision {pk}")
        label = model._meta.label_lower
        if label == "wagtailsearch.indexentry":
            entry = model._default_manager.get(pk=pk)
            return (entry.content_type.model, self.pages.get(int(entry.object_id), entry.object_id))
        field = NATURAL.get(label)
        if field is None:
            return f"{label} {pk}"
        if label not in self.natural:
            self.natural[label] = dict(model._default_manager.values_list("pk", field))
        return self.natural[label].get(pk)

    def value(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return "<this run>" if value >= self.started else value.isoformat()
        if isinstance(value, str):
            try:
                parsed = json.loads(value) if value[:1] in "[{" else None
            except ValueError:
                parsed = None
            if parsed is not None:
                return self.value(parsed)
            if value[:4].isdigit() and "T" in value:  # an ISO time in JSON
                try:
                    return self.value(datetime.fromisoformat(value))
                except ValueError:
                    pass
            return UUID.sub("<uuid>", value)
        if isinstance(value, dict):
            return {key: self.json_field(key, item) for key, item in sorted(value.items())}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        return value

    def json_field(self, key: str, value: Any) -> Any:
        if key in {"pk", "id", "page_ptr", "page_id"} and isinstance(value, int):
            return self.pages.get(value, "<id>")
        if key in {"latest_revision", "live_revision", "revision", "revision_id"} and isinstance(value, int):
            return self.revisions.get(value, "<revision>")
        if key in {"translation_key", "uuid", "content_path_hash"}:
            return "<random>"
        return self.value(value)

    def row(self, model: type[models.Model], obj: models.Model) -> dict:
        row = {}
        content_types = {}
        for field in model._meta.concrete_fields:
            if field.primary_key and not field.is_relation:
                continue
            raw = getattr(obj, field.attname)
            if hasattr(raw, "raw_data"):  # a StreamField's blocks, as stored
                raw = list(raw.raw_data)
            if isinstance(field, models.UUIDField) or field.name in {"translation_key", "content_path_hash"}:
                continue
            if field.is_relation:
                target = field.related_model
                if target._meta.label_lower == "contenttypes.contenttype" and raw is not None:
                    ct = apps.get_model("contenttypes", "ContentType").objects.get_for_id(raw)
                    content_types[field.name] = ct.model_class()
                    row[field.name] = f"{ct.app_label}.{ct.model}"
                else:
                    row[field.name] = self.name(target, raw)
            else:
                row[field.name] = self.value(raw)
        for name in OBJECT_ID_FIELDS & row.keys():
            owner = content_types.get("to_content_type" if name == "to_object_id" else "content_type")
            if owner is not None and str(row[name]).isdigit():
                row[name] = self.name(owner, int(row[name]))
        if model is Revision and content_types.get("content_type") is not None:
            # The content names related rows by key (an agency): by what they are instead.
            owner = content_types["content_type"]
            for field in owner._meta.concrete_fields:
                value = obj.content.get(field.name)
                if field.is_relation and isinstance(value, int) and field.name in row["content"]:
                    row["content"][field.name] = self.name(field.related_model, value)
        if issubclass(model, Page):
            row["path"] = obj.path
        if model._meta.label_lower == "portal_search.searchdocument":
            # The sort key is the time, then the page's id; the scope names sections by id.
            seconds, page_id = divmod(row["sort_key"], SORT_KEY_FACTOR)
            row["sort_key"] = (seconds, self.pages.get(page_id))
            row["scope_key"] = SECTION_TOKEN.sub(
                lambda m: "§" + self.pages.get(int(m[1]), m[1]), row["scope_key"]
            )
        for name in ORDER_DEPENDENT.get(model._meta.label_lower, ()):
            row.pop(name)
        return row

    def take(self) -> dict[str, list]:
        tables = {}
        for model in apps.get_models():
            label = model._meta.label_lower
            if label in SKIPPED or model._meta.proxy:
                continue
            rows = [self.row(model, obj) for obj in model._default_manager.all()]
            tables[label] = sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))
        return tables


def _import(use_bulk: bool, capture) -> dict[str, list]:
    started = timezone.now() - timedelta(seconds=1)
    with capture(execute=True):
        outcomes = list(import_records(_records(), use_bulk=use_bulk))
    assert [outcome.status for outcome in outcomes] == [Status.CREATED] * len(_records())
    return Snapshot(started).take()


def _pair(ours: Any, theirs: Any) -> Any:
    """Two differing values; of two dicts (a revision's content), only the keys that differ."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return {key: _pair(ours.get(key), theirs.get(key)) for key in ours.keys() | theirs.keys()
                if ours.get(key) != theirs.get(key)}  # fmt: skip
    return (ours, theirs)


def _difference(bulk: list[dict], one_by_one: list[dict]) -> list:
    """Per differing row: the fields whose values differ (bulk's, then one-by-one's)."""
    if len(bulk) != len(one_by_one):
        return [f"{len(bulk)} rows by bulk, {len(one_by_one)} one by one"]
    found = []
    for ours, theirs in zip(bulk, one_by_one, strict=True):
        fields = {key: _pair(ours.get(key), theirs.get(key)) for key in ours.keys() | theirs.keys()
                  if ours.get(key) != theirs.get(key)}  # fmt: skip
        if fields:
            found.append(fields)
    return found


def test_bulk_and_one_by_one_imports_leave_equal_databases(home_page, django_capture_on_commit_callbacks):
    runs = {}
    for use_bulk in (True, False):
        savepoint = transaction.savepoint_create()
        runs[use_bulk] = _import(use_bulk, django_capture_on_commit_callbacks)
        transaction.savepoint_rollback(savepoint)
    bulk, one_by_one = runs[True], runs[False]
    assert bulk.keys() == one_by_one.keys()
    differing = {label: _difference(bulk[label], one_by_one[label]) for label in bulk}
    differing = {label: diff for label, diff in differing.items() if diff}
    assert differing == {}, json.dumps(differing, ensure_ascii=False, default=str)[:6000]
    # What was compared holds what an import makes: sections with their desks and review step,
    # articles, revisions, log entries, search rows and the ledger.
    for label, least in {"sections.sectionpage": 3, "articles.articlepage": 5, "wagtailcore.revision": 8,
                         "wagtailcore.pagelogentry": 10, "portal_search.searchdocument": 5,
                         "importer.importedrecord": 5, "editorial.newsroomgroup": 3,
                         "wagtailcore.grouppagepermission": 3,
                         "wagtailsearch.indexentry": 8}.items():  # fmt: skip
        assert len(bulk[label]) >= least, (label, len(bulk[label]))
