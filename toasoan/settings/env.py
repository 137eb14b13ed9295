"""The one place settings read the environment.

Every variable the project reads is declared here through a typed getter, so
`.env.example` and docs/settings.md can be checked against one list.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

#: Every variable read through this module, name -> help text (filled as read).
DECLARED: dict[str, str] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _read[T](name: str, default: T, cast: Callable[[str], T], help: str, required: bool) -> T:
    DECLARED[name] = help
    raw = os.environ.get(name)
    if raw is None or (required and raw.strip() == ""):
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required: {help}")
        return default
    try:
        return cast(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Environment variable {name}={raw!r} is invalid: {exc}") from exc


def _to_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("expected true/false")


def _to_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_str(name: str, default: str = "", *, help: str = "", required: bool = False) -> str:
    return _read(name, default, str, help, required)


def env_bool(name: str, default: bool = False, *, help: str = "") -> bool:
    return _read(name, default, _to_bool, help, False)


def env_int(name: str, default: int = 0, *, help: str = "") -> int:
    return _read(name, default, int, help, False)


def env_list(
    name: str, default: list[str] | None = None, *, help: str = "", required: bool = False
) -> list[str]:
    value = _read(name, default or [], _to_list, help, required)
    if required and not value:
        raise ImproperlyConfigured(f"Environment variable {name} is required: {help}")
    return value
