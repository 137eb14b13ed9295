"""Other kinds of results the search page lists above the articles (units and people of the
agency's organisation, answered citizens' questions), registered by the apps that own them:
search imports none of them.

`register(name, finder, heading=…, anchor=…)` from an app's `ready()`; `finder(query, request)`
returns at most a handful of `ExtraResult`s of content a reader may see (live, public, of the
request's portal). Each kind is shown under its own heading, in the order the apps registered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class ExtraResult:
    #: What it is, for the reader ("Đơn vị", "Cán bộ", "Hỏi đáp").
    kind: str
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class ExtraGroup:
    heading: str
    #: The heading's id, so the list can be linked to and named by `aria-labelledby`.
    anchor: str
    results: tuple[ExtraResult, ...]


Finder = Callable[[str, HttpRequest | None], Sequence[ExtraResult]]


@dataclass(frozen=True)
class _Kind:
    finder: Finder
    heading: str
    anchor: str


_finders: dict[str, _Kind] = {}


def register(name: str, finder: Finder, *, heading: str, anchor: str) -> None:
    _finders[name] = _Kind(finder, heading, anchor)


def find(query: str, request: HttpRequest | None = None) -> list[ExtraGroup]:
    groups = []
    for kind in _finders.values():
        results = tuple(kind.finder(query, request))
        if results:
            groups.append(ExtraGroup(str(kind.heading), kind.anchor, results))
    return groups
