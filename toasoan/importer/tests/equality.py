"""Two databases compared row by row: what the bulk path leaves against what Wagtail's own calls leave.

A ``Snapshot`` reads every row of every table. What differs between two runs by nature is left
out or named by what it points at: primary keys (a page is named by its tree path, a revision
by its rank among its page's, other rows by a natural key), random ids (translation keys,
StreamField block ids), and times the run itself stamps (between its start and its end).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import models
from wagtail.models import Page, ReferenceIndex, Revision

from toasoan.search.services.documents import SORT_KEY_FACTOR

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: Rows no import touches, or that hold no content (sessions, login throttling, captchas).
SKIPPED = {"sessions.session", "captcha.captchastore", "axes.accessattempt", "axes.accesslog",
           "axes.accessfailurelog", "axes.accessattemptexpiration", "contenttypes.contenttype",
           "auth.permission"}  # fmt: skip
#: How a row another row points at is named, when not by its own place in the page tree.
NATURAL = {"auth.group": "name", "auth.user": "username", "wagtailcore.workflow": "name",
           "wagtailcore.task": "name", "wagtailcore.locale": "language_code", "articles.agency": "code",
           "articles.tag": "slug", "taggit.tag": "slug", "articles.author": "name",
           "wagtailcore.collection": "path", "wagtailcore.site": "hostname",
           "wagtailimages.image": "file", "wagtaildocs.document": "file"}  # fmt: skip
#: A page's child objects as a revision holds them.
CHILD_RELATIONS = {"tagged_items", "wagtail_admin_comments", "relations", "attachments"}
CHILD_PATH = re.compile(rf"^({'|'.join(sorted(CHILD_RELATIONS))})\.\d+\.")
#: Keys of StreamField values and log entry data that hold another row's key.
KEYED_VALUES = {"image": "wagtailimages.image", "document": "wagtaildocs.document", "tag": "articles.tag",
                "authors": "articles.author"}  # fmt: skip
#: A document's address holds its key (the redirect index's targets).
DOCUMENT_URL = re.compile(r"/documents/\d+/")
OBJECT_ID_FIELDS = {"object_id", "to_object_id"}
SECTION_TOKEN = re.compile(r"§(\d+)")
#: Wagtail's database search weighs a title against the average title of the index as it is when
#: the page is indexed: one page at a time or all at once differ by nature.
ORDER_DEPENDENT = {"wagtailsearch.indexentry": {"title_norm"}}


class Snapshot:
    """The database as it is, its keys named; times from *started* to *ended* are the run's."""

    def __init__(self, started: datetime, ended: datetime | None = None) -> None:
        # From the millisecond: times kept in JSON (log entries' data) keep no finer.
        self.started = started.replace(microsecond=started.microsecond // 1000 * 1000)
        self.ended = ended
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
            if value >= self.started and (self.ended is None or value <= self.ended):
                return "<this run>"
            return value.isoformat()
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
            return DOCUMENT_URL.sub("/documents/<id>/", UUID.sub("<uuid>", value))
        if isinstance(value, dict):
            return {key: self.json_field(key, item) for key, item in sorted(value.items())}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        return value

    def json_field(self, key: str, value: Any) -> Any:
        if key in CHILD_RELATIONS and isinstance(value, list):
            # A revision's child objects (tags): their own keys are the rows', named nowhere else.
            return [self.child(child) if isinstance(child, dict) else self.value(child) for child in value]
        if key in {"pk", "id", "page_ptr", "page_id", "content_object"} and isinstance(value, int):
            return self.pages.get(value, "<id>")
        if key in {"latest_revision", "live_revision", "revision", "revision_id"} and isinstance(value, int):
            return self.revisions.get(value, "<revision>")
        if key == "revision" and isinstance(value, dict):  # a log entry's data: {"id": …, "created": …}
            return {name: self.revisions.get(item, "<revision>") if name == "id" else self.value(item)
                    for name, item in sorted(value.items())}  # fmt: skip
        if key in KEYED_VALUES and isinstance(value, int):
            return self.name(apps.get_model(KEYED_VALUES[key]), value)
        if key in KEYED_VALUES and isinstance(value, list) and all(isinstance(item, int) for item in value):
            return [self.name(apps.get_model(KEYED_VALUES[key]), item) for item in value]
        if key in {"translation_key", "uuid", "content_path_hash"}:
            return "<random>"
        return self.value(value)

    def child(self, child: dict) -> dict:
        return {name: "<child>" if name == "pk" and item is not None else self.json_field(name, item)
                for name, item in sorted(child.items())}  # fmt: skip

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
        if model is ReferenceIndex:
            # A reference from a child object (a tag) names it by its key, which is the row's.
            row["content_path"] = CHILD_PATH.sub(r"\1.<child>.", row["content_path"])
        if row.get("object_label") and str(row.get("object_pk", "")).isdigit():
            # A ledger's "what it became" for rows that are not pages (an agency, an author).
            row["object_pk"] = self.name(apps.get_model(row["object_label"]), int(row["object_pk"]))
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
        for model in apps.get_models(include_auto_created=True):  # many-to-many tables too
            label = model._meta.label_lower
            if label in SKIPPED or model._meta.proxy:
                continue
            rows = [self.row(model, obj) for obj in model._default_manager.all()]
            tables[label] = sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))
        return tables


def pair(ours: Any, theirs: Any) -> Any:
    """Two differing values; of two dicts (a revision's content), only the keys that differ."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return {key: pair(ours.get(key), theirs.get(key)) for key in ours.keys() | theirs.keys()
                if ours.get(key) != theirs.get(key)}  # fmt: skip
    return (ours, theirs)


def difference(bulk: list[dict], one_by_one: list[dict]) -> list:
    """Per differing row: the fields whose values differ (bulk's, then one-by-one's)."""
    if len(bulk) != len(one_by_one):
        ours = [json.dumps(row, sort_keys=True, default=str) for row in bulk]
        theirs = [json.dumps(row, sort_keys=True, default=str) for row in one_by_one]
        return [f"{len(bulk)} rows by bulk, {len(one_by_one)} one by one",
                {"bulk only": [row for row in ours if row not in theirs],
                 "one by one only": [row for row in theirs if row not in ours]}]  # fmt: skip
    found = []
    for ours, theirs in zip(bulk, one_by_one, strict=True):
        fields = {key: pair(ours.get(key), theirs.get(key)) for key in ours.keys() | theirs.keys()
                  if ours.get(key) != theirs.get(key)}  # fmt: skip
        if fields:
            found.append(fields)
    return found


def differences(bulk: dict[str, list], one_by_one: dict[str, list]) -> dict[str, list]:
    """Per table, the rows that differ between two snapshots (none: the databases are equal)."""
    assert bulk.keys() == one_by_one.keys()
    found = {label: difference(bulk[label], one_by_one[label]) for label in bulk}
    return {label: diff for label, diff in found.items() if diff}
