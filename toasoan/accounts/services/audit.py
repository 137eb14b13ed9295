"""Login audit lines: every attempt, its outcome and a pseudonym — never a password, name or IP.

The pseudonym is an HMAC of the lower-cased username keyed on SECRET_KEY, cut to 12 hex digits:
the same account always gets the same pseudonym, so an operator can follow one account's attempts
through the log (and, knowing a username, compute its pseudonym with `pseudonym()`), but a log
line alone says nobody's name.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

logger = logging.getLogger("toasoan.accounts")

PSEUDONYM_LENGTH = 12


def pseudonym(username: str | None) -> str:
    if not username:
        return "-"
    digest = salted_hmac("toasoan.accounts.pseudonym", username.strip().lower(), algorithm="sha256")
    return digest.hexdigest()[:PSEUDONYM_LENGTH]


def log_event(event: str, username: str | None, **fields: object) -> None:
    """One line, `event=<name> account=<pseudonym> key=value…`; the fields must hold no personal data."""
    extra = "".join(f" {key}={value}" for key, value in fields.items())
    logger.info("event=%s account=%s%s", event, pseudonym(username), extra)


def axes_client_str(
    username: str | None, ip_address: str | None, user_agent: str | None, path_info: str, request: HttpRequest
) -> str:
    """What django-axes writes in its own log lines instead of the username and IP."""
    return f"account={pseudonym(username)} path={path_info}"
