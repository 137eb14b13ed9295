"""Other kinds of results the search page lists above the articles (units and people of the
agency's organisation), registered by the apps that own them: search imports none of them.

`register(name, finder)` from an app's `ready()`; `finder(query, request)` returns at most a
handful of `ExtraResult`s of content a reader may see (live, public, of the request's portal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class ExtraResult:
    #: What it is, for the reader ("Đơn vị", "Cán bộ").
    kind: str
    title: str
    url: str
    detail: str = ""


Finder = Callable[[str, HttpRequest | None], Sequence[ExtraResult]]
_finders: dict[str, Finder] = {}


def register(name: str, finder: Finder) -> None:
    _finders[name] = finder


def find(query: str, request: HttpRequest | None = None) -> list[ExtraResult]:
    return [result for finder in _finders.values() for result in finder(query, request)]
