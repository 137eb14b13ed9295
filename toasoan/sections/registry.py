"""How feature apps add to the content's pages without the content importing them.

Registered from each app's `ready()`; registering twice is harmless. By page kind ("home",
"section", "article"):
- `contribute_context(kind, contributor)`: a contributor is called with the page and returns
  context entries (story threads, view counts, most-read lists), so templates never query;
- `add_related(kind, *fields)`: relations joined to the page's own query when a reader's request
  routes to it (a view-count row), instead of one query more;
- `provide_view(name, view)`: a view a page route hands over to (a section's RSS feed);
- `annotate_lists(name, expression)`: a value every article list carries (the comment count),
  computed in the list's own query.
"""

from __future__ import annotations

from collections.abc import Callable

from wagtail.models import Page

ContextContributor = Callable[[Page], dict]
_contributors: dict[str, list[ContextContributor]] = {}
_related: dict[str, tuple[str, ...]] = {}
_views: dict[str, Callable] = {}
_list_annotations: dict[str, Callable] = {}


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
