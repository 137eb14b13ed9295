"""How feature apps add to the content's pages without the content importing them.

Registered from each app's `ready()`; registering twice is harmless. By page kind ("home",
"section", "article"):
- `contribute_context(kind, contributor)`: a contributor is called with the page and returns
  context entries (story threads, view counts, most-read lists), so templates never query;
- `add_related(kind, *fields)`: relations joined to the page's own query when a reader's request
  routes to it (a view-count row), instead of one query more;
- `provide_view(name, view)`: a view a page route hands over to (a section's RSS feed);
- `annotate_lists(name, expression)`: a value every article list carries (the comment count),
  computed in the list's own query;
- `add_menu_type(model_label)`: a feature's page type shown in the header navigation next to
  the sections when ticked "show in menus" (the legal document registry);
- `declare_stale(provider)`: the pages that show a page elsewhere (its section's list, the tag
  pages, the feeds, a story thread) say so: `provider(page, tag_slugs)` yields `Stale` paths
  that a change to `page` makes stale. A page's own routes come from its `get_cached_paths()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from wagtail.models import Page

ContextContributor = Callable[[Page], dict]
_contributors: dict[str, list[ContextContributor]] = {}
_related: dict[str, tuple[str, ...]] = {}
_views: dict[str, Callable] = {}
_list_annotations: dict[str, Callable] = {}
_menu_types: list[str] = []


@dataclass(frozen=True)
class Stale:
    """A path a change makes stale: relative to `page`'s URL as in Wagtail's `get_cached_paths()`
    ("/", "/rss/"), or, with no page, from the root of every site ("/dong-su-kien/")."""

    path: str
    page: Page | None = None
    #: A list read in pages (`?trang=2`): a CDN is told its first pages too.
    paginated: bool = False


#: `provider(page, tag_slugs)`; `tag_slugs` is None for the page's current tags, or the tags it had.
StaleProvider = Callable[[Page, Sequence[str] | None], Iterable[Stale]]
_stale_providers: list[StaleProvider] = []


def contribute_context(kind: str, contributor: ContextContributor) -> ContextContributor:
    registered = _contributors.setdefault(kind, [])
    if contributor not in registered:
        registered.append(contributor)
    return contributor


def contributions(kind: str, page: Page) -> dict:
    context: dict = {}
    for contributor in _contributors.get(kind, ()):
        context.update(contributor(page))
    return context


def add_related(kind: str, *fields: str) -> None:
    _related[kind] = (*_related.get(kind, ()), *(f for f in fields if f not in _related.get(kind, ())))


def related(kind: str) -> tuple[str, ...]:
    return _related.get(kind, ())


def provide_view(name: str, view: Callable) -> None:
    _views[name] = view


def view(name: str) -> Callable | None:
    return _views.get(name)


def annotate_lists(name: str, expression: Callable) -> None:
    """`expression()` builds the annotation anew for each list (an `OuterRef` subquery)."""
    _list_annotations[name] = expression


def list_annotations() -> dict:
    return {name: expression() for name, expression in _list_annotations.items()}


def declare_stale(provider: StaleProvider) -> StaleProvider:
    if provider not in _stale_providers:
        _stale_providers.append(provider)
    return provider


def own_paths(page: Page) -> list[Stale]:
    """The page's own routes (`get_cached_paths()`), its lists marked by `paginated_paths`."""
    paginated = set(getattr(page, "paginated_paths", ()))
    return [Stale(path, page, path in paginated) for path in page.get_cached_paths()]


def stale_elsewhere(page: Page, tag_slugs: Sequence[str] | None = None) -> list[Stale]:
    """What other pages showing `page` declare (`declare_stale`), as it is or as a copy of how it was."""
    return [stale for provider in _stale_providers for stale in provider(page, tag_slugs)]


def add_menu_type(model_label: str) -> None:
    if model_label not in _menu_types:
        _menu_types.append(model_label)


def menu_types() -> tuple[str, ...]:
    return tuple(_menu_types)
