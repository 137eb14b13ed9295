"""At most one comment per 15 s and five per hour from one (hashed) IP, through Django's cache.

Each limit of N per window is N slots in the cache; taking one is an atomic `cache.add`
(SET NX on Redis, a lock on the memory cache), so concurrent requests cannot both take the
last slot. A slot holds the time it was taken: it is free again once that is a window old
(by `clock.now()`, so tests can move time on; the cache's own expiry clears it in real life).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from . import clock

HOUR = 3600


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    window: int  # seconds


@dataclass
class Decision:
    allowed: bool
    retry_after: int = 0
    taken: list[str] = field(default_factory=list)
    #: The limit that refused: "s" (one per interval) or "h" (per hour).
    limit: str = ""


def limits() -> list[Limit]:
    found = []
    interval = int(getattr(settings, "COMMENTS_RATE_LIMIT_SECONDS", 15))
    per_hour = int(getattr(settings, "COMMENTS_RATE_LIMIT_PER_HOUR", 5))
    if interval > 0:
        found.append(Limit("s", 1, interval))
    if per_hour > 0:
        found.append(Limit("h", per_hour, HOUR))
    return found


def _keys(limit: Limit, ip_hash: str) -> list[str]:
    return [f"comments:rl:{limit.name}{limit.window}:{ip_hash}:{slot}" for slot in range(limit.count)]


def _take(limit: Limit, ip_hash: str, now: float) -> tuple[str | None, int]:
    """Take a slot: (its key, 0), or (None, seconds until one frees)."""
    keys = _keys(limit, ip_hash)
    for key in keys:
        if cache.add(key, now, timeout=limit.window):
            return key, 0
    stamps = cache.get_many(keys)
    for key in keys:
        taken_at = stamps.get(key)
        if taken_at is None or taken_at <= now - limit.window:
            # Stale by our clock (or just expired): free it and race for it like any other.
            cache.delete(key)
            if cache.add(key, now, timeout=limit.window):
                return key, 0
    oldest = min((stamp for stamp in stamps.values() if stamp is not None), default=now)
    return None, max(1, math.ceil(oldest + limit.window - now))


def hit(ip_hash: str) -> Decision:
    """Count one comment; when any limit is full nothing is counted and the wait is returned."""
    now = clock.timestamp()
    taken: list[str] = []
    for limit in limits():
        key, retry_after = _take(limit, ip_hash, now)
        if key is None:
            release(taken)
            return Decision(False, retry_after, limit=limit.name)
        taken.append(key)
    return Decision(True, 0, taken)


def release(keys: list[str]) -> None:
    """Give slots back (the comment could not be stored after all)."""
    if keys:
        cache.delete_many(keys)


def counted(key: str, limit: int, window: int) -> bool:
    """A plain fixed-window counter (for cheap things such as audio codes): True while under *limit*."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
