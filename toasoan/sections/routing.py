"""Find the page a URL names in one query instead of two per tree level.

Wagtail routes level by level (`get_children().get(slug=…)` then `.specific` at every
level: about seven queries for `/section/subsection/article/`). Our intermediate pages
(home, sections) add no routing of their own below them beyond their own sub-routes, so
the deepest page whose slugs match the path can be fetched at once, by the indexed slug
column, and asked to route the rest (`rss/`, `in/`, `tai-ve/`).
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page

from toasoan.cache import fragments, queries
from toasoan.cache.pagecache import _digest

from . import registry


def deepest_page(root: Page, components: list[str]) -> tuple[Page, list[str]] | None:
    """The deepest descendant of `root` along `components`, and the components left over."""
    if not components or len(components) > 8:
        return None
    condition = Q()
    for level, slug in enumerate(components, start=1):
        condition |= Q(depth=root.depth + level, slug=slug)
    # Several sections may hold a child with the same slug: keep every candidate per level.
    candidates: dict[int, list[Page]] = {}
    for page in Page.objects.filter(condition, path__startswith=root.path).only(
        "id", "path", "depth", "slug", "content_type_id"
    ):
        candidates.setdefault(page.depth, []).append(page)
    found: tuple[Page, list[str]] | None = None
    parent_path = root.path
    for level, slug in enumerate(components, start=1):
        page = next(
            (
                candidate
                for candidate in candidates.get(root.depth + level, ())
                if candidate.slug == slug and candidate.path.startswith(parent_path)
            ),
            None,
        )
        if page is None:
            break
        found = (page, components[level:])
        parent_path = page.path
    return found


def cached_deepest_page(
    root: Page, components: list[str], request=None, *, fresh: bool = False
) -> tuple[Page, list[str]] | None:
    """`deepest_page`, kept: paths that find nothing are not kept.

    A path that names a page exactly depends only on the pages along it: those above are
    sections (their changes move the structure generation), and the page itself is checked
    against its row when it is served (`page_for_serving`: its path and slug, or gone). So it is
    kept under the structure generation, and a publish elsewhere does not look it up again. A
    path with components left (a page's own sub-route, or none found yet) could be taken by a
    page created later: it follows the content generation, which every page written moves.
    """
    if not components or len(components) > 8:
        return None
    key = (root.pk, _digest("/".join(components)))
    found: list = []

    def exact():
        found.append(deepest_page(root, components))
        match = found[0]
        return match if match is not None and not match[1] else False

    match = fragments.cached("route", key, exact, request=request, scopes=(), fresh=fresh)
    if match:
        return match
    return fragments.cached(
        "route-rest",
        key,
        lambda: found[0] if found else deepest_page(root, components),
        request=request,
        fresh=fresh,
    )


def page_for_serving(root: Page, components: list[str], request=None) -> tuple[Page, list[str]] | None:
    """The page a path names, as its own type (`specific_for_serving`), and what is left of the
    path; a page kept before it was moved, renamed or deleted is looked up again."""
    found = cached_deepest_page(root, components, request)
    for fresh in (False, True):
        if found is None:
            return None
        page, remaining = found
        served = specific_for_serving(page)
        if served is not None and served.path == page.path and served.slug == page.slug:
            return served, remaining
        if not fresh:
            found = cached_deepest_page(root, components, request, fresh=True)
    return None


def specific_for_serving(page: Page) -> Page | None:
    """The page as its own type, with what its template needs joined (`route_select_related`);
    None when it is gone. Every page served runs it: its query is compiled once per connection
    and model (toasoan.cache.queries)."""
    model = page.cached_content_type.model_class()
    if model is None:
        return page.specific
    related = (*getattr(model, "route_select_related", ()), *registry.related(model._meta.label_lower))

    def build(pk):
        queryset = model.objects.all()
        if related:
            queryset = queryset.select_related(*related)
        return queryset.filter(pk=pk).order_by()[:1]

    found = queries.instances(
        f"serve-{model._meta.label_lower}", build, (queries.Value("int"),), (page.pk,), using=model.objects.db
    )
    return found[0] if found else None
