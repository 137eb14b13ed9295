"""The one place where lists of articles are queried.

Every list on the site (home, sections, tags, feeds, sitemaps, newer/older) starts
from `articles()`: live, public, without StreamFields, with what a list item
shows already joined, so templates never query.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Length, RowNumber, Substr
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from toasoan.cache import queries
from toasoan.sections import registry

from ..models import ArticlePage

#: The renditions list items use; prefetched so `{% image %}` never queries per item.
LISTING_RENDITIONS = ("fill-480x270", "fill-960x540")
NEIGHBOUR_COUNT = 10
#: Newest first; an article whose date is unknown (`published_at_unknown`) after every dated one.
NEWEST_FIRST = (F("published_at").desc(nulls_last=True), "-pk")


def _parent_page(field: str) -> PageQuerySet:
    # A page's parent path is its own path minus one tree step (treebeard's steplen).
    return Page.objects.filter(path=Substr(OuterRef(field), 1, Length(OuterRef(field)) - Page.steplen))


def restricted(path: str = "path") -> Exists:
    """True for a row whose page (its tree path in the field `path`: `"target__path"` for a
    related page) is under a view restriction, in SQL."""
    restricted_ancestor = PageViewRestriction.objects.annotate(
        restricted_path_length=Length("page__path")
    ).filter(page__path=Substr(OuterRef(path), 1, F("restricted_path_length")))
    return Exists(restricted_ancestor)


def hidden_origin() -> Exists:
    """True for an alias (an article republished from another portal, services.republish) whose
    origin readers cannot see: not live, or under a view restriction."""
    origin = Page.objects.filter(pk=OuterRef("alias_of_id")).filter(Q(live=False) | restricted())
    return Exists(origin)


def public(queryset: PageQuerySet) -> PageQuerySet:
    """Wagtail's `.public()` in SQL: no page under a view restriction, and no republished
    article whose origin is hidden (not live or restricted).

    `.public()` runs a query for the restrictions every time it is called (four times
    on the home page); these correlated subqueries cost no query of their own.
    """
    # Most rows are no alias: the column test spares them the origin's subquery.
    return queryset.filter(~restricted()).filter(Q(alias_of__isnull=True) | ~hidden_origin())


def live_public() -> PageQuerySet:
    """Live, public articles: what every list starts from."""
    return public(ArticlePage.objects.live())


def articles(*, images: bool = True) -> PageQuerySet:
    """Live, public articles, newest first, with `section_title`, `section_url_path` and what
    feature apps annotate (`comment_count`: toasoan.comments)."""
    parent = _parent_page("path")
    queryset = (
        live_public()
        .defer_streamfields()
        .select_related("agency")
        .annotate(
            section_title=Subquery(parent.values("title")[:1]),
            section_url_path=Subquery(parent.values("url_path")[:1]),
            **registry.list_annotations(),  # what feature apps add (the comment count)
        )
        .order_by(*NEWEST_FIRST)
    )
    if images:
        rendition_model = get_image_model().get_rendition_model()
        renditions = rendition_model.objects.filter(filter_spec__in=LISTING_RENDITIONS)
        queryset = queryset.select_related("listing_image").prefetch_related(
            Prefetch("listing_image__renditions", queryset=renditions)
        )
    return queryset


class DeferredList:
    """An ordered list of articles read a page at a time, for `Paginator` (a "deferred join").

    `list[a:b]` is one query: the rows of `queryset` whose id is among the ids of positions
    a…b, `SELECT … WHERE id IN (SELECT id … ORDER BY … LIMIT b-a OFFSET a)`. The rows the
    offset skips are walked as bare ids, along the ordering's index (`article_newest_first`),
    never read whole nor given the list's subqueries (section, comment count), so page 500 of
    a section costs about what page 1 does; a plain OFFSET built every skipped row.
    `count()` counts ids alone, without the list's annotations.
    """

    def __init__(self, queryset: PageQuerySet) -> None:
        self.queryset = queryset
        self._ids = queryset.prefetch_related(None).values_list("pk", flat=True)

    def count(self) -> int:
        return self._ids.order_by().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice):
        if not isinstance(key, slice):
            raise TypeError("DeferredList reads slices (pages) only")
        return self.queryset.filter(pk__in=self._ids[key])


def in_section(section: Page, *, images: bool = True) -> PageQuerySet:
    """Articles of a section and of its subsections."""
    return articles(images=images).descendant_of(section)


#: What a list item shows (articles.templatetags.teasers), besides the list annotations.
TEASER_FIELDS = ("pk", "title", "url_path", "published_at", "lead", "listing_image_id")


class Teasers(list):
    """A list's articles as plain rows of what their items show (`TEASER_FIELDS`, the section
    and the list annotations): enough for the teasers kept (articles.templatetags.teasers),
    without building the articles, their images and renditions. `article(pk)` reads the full
    articles of the list, in one query, for the first teaser that is not kept."""

    def __init__(self, values=()) -> None:
        """`values`: dicts as `teaser_values()` gives them."""
        super().__init__()
        self._full: dict[int, ArticlePage] | None = None
        for row in values:
            self.append_row(row)

    def append_row(self, values: dict) -> None:
        self.append(SimpleNamespace(**values, teasers=self))

    def article(self, pk: int):
        if self._full is None:
            full = articles().filter(pk__in=[row.pk for row in self])
            self._full = {article.pk: article for article in full}
        return self._full.get(pk)


def latest_by_section(home: Page, per_section: int) -> dict[str, Teasers]:
    """The newest `per_section` articles of every top-level section, in one query, as rows."""
    return {path: Teasers(rows) for path, rows in latest_rows_by_section(home, per_section).items()}


def latest_rows_by_section(home: Page, per_section: int) -> dict[str, list[dict]]:
    """`latest_by_section`'s rows as plain dicts (what a fragment keeps), in one query.

    Keyed by the section's tree path; articles of subsections count for their top section.
    The ranking runs over bare rows (id and path); only the articles it keeps get the list
    annotations (section, comment count), not every article of the site.
    """
    prefix_length = (home.depth + 1) * Page.steplen
    section_path = Substr("path", 1, prefix_length)
    ranked = (
        live_public()
        .descendant_of(home)
        .annotate(
            rank=Window(RowNumber(), partition_by=[section_path], order_by=[NEWEST_FIRST[0], F("pk").desc()]),
        )
        .filter(rank__lte=per_section)
        .values("pk")
    )
    rows = articles(images=False).filter(pk__in=ranked).annotate(top_section_path=section_path)
    grouped: dict[str, list[dict]] = {}
    for values in teaser_values(rows, "top_section_path"):
        grouped.setdefault(values.pop("top_section_path"), []).append(values)
    return grouped


def refresh_annotations(*groups: list[dict]) -> None:
    """Kept rows (a list kept until the content changes) with what feature apps annotate read
    again, in one query for all of them: the comment count changes without a content change,
    and a list shows a new one at once."""
    annotations = registry.list_annotations()
    rows = [row for group in groups for row in group]
    if not annotations or not rows:
        return
    fresh = {
        values.pop("pk"): values
        for values in ArticlePage.objects.filter(pk__in={row["pk"] for row in rows})
        .annotate(**annotations)
        .values("pk", *annotations)
    }
    for row in rows:
        row.update(fresh.get(row["pk"], {}))


def teaser_values(queryset: PageQuerySet, *extra: str):
    """`queryset` (of `articles(images=False)`) as the dicts `Teasers` holds."""
    annotations = ("section_title", "section_url_path", *registry.list_annotations())
    return queryset.values(*TEASER_FIELDS, *annotations, *extra)


#: What a list of links shows (title, URL, time): the newer/older lists.
LINK_FIELDS = ("title", "slug", "url_path", "path", "depth", "published_at")


def neighbours(article, count: int = NEIGHBOUR_COUNT) -> tuple[list, list]:
    """The `count` next-newer and next-older articles of the same section.

    Ordered by (published_at, id) so two articles of the same minute still list each other.
    Both lists are newest first. The lists show a title, a URL and a time: the articles carry
    `LINK_FIELDS` only (no section or comment-count subqueries), still live and public.
    """
    if article.published_at is None or article.pk is None:  # never published, or a new page's preview
        return [], []
    siblings = (
        live_public()
        .filter(path__startswith=article.path[: -Page.steplen], depth=article.depth)
        .exclude(pk=article.pk)
        .only(*LINK_FIELDS)
    )
    at = article.published_at
    newer = siblings.filter(Q(published_at__gt=at) | Q(published_at=at, pk__gt=article.pk)).order_by(
        "published_at", "pk"
    )[:count]
    older = siblings.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=article.pk)).order_by(
        *NEWEST_FIRST
    )[:count]
    return list(reversed(list(newer))), list(older)


def _neighbour_querysets(parent_path: str, depth: int, pk: int, at) -> tuple[PageQuerySet, PageQuerySet]:
    siblings = (
        live_public()
        .filter(path__startswith=parent_path, depth=depth)
        .exclude(pk=pk)
        .values_list(*NEIGHBOUR_ROW)
    )
    newer = siblings.filter(Q(published_at__gt=at) | Q(published_at=at, pk__gt=pk)).order_by(
        "published_at", "pk"
    )
    older = siblings.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk)).order_by(*NEWEST_FIRST)
    return newer, older


#: The columns of a neighbour row (`neighbour_rows`).
NEIGHBOUR_ROW = ("pk", "title", "slug", "url_path", "path", "published_at")


def _neighbour_values() -> tuple[queries.Value, ...]:
    published_at = queries.field_value(ArticlePage._meta.get_field("published_at"))
    return (
        queries.Value("text", queries.like_prefix),
        queries.Value("int"),
        queries.Value("int"),
        queries.Value("datetime", published_at),
    )


def neighbour_rows(article, count: int = NEIGHBOUR_COUNT) -> tuple[list[tuple], list[tuple]]:
    """`neighbours()` as rows of `NEIGHBOUR_ROW`: the same articles in the same order, in one
    query compiled once per connection (toasoan.cache.queries): the `count` newer and the `count`
    older, told apart here by their (time, id) against the article's."""
    if article.published_at is None or article.pk is None:  # never published, or a new page's preview
        return [], []
    actual = (article.path[: -Page.steplen], article.depth, article.pk, article.published_at)

    def build(*given):
        newer, older = _neighbour_querysets(*given)
        return newer[:count], older[:count]

    rows = queries.rows(
        f"neighbours-{count}", build, _neighbour_values(), actual, using=ArticlePage.objects.db
    )
    own = (article.published_at, article.pk)
    # Both newest first; neither list holds an article without a time (the filters compare it).
    rows.sort(key=lambda row: (row[5], row[0]), reverse=True)
    return [row for row in rows if (row[5], row[0]) > own], [row for row in rows if (row[5], row[0]) < own]


def with_tag(tag_slug: str) -> PageQuerySet:
    return articles().filter(tags__slug=tag_slug)


def published_since(since) -> PageQuerySet:
    return articles(images=False).filter(published_at__gte=since)
