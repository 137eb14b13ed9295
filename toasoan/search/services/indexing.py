"""Keeping the search index equal to the set of live, public articles.

Everything goes through `index_pages` (bulk: a handful of queries per batch whatever
its size) or, for one page being saved, `index_article` (reads the instance, so tags
set in memory and not yet committed by modelcluster are seen).  A page that is not live
or not public is removed from the index by the same calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import batched

from django.db import connection, transaction
from wagtail.models import Page

from toasoan.articles.services import listing
from toasoan.sections import languages

from ..models import SearchDocument
from .documents import Row, build_row, sections_by_path, source_for
from .prepared import PreparedText

BATCH_SIZE = 500
_INSERT_BATCH = 200
VECTOR_COLUMNS = ("search_vector", "head_vector", "exact_vector")


@dataclass
class IndexResult:
    indexed: int = 0
    removed: int = 0

    def __iadd__(self, other: IndexResult) -> IndexResult:
        self.indexed += other.indexed
        self.removed += other.removed
        return self


def _article_model():
    from toasoan.articles.models import ArticlePage

    return ArticlePage


# ----------------------------------------------------------------------------- writing


def _needs_vectors() -> bool:
    return connection.vendor == "postgresql"


def _write(rows: list[Row]) -> None:
    if not rows:
        return
    SearchDocument.objects.filter(pk__in=[row.document.page_id for row in rows]).delete()
    if connection.vendor == "postgresql":
        _insert_postgresql(rows)
    else:
        _insert_sqlite(rows)


def _insert_sqlite(rows: list[Row]) -> None:
    """The rows with one executemany (bulk_create's compiler costs more than the rows' own SQL).

    The FTS5 tables follow through the triggers of migration 0002.
    """
    fields = list(SearchDocument._meta.concrete_fields)
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})",  # noqa: S608
            [
                [field.get_db_prep_save(field.pre_save(row.document, True), connection) for field in fields]
                for row in rows
            ],
        )


def _insert_postgresql(rows: list[Row]) -> None:
    fields = SearchDocument._meta.concrete_fields
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(name) for name in [f.column for f in fields] + list(VECTOR_COLUMNS)
    )
    placeholder = "(" + ", ".join(["%s"] * len(fields) + ["%s::tsvector"] * len(VECTOR_COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for chunk in batched(rows, _INSERT_BATCH):
            params: list = []
            for row in chunk:
                params += [f.get_db_prep_save(f.pre_save(row.document, add=True), connection) for f in fields]
                params += list(row.vectors)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholder] * len(chunk))}",  # noqa: S608
                params,
            )


def remove_pages(page_ids: Iterable[int]) -> int:
    ids = list(page_ids)
    if not ids:
        return 0
    deleted, _ = SearchDocument.objects.filter(pk__in=ids).delete()
    return deleted


# ----------------------------------------------------------------------------- reading pages


def _searched(queryset):
    """Only the default language's articles are searched: the search reads Vietnamese (tones,
    folding), and an English translation must never answer a Vietnamese query (docs/english.md)."""
    return queryset.filter(locale__language_code=languages.default_language())


def _public_live_articles(page_ids: list[int]) -> list:
    return list(
        listing.public(_searched(_article_model().objects.live().filter(pk__in=page_ids)))
        .select_related(None)
        .prefetch_related("tagged_items__tag", "authors")
        .order_by("pk")
    )


def _author_names(authors: Iterable) -> list[str]:
    names: list[str] = []
    for author in authors:
        names += [name for name in (author.name, author.pen_name) if name]
    return names


def index_pages(page_ids: Iterable[int]) -> IndexResult:
    """Index these pages if they are live, public articles; drop them from the index otherwise."""
    result = IndexResult()
    for batch in batched(sorted(set(page_ids)), BATCH_SIZE):
        with transaction.atomic():
            articles = _public_live_articles(list(batch))
            sections = sections_by_path(article.path for article in articles)
            rows = [
                build_row(
                    source_for(
                        article,
                        [item.tag.name for item in article.tagged_items.all()],
                        _author_names(article.authors.all()),
                        sections,
                    ),
                    vectors=_needs_vectors(),
                )
                for article in articles
            ]
            _write(rows)
            kept = {row.document.page_id for row in rows}
            result.indexed += len(rows)
            result.removed += remove_pages(pk for pk in batch if pk not in kept)
    return result


def _restricted_paths() -> list[str]:
    from wagtail.models import PageViewRestriction

    return list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())


def index_new_articles(articles: Sequence, prepared: Mapping[int, PreparedText] | None = None) -> IndexResult:
    """Index articles just created and published in bulk, from the instances in memory.

    For the importer's bulk path (``importer.services.bulk``), which has just written these
    pages: reading them back (``index_pages``) would find what is in memory, so the rows
    are built from the instances. What ``index_pages`` checks in the database is checked
    here the same way: a page not live or expired is left out, and so is one under a view
    restriction (its own path or an ancestor's, the rule of ``listing.public``). Tags and
    authors are read from the instances too: the bulk path holds them in memory, as written.

    *prepared* maps page ids to their text work done ahead (``prepared.prepare_text``, by
    the importer's worker processes); the rows are the same with or without it.
    """
    prepared = prepared or {}
    result = IndexResult()
    restricted = _restricted_paths()
    for batch in batched(sorted(articles, key=lambda article: article.pk), BATCH_SIZE):
        public = [
            article
            for article in batch
            if article.live
            and not article.expired
            and not any(article.path.startswith(path) for path in restricted)
        ]
        sections = sections_by_path(article.path for article in public)
        rows = [
            build_row(
                source_for(
                    article,
                    [item.tag.name for item in article.tagged_items.all()],
                    # In the order the database gives them (Author's ordering), as index_pages reads.
                    _author_names(sorted(article.authors.all(), key=lambda author: author.name)),
                    sections,
                    ready,
                ),
                vectors=_needs_vectors(),
                prepared=ready,
            )
            for article in public
            for ready in (prepared.get(article.pk),)
        ]
        with transaction.atomic():
            _write(rows)
            kept = {row.document.page_id for row in rows}
            result.indexed += len(rows)
            result.removed += remove_pages(article.pk for article in batch if article.pk not in kept)
    return result


def index_article(article) -> bool:
    """Index one ArticlePage from the instance being saved; True if it is in the index after."""
    is_public = (
        article.live
        and not article.expired
        and listing.public(_searched(Page.objects.filter(pk=article.pk))).exists()
    )
    if not is_public:
        remove_pages([article.pk])
        return False
    source = source_for(
        article,
        [tag.name for tag in article.tags.all()],
        _author_names(article.authors.all()),
        sections_by_path([article.path]),
    )
    with transaction.atomic():
        _write([build_row(source, vectors=_needs_vectors())])
    return True


def article_ids_under(page: Page) -> list[int]:
    """Ids of the articles in *page*'s subtree, the page itself included, and of their
    republished copies in other portals (aliases: shown only while their origin is)."""
    articles = Page.objects.filter(path__startswith=page.path, content_type__model="articlepage").filter(
        content_type__app_label="articles"
    )
    found = list(articles.values_list("pk", flat=True))
    return found + list(Page.objects.filter(alias_of__in=articles).values_list("pk", flat=True))


def reindex_subtree(page: Page) -> IndexResult:
    """After a move or a change of view restrictions: every article below *page* again."""
    return index_pages(article_ids_under(page))


def rebuild(batch_size: int = BATCH_SIZE, progress: Callable[[int, int], None] | None = None) -> IndexResult:
    """Index every live, public article and drop everything else from the index."""
    model = _article_model()
    live_ids = list(
        listing.public(_searched(model.objects.live())).order_by("pk").values_list("pk", flat=True)
    )
    result = IndexResult()
    done = 0
    for batch in batched(live_ids, batch_size):
        result += index_pages(batch)
        done += len(batch)
        if progress:
            progress(done, len(live_ids))
    live = set(live_ids)
    stale = [pk for pk in SearchDocument.objects.values_list("pk", flat=True) if pk not in live]
    result.removed += remove_pages(stale)
    optimize()
    return result


def optimize() -> None:
    """After bulk work: merge SQLite's FTS5 segments and checkpoint its log; vacuum and analyze on PostgreSQL.

    VACUUM fills the visibility map, which lets the count skip the table's pages; it cannot
    run inside a transaction, where only ANALYZE is done.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in (
                "portal_search_fts",
                "portal_search_fts_head",
                "portal_search_fts_exact",
                "portal_search_fts_terms",
            ):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608
            _count_common_terms(cursor)
            if not connection.in_atomic_block:
                # The rebuild leaves a large write-ahead log that every read would go through
                # until a checkpoint (measured in docs/search.md).
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elif connection.vendor == "postgresql":
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{command} {SearchDocument._meta.db_table}")


def _count_common_terms(cursor) -> None:
    """SQLite: keep the document count of every term above the rare-term cap (one pass over
    the term index's vocabulary, seconds at 100,000 articles), for ``engines.term_stats``."""
    from .engines import SqliteEngine, term_cap
    from .searching import NEAR_TERM_CAP, NEAR_TERM_FLOOR, NEAR_TERM_SHARE

    cap = term_cap(SqliteEngine.population(), (NEAR_TERM_SHARE, NEAR_TERM_FLOOR, NEAR_TERM_CAP))
    cursor.execute("DELETE FROM portal_search_term_counts")
    cursor.execute(
        "INSERT INTO portal_search_term_counts (term, df) "
        "SELECT term, doc FROM portal_search_fts_terms_vocab WHERE doc > %s",
        [cap],
    )
