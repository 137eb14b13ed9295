"""Limits per reader (a daily-salted hash of the IP), shared by every app-server process.

What one reader did of one limited kind (comments, captcha codes drawn, codes heard) is kept
as the times it happened, in one record; a limit of N per window refuses while N of those
times fall inside the window, and says when the oldest of them leaves it. Reading the times,
deciding and adding the new one is one atomic step, so two processes (or threads) racing for
the last place cannot both get it:

- with Redis (REDIS_URL: the default cache is django-redis), a sorted set per record, changed
  by one Lua script (Redis runs a script with nothing in between);
- without it, a `RateLimitBucket` row in the database, locked for the step: SELECT … FOR UPDATE
  on PostgreSQL; on SQLite the IMMEDIATE transaction holds the write lock from BEGIN on.

Not Django's memory cache (each worker process would count on its own) and not its file cache
(`add` and `incr` read, then write, with no lock between processes). Times come from
`clock`, so tests can move them on.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from django.conf import settings
from django.db import IntegrityError, transaction

from . import clock

HOUR = 3600
#: Kinds of records; the audio view names its own (`counted`).
COMMENT = "comment"
CAPTCHA = "captcha"


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    window: int  # seconds


@dataclass
class Decision:
    allowed: bool
    retry_after: int = 0
    #: What to hand to `release` if the action did not happen after all.
    taken: list[str] = field(default_factory=list)
    #: The limit that refused: "s" (one per interval) or "h" (per hour).
    limit: str = ""


def limits() -> list[Limit]:
    """The comment limits: one per COMMENTS_RATE_LIMIT_SECONDS, COMMENTS_RATE_LIMIT_PER_HOUR an hour."""
    found = []
    interval = int(getattr(settings, "COMMENTS_RATE_LIMIT_SECONDS", 15))
    per_hour = int(getattr(settings, "COMMENTS_RATE_LIMIT_PER_HOUR", 5))
    if interval > 0:
        found.append(Limit("s", 1, interval))
    if per_hour > 0:
        found.append(Limit("h", per_hour, HOUR))
    return found


def captcha_limits() -> list[Limit]:
    """Codes one reader may draw per hour (COMMENTS_CAPTCHA_PER_HOUR); codes live half an hour."""
    per_hour = int(getattr(settings, "COMMENTS_CAPTCHA_PER_HOUR", 30))
    return [Limit("h", per_hour, HOUR)] if per_hour > 0 else []


def decide(stamps: Sequence[float], rules: Sequence[Limit], now: float) -> tuple[bool, int, str]:
    """(allowed, seconds to wait, the refusing limit's name) for one more action at *now*."""
    for rule in rules:
        recent = sorted(stamp for stamp in stamps if stamp > now - rule.window)
        if len(recent) >= rule.count:
            # The place frees when this one leaves the window.
            blocking = recent[len(recent) - rule.count]
            return False, max(1, math.ceil(blocking + rule.window - now)), rule.name
    return True, 0, ""


class Store(Protocol):
    def take(self, key: str, rules: Sequence[Limit], now: float) -> Decision: ...

    def release(self, tokens: Sequence[str]) -> None: ...


def _token(key: str, member: str) -> str:
    return f"{key}|{member}"


def _untoken(token: str) -> tuple[str, str]:
    key, _, member = token.rpartition("|")
    return key, member


def _moment(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


class DatabaseStore:
    """One `RateLimitBucket` row per record, read and written back under a lock."""

    def _locked(self, key: str, now: float):
        from ..models import RateLimitBucket

        bucket = RateLimitBucket.objects.select_for_update().filter(key=key).first()
        if bucket is not None:
            return bucket
        try:
            with transaction.atomic():
                # A new record (a new reader, or a new day's hash): yesterday's are dead weight.
                RateLimitBucket.objects.filter(expires_at__lte=_moment(now)).delete()
                return RateLimitBucket.objects.create(key=key, stamps=[], expires_at=_moment(now))
        except IntegrityError:
            # Another process created it first; its transaction is over, so this one waits for
            # whoever holds the row now, then reads what they wrote.
            return RateLimitBucket.objects.select_for_update().get(key=key)

    def take(self, key: str, rules: Sequence[Limit], now: float) -> Decision:
        from ..models import RateLimitBucket

        longest = max(rule.window for rule in rules)
        with transaction.atomic():
            bucket = self._locked(key, now)
            stamps = [float(stamp) for stamp in bucket.stamps if float(stamp) > now - longest]
            allowed, retry_after, name = decide(stamps, rules, now)
            if not allowed:
                return Decision(False, retry_after, limit=name)
            stamps.append(now)
            RateLimitBucket.objects.filter(pk=bucket.pk).update(
                stamps=stamps, expires_at=_moment(now + longest)
            )
        return Decision(True, 0, [_token(key, repr(now))])

    def release(self, tokens: Sequence[str]) -> None:
        from ..models import RateLimitBucket

        for token in tokens:
            key, member = _untoken(token)
            with transaction.atomic():
                bucket = RateLimitBucket.objects.select_for_update().filter(key=key).first()
                if bucket is None:
                    continue
                stamps = [float(stamp) for stamp in bucket.stamps]
                if float(member) in stamps:
                    stamps.remove(float(member))
                    RateLimitBucket.objects.filter(pk=bucket.pk).update(stamps=stamps)


#: KEYS[1] the record; ARGV: now, drop-at-or-below, member, ttl, then (count, recent-above) per limit.
#: Thresholds come computed from Python: Lua would print the times with fewer digits.
_TAKE_SCRIPT = """
local key = KEYS[1]
redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[2])
for i = 5, #ARGV, 2 do
  local count = tonumber(ARGV[i])
  local recent = redis.call('ZRANGEBYSCORE', key, '(' .. ARGV[i + 1], '+inf', 'WITHSCORES')
  local n = #recent / 2
  if n >= count then
    return {0, recent[(n - count) * 2 + 2], (i - 5) / 2}
  end
end
redis.call('ZADD', key, ARGV[1], ARGV[3])
redis.call('EXPIRE', key, ARGV[4])
return {1, '', -1}
"""


class RedisStore:
    """One sorted set per record (score: the time), changed only by `_TAKE_SCRIPT`."""

    def __init__(self, client, prefix: str = "") -> None:
        self.client = client
        self.prefix = prefix

    def _name(self, key: str) -> str:
        return f"{self.prefix}comments:rl:{key}"

    def take(self, key: str, rules: Sequence[Limit], now: float) -> Decision:
        longest = max(rule.window for rule in rules)
        # Unique members: two actions at the same instant are two entries.
        member = f"{now!r}:{secrets.token_hex(6)}"
        args: list[str | int] = [repr(now), repr(now - longest), member, longest]
        for rule in rules:
            args += [rule.count, repr(now - rule.window)]
        script = self.client.register_script(_TAKE_SCRIPT)
        allowed, blocking, index = script(keys=[self._name(key)], args=args)
        if allowed:
            return Decision(True, 0, [_token(key, member)])
        rule = rules[int(index)]
        stamp = float(blocking.decode() if isinstance(blocking, bytes) else blocking)
        return Decision(False, max(1, math.ceil(stamp + rule.window - now)), limit=rule.name)

    def release(self, tokens: Sequence[str]) -> None:
        for token in tokens:
            key, member = _untoken(token)
            self.client.zrem(self._name(key), member)


def backend() -> Store:
    """Redis when the default cache is django-redis, else the database."""
    from django.core.cache import cache

    get_client = getattr(getattr(cache, "client", None), "get_client", None)
    if get_client is None:
        return DatabaseStore()
    return RedisStore(get_client(write=True), prefix=str(cache.make_key("")))


def hit(ip_hash: str, kind: str = COMMENT, rules: Sequence[Limit] | None = None) -> Decision:
    """Count one action of *kind*; when a limit is full nothing is counted and the wait is returned."""
    rules = limits() if rules is None else list(rules)
    if not rules:
        return Decision(True)
    return backend().take(f"{kind}:{ip_hash}", rules, clock.timestamp())


def release(taken: Sequence[str]) -> None:
    """Give places back (the comment could not be stored after all)."""
    if taken:
        backend().release(taken)


def counted(key: str, limit: int, window: int) -> bool:
    """Count one more for *key*: True while that makes at most *limit* in *window* seconds."""
    if limit <= 0:
        return True
    return backend().take(key, [Limit("n", limit, window)], clock.timestamp()).allowed
