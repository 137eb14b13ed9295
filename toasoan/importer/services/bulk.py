"""Creating many new articles at once, with the rows Wagtail itself would have written.

Wagtail's own way, ``section.add_child(instance=page)`` then
``page.save_revision().publish()``, costs about 70 queries and three saves per page
(each save validating the page and enqueueing search and reference-index updates). For a
migration of tens of thousands of articles this module writes the same rows in bulk, one
batch of children of one section at a time, each page in one of the states Wagtail's calls
leave a new page in (``PageState``): published, a draft never published (marked expired or
not), or scheduled (``publish()`` of a revision whose ``go_live_at`` is ahead):

* tree paths computed in Python from the section's last child (treebeard's
  materialised path: ``Page._get_path``), ``depth``, ``numchild`` (0) and the section's
  ``numchild`` raised by the batch size, ``url_path`` from the section's;
* ``wagtailcore_page`` rows (live or not as the state says, locale, a new
  ``translation_key`` each, ``draft_title``; a page not published has unpublished changes),
  then the ``ArticlePage`` rows through the child table's own fields (Django's
  ``bulk_create`` refuses multi-table models; this is what ``Model.save`` itself does for
  the child table);
* one ``Revision`` per page holding the page's serialised content, set as its
  ``latest_revision`` (and ``live_revision`` when published; a scheduled one carries
  ``approved_go_live_at``, which the publishing worker looks for);
* the log entries of each page as Wagtail writes them: ``wagtail.create``, then
  ``wagtail.publish`` or ``wagtail.publish.schedule`` (with its data);
* the reference index rows Wagtail would extract from each page;
* then, after the commit, what saving and publishing trigger, once per batch instead of
  once per page (``announce_created``): the portal's search index, the page-cache purge,
  the ``articles_imported`` signal for the published ones, Wagtail's own search backend
  (drafts too, as a save indexes them) and the publishing safety net's next due time.

The result passes ``Page.find_problems()``, opens in the admin editor, and lists like any
page published by hand; ``test_bulk.py`` compares a bulk page with one made the slow way
field by field, and ``test_bulk_equality.py`` every row of the database, in every state.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import F
from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from modelcluster.queryset import FakeQuerySet
from modelsearch.backends import get_search_backends
from wagtail.blocks import StreamValue
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.utils.timestamps import ensure_utc

from toasoan.articles.models import ArticlePage
from toasoan.cache import events

from ..signals import articles_imported

if TYPE_CHECKING:
    from toasoan.search.services.prepared import PreparedText

logger = logging.getLogger(__name__)

CREATE_ACTION = "wagtail.create"
PUBLISH_ACTION = "wagtail.publish"
SCHEDULE_ACTION = "wagtail.publish.schedule"


class PageState(StrEnum):
    """What a new page is once written, named by the Wagtail calls that would leave it so."""

    #: ``add_child``, ``save_revision().publish()``.
    PUBLISHED = "published"
    #: ``add_child``, ``save_revision()``: never published.
    DRAFT = "draft"
    #: The same with ``expired`` set: taken down once its time passed.
    EXPIRED = "expired"
    #: ``add_child``, ``save_revision().publish()`` with ``go_live_at`` ahead: Wagtail keeps the
    #: revision for that time (``approved_go_live_at``) and the page stays a draft until then.
    SCHEDULED = "scheduled"


@dataclass
class NewArticle:
    """A page to create: filled in but unsaved, with the section it goes into, its URL and state."""

    page: Page
    parent: Page
    url: str
    state: PageState = PageState.PUBLISHED


#: Kept as an alias: sections are created through the same path.
NewPage = NewArticle


def _next_paths(parent: Page, count: int) -> list[str]:
    """Tree paths for *count* new last children of *parent* (read fresh, locked on PostgreSQL)."""
    depth = parent.depth + 1
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=depth)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    start = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
    return [Page._get_path(parent.path, depth, start + offset) for offset in range(count)]


def create_articles(new: list[NewArticle], *, now: datetime) -> list[Page]:
    """Write every page of *new* in its state; call inside ``transaction.atomic()``.

    All pages must be of one model (ArticlePage for imports, SectionPage for the sections
    they need). Pages keep their order within each parent (paths increase in input order)
    and come back in the order given. A scheduled page's ``go_live_at`` must be after *now*
    (Wagtail would publish it at once: ValueError).
    """
    if not new:
        return []
    model = type(new[0].page)
    if any(type(item.page) is not model for item in new):
        raise TypeError("create_articles writes pages of one model at a time")
    scheduled = [item.page for item in new if item.state is PageState.SCHEDULED]
    if any(page.go_live_at is None or page.go_live_at <= now for page in scheduled):
        raise ValueError("a scheduled page needs a go-live time after now")
    page_type = ContentType.objects.get_for_model(Page).pk
    model_type = ContentType.objects.get_for_model(model).pk
    by_parent: dict[int, list[NewArticle]] = {}
    for item in new:
        by_parent.setdefault(item.parent.pk, []).append(item)

    pages: list[Page] = []
    states: dict[int, PageState] = {}  # by id() of the page: the pages have no key yet
    for parent_id, group in by_parent.items():
        # The parent as the database has it now: another import or an editor may have added children.
        parent = (
            Page.objects.select_for_update().only("path", "depth", "url_path", "locale_id").get(pk=parent_id)
        )
        for item, path in zip(group, _next_paths(parent, len(group)), strict=True):
            page = item.page
            page.path = path
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.locale_id = parent.locale_id
            page.translation_key = uuid.uuid4()
            page.content_type_id = model_type
            page.draft_title = page.title
            page.has_unpublished_changes = False
            page.expired = item.state is PageState.EXPIRED
            page.locked = False
            if item.state is PageState.PUBLISHED and page.first_published_at is None:
                page.first_published_at = now
            # As `save_revision()` sees the page, before `publish()`: a draft, never published.
            page.live = False
            page.last_published_at = page.latest_revision_created_at = None
            page.live_revision = None
            pages.append(page)
            states[id(page)] = item.state
        Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + len(group))

    # The revision's content, taken while the pages have no key yet: modelcluster then
    # serialises their tags, authors and comments from memory instead of querying.
    _empty_m2m_in_memory(model, pages)
    _keep_children_in_memory(model, pages)
    contents = [page.serializable_data() for page in pages]
    for page in pages:
        page.latest_revision_created_at = now
        if states[id(page)] is PageState.PUBLISHED:
            page.live = True
            page.last_published_at = now
        else:  # what `save_revision()` marks, and `publish()` of a schedule leaves
            page.has_unpublished_changes = True
    _insert_pages(model, pages)
    _insert_children(model, pages, contents)
    revisions = _insert_revisions(pages, contents, model_type, page_type, now, states)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = revision.pk
        page.latest_revision = revision
        if states[id(page)] is PageState.PUBLISHED:
            page.live_revision_id = revision.pk
            page.live_revision = revision
    _set_revisions(pages)
    # The audit log as Wagtail writes it: the page's creation, then its publication or schedule.
    created_at = now - timedelta(microseconds=1)
    insert_rows(
        PageLogEntry,
        [
            {
                "content_type_id": model_type,
                "label": page.get_admin_display_title(),
                "action": action,
                "data": data,
                "timestamp": timestamp,
                "revision_id": revision_id,
                "content_changed": True,
                "page_id": page.pk,
            }
            for page in pages
            for action, timestamp, revision_id, data in _log_entries(page, states[id(page)], created_at, now)
        ],
    )
    _index_references(pages, model_type, page_type)
    return [item.page for item in new]  # in the caller's order, not grouped by section


def _log_entries(
    page: Page, state: PageState, created_at: datetime, now: datetime
) -> list[tuple[str, datetime, int | None, dict[str, Any]]]:
    """(action, time, revision, data) of each log entry Wagtail's calls write for a new page."""
    entries: list[tuple[str, datetime, int | None, dict[str, Any]]] = [(CREATE_ACTION, created_at, None, {})]
    if state is PageState.PUBLISHED:
        entries.append((PUBLISH_ACTION, now, page.live_revision_id, {}))
    elif state is PageState.SCHEDULED:
        # PublishRevisionAction.log_scheduling_action's data, for a page that was never live.
        schedule = {
            "revision": {
                "id": page.latest_revision_id,
                "created": ensure_utc(now),
                "go_live_at": ensure_utc(page.go_live_at),
                "has_live_version": False,
            }
        }
        entries.append((SCHEDULE_ACTION, now, page.latest_revision_id, schedule))
    return entries


def _keep_children_in_memory(model: type[Page], pages: list[Page]) -> None:
    """Hold each page's child objects (tags, comments) in memory, an empty list where none were set.

    Before a page has a key, modelcluster reads an unset relation as empty; held, it stays so
    once the key is set, and reading it (the revision, the search index) costs no query.
    """
    names = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    for page in pages:
        for name in names:
            manager = getattr(page, name)
            if not manager.is_deferring:
                manager.set([])


def _insert_children(model: type[Page], pages: list[Page], contents: list[dict[str, Any]]) -> None:
    """The rows ``ClusterableModel.save()`` writes for new pages: child objects, many-to-many links.

    Wagtail's revision is taken after that save, so it holds the children with their keys: the
    contents are brought to the same.
    """
    for relation in get_all_child_relations(model):
        name, key = relation.get_accessor_name(), relation.field.name
        held = [list(getattr(page, name).all()) for page in pages]
        children = [child for items in held for child in items]
        if not children:
            continue
        for page, items in zip(pages, held, strict=True):
            for child in items:
                setattr(child, key, page)
        insert_objects(relation.related_model, children)
        serialise = getattr(relation.related_model, "serializable_data", None)
        for content, items in zip(contents, held, strict=True):
            content[name] = [
                child.serializable_data() if serialise else get_serializable_data_for_fields(child)
                for child in items
            ]
    for field in get_all_child_m2m_relations(model):
        through = field.remote_field.through._meta
        source = through.get_field(field.m2m_field_name()).attname
        target = through.get_field(field.m2m_reverse_field_name()).attname
        insert_rows(
            field.remote_field.through,
            [
                {source: page.pk, target: item.pk}
                for page in pages
                for item in getattr(page, field.name).all()
            ],
        )


def _empty_m2m_in_memory(model: type[Page], pages: list[Page]) -> None:
    """Give new pages' unset many-to-many relations (authors) an empty list in memory.

    For a page without a key, modelcluster serialises an unset one from ``objects.none()``:
    an empty list, but only after compiling a query for every page. Set in memory,
    the list is the same and costs nothing; a relation the caller set is left as it is.
    """
    names = [field.name for field in get_all_child_m2m_relations(model) if field.serialize]
    for page in pages:
        for name in names:
            manager = getattr(page, name)
            if not isinstance(manager.all(), FakeQuerySet):
                manager.set([])


# --------------------------------------------------------------------------- raw inserts
# Django's bulk_create spends most of its time compiling: per value, expression checks and
# placeholders. These write the same values (each through its field's pre_save and
# get_db_prep_save, as the compiler does) with plain SQL that SQLite and PostgreSQL both
# take: executemany, or multi-row INSERT ... RETURNING where the new keys are needed.

#: Rows per INSERT ... RETURNING statement (fewer where the engine limits parameters).
RETURNING_ROWS = 500


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def _check_fields(fields: list[Any]) -> None:
    if any(hasattr(field, "get_placeholder") for field in fields):
        raise TypeError("raw inserts take fields stored as plain parameters only")


def _insert_sql(model: type[models.Model], fields: list[Any], rows: int, returning: bool) -> str:
    columns = ", ".join(_qn(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {_qn(model._meta.db_table)} ({columns}) VALUES {', '.join([row] * rows)}"  # noqa: S608
    return f"{sql} RETURNING {_qn(model._meta.pk.column)}" if returning else sql


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    """*items* in chunks of *size*, then of 64, 8 and 1 (fewer when *size* is smaller).

    The driver caches every statement shape (SQLite keeps 128): four shapes per table keep
    that cache, and the import's memory, from growing with the input.
    """
    start = 0
    for length in sorted({size, *(n for n in (64, 8, 1) if n < size)}, reverse=True):
        while len(items) - start >= length:
            yield items[start : start + length]
            start += length


def insert_objects(model: type[models.Model], objects: list[Any], fields: list[Any] | None = None) -> None:
    """``bulk_create`` for *objects* (unsaved instances of *model* or a subclass): sets their keys.

    *fields* are the columns written (default: every concrete field of *model* but its key).
    """
    if not objects:
        return
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotImplementedError("the database does not return keys from a bulk insert")
    fields = fields if fields is not None else [f for f in model._meta.concrete_fields if not f.primary_key]
    _check_fields(fields)
    limit = connection.features.max_query_params
    size = min(RETURNING_ROWS, max(1, limit // len(fields))) if limit else RETURNING_ROWS
    keys: list[Any] = []
    with connection.cursor() as cursor:
        for chunk in _chunks(objects, size):
            params = [
                field.get_db_prep_save(field.pre_save(obj, True), connection)
                for obj in chunk
                for field in fields
            ]
            cursor.execute(_insert_sql(model, fields, len(chunk), returning=True), params)
            keys += [row[0] for row in cursor.fetchall()]
    if len(keys) != len(objects):
        raise RuntimeError("the database did not return the new rows' keys")
    for obj, key in zip(objects, keys, strict=True):
        setattr(obj, model._meta.pk.attname, key)
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Rows of *model* given as ``{attname: value}`` (other fields take their defaults), keys not read."""
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    _check_fields(fields)
    params = [
        tuple(
            field.get_db_prep_save(
                row[field.attname] if field.attname in row else field.get_default(), connection
            )
            for field in fields
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(_insert_sql(model, fields, 1, returning=False), params)


def _insert_pages(model: type[Page], pages: list[Page]) -> None:
    """The ``wagtailcore_page`` rows, then the page type's own rows sharing their keys."""
    # The base rows from the pages themselves: a multi-table child has every Page field.
    insert_objects(Page, pages)
    for page in pages:
        page.pk = page.id  # the child's key (page_ptr_id) is the base row's
    # What Model.save() does for the child table of a multi-table model, for many rows at once.
    fields = model._meta.local_concrete_fields
    _check_fields(fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            _insert_sql(model, fields, 1, returning=False),
            [
                tuple(field.get_db_prep_save(field.pre_save(page, True), connection) for field in fields)
                for page in pages
            ],
        )


def _set_revisions(pages: list[Page]) -> None:
    """Point the new pages at their revision (``bulk_update`` of two columns, without its CASE)."""
    meta = Page._meta
    latest, live = (_qn(meta.get_field(name).column) for name in ("latest_revision", "live_revision"))
    sql = f"UPDATE {_qn(meta.db_table)} SET {latest} = %s, {live} = %s WHERE {_qn(meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(page.latest_revision_id, page.live_revision_id, page.pk) for page in pages])


def _insert_revisions(
    pages: list[Page],
    contents: list[dict[str, Any]],
    model_type: int,
    page_type: int,
    now: datetime,
    states: Mapping[int, PageState],
) -> list[Revision]:
    revisions = []
    for page, content in zip(pages, contents, strict=True):
        content["pk"] = page.pk
        revisions.append(
            Revision(
                content_type_id=model_type,
                base_content_type_id=page_type,
                object_id=str(page.pk),
                created_at=now,
                object_str=str(page),
                content=content,
                approved_go_live_at=page.go_live_at if states[id(page)] is PageState.SCHEDULED else None,
            )
        )
    insert_objects(Revision, revisions)
    return revisions


def _may_reference(page: Page) -> bool:
    """Whether Wagtail's reference extraction, costly per page, can find anything on *page*.

    An imported article refers to other objects only through its agency, listing image and
    tags, or through body blocks other than the plain paragraphs and photo notes imports write
    (escaped text: no links, no embeds); a page of another type is always examined.
    """
    if not isinstance(page, ArticlePage):
        return True
    if page.agency_id is not None or page.listing_image_id is not None:
        return True
    if page.tagged_items.all():  # held in memory (_keep_children_in_memory): each tag is a reference
        return True
    for block in page.body.raw_data:
        if block["type"] not in ("paragraph", "photo_note"):
            return True
        if block["type"] == "paragraph" and ("<a " in block["value"] or "<embed" in block["value"]):
            return True
    return False


def _index_references(pages: list[Page], model_type: int, page_type: int) -> None:
    rows = [
        ReferenceIndex(
            content_type_id=model_type,
            base_content_type_id=page_type,
            object_id=str(page.pk),
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        if _may_reference(page)
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]
    if rows:
        ReferenceIndex.objects.bulk_create(
            rows, ignore_conflicts=connection.features.supports_ignore_conflicts
        )


def announce_created(pages: list[Page], prepared: Mapping[int, PreparedText] | None = None) -> None:
    """What follows saving and publishing, done once for a batch written in bulk (after its commit).

    Per page, Wagtail sends ``post_save`` and, for a publication or a schedule,
    ``page_published``; their receivers here would each do per-page work (delivery computes
    an article's neighbours to purge them). For a batch: the portal's search indexes the
    batch's live articles in one call (from the pages in memory, not read back), the page
    cache is purged once, Wagtail's own search backends get the batch in one call each (drafts
    too: a save indexes them), ``articles_imported`` tells anyone else of the published ones,
    and the publishing safety net learns the first scheduled time (what saving a scheduled
    revision tells it). *prepared* is the articles' search text worked out ahead by the
    import's workers, by page id (``search.services.prepared``).
    """
    if not pages:
        return
    articles = [page for page in pages if isinstance(page, ArticlePage)]
    live = [page for page in articles if page.live]
    if live and apps.is_installed("toasoan.search"):
        from toasoan.search.services import indexing

        indexing.index_new_articles(live, prepared)  # from memory: the pages were just written
    events.send(events.EVERYTHING)  # the pages were written in bulk: no page signal said so
    index_for_search(pages)
    scheduled = [revision.approved_go_live_at for revision in _latest_revisions(pages)
                 if revision.approved_go_live_at is not None]  # fmt: skip
    if scheduled and apps.is_installed("toasoan.editorial"):
        from toasoan.editorial.services.scheduling import safety_net

        safety_net().note_scheduled(min(scheduled))
    if live:
        articles_imported.send(sender=ArticlePage, pages=live)


def _latest_revisions(pages: list[Page]) -> Iterator[Revision]:
    """The revisions the bulk write left on the pages in memory (none read from the database)."""
    for page in pages:
        if Page.latest_revision.is_cached(page) and page.latest_revision is not None:
            yield page.latest_revision


#: The name the published-only path had; the same function.
announce_published = announce_created


def drop_raw_data_views(pages: list[Page]) -> None:
    """Drop the ``raw_data`` view cached on each page's StreamField values (made again on use).

    The view refers back to its StreamValue: a reference cycle that only the garbage
    collector's full passes free, rare in a process this size. Left alone, a long import's
    memory rises by the batches' bodies between two of them (the traced peak grew by a
    third from 2,000 to 8,000 records); dropped, the batch is freed as soon as it is done.
    """
    for page in pages:
        for value in vars(page).values():
            if isinstance(value, StreamValue):
                vars(value).pop("raw_data", None)


def index_for_search(pages: list[Page]) -> None:
    """Add or update these pages in Wagtail's search backends (the admin's search), one call each."""
    if not pages:
        return
    by_model: dict[type[Page], list[Page]] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, group in by_model.items():
            try:
                backend.add_bulk(model, group)
            except Exception:  # the pages are saved; `manage.py update_index` can catch the index up
                logger.exception("Search index not updated for %d imported pages", len(group))
