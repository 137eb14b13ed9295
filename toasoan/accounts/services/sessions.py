"""Editor sessions end after 30 minutes without a request, and 12 hours after login in any case.

The login time and the last request's time are kept in the session (seconds since the epoch).
A session older than either limit is flushed: its key is deleted on the server, so the old cookie
is worth nothing even if someone kept a copy.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from typing import Literal

from django.conf import settings

LOGIN_AT = "toasoan_login_at"
SEEN_AT = "toasoan_seen_at"
#: The last-seen time is rewritten at most this often, so not every request writes the session.
TOUCH_EVERY_SECONDS = 60

Expiry = Literal["idle", "absolute"]


def now() -> float:
    """The clock the session limits read (tests replace it)."""
    return time.time()


def mark_login(session: MutableMapping, at: float | None = None) -> None:
    moment = now() if at is None else at
    session[LOGIN_AT] = moment
    session[SEEN_AT] = moment


def expiry(session: MutableMapping, at: float | None = None) -> Expiry | None:
    """Why this session is over, or None while it is still good."""
    moment = now() if at is None else at
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT, login_at)
    if login_at is None or seen_at is None:
        # A session from before this code (or forged without the marks): treat it as over.
        return "absolute"
    if moment - float(login_at) > settings.ACCOUNTS_SESSION_MAX_SECONDS:
        return "absolute"
    if moment - float(seen_at) > settings.ACCOUNTS_SESSION_IDLE_SECONDS:
        return "idle"
    return None


def touch(session: MutableMapping, at: float | None = None) -> None:
    moment = now() if at is None else at
    if moment - float(session.get(SEEN_AT, 0)) >= TOUCH_EVERY_SECONDS:
        session[SEEN_AT] = moment
