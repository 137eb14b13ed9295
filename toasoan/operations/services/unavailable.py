"""When the database is unavailable: a 503 in Vietnamese with Retry-After, never a 500.

"Unavailable" is what a reader can do nothing about and what passes by itself: the server is
down or unreachable, a connection was cut, the SQLite file cannot be opened or written, a lock
was held too long ("database is locked"), the pool found no connection in time. Django raises
`OperationalError` (or `InterfaceError` for a connection already closed) for all of them; a
`ProgrammingError` or an `IntegrityError` is a bug and stays a 500.

Nothing here queries the database: the page is rendered without the request's context
processors (the header's sections would query it), like Django's own 500 page.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from contextlib import suppress

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: The exceptions that mean "the database is unavailable right now".
DATABASE_UNAVAILABLE: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
PAGE_TEMPLATE = "503.html"  # the standalone page of operations/responses.py
FRAGMENT_TEMPLATE = "operations/unavailable_fragment.html"
#: Set on the request when a handler deep inside turned the failure into a 500.
REQUEST_FLAG = "_operations_database_unavailable"
#: At most one warning per this many seconds and process: an outage must not flood the logs.
LOG_EVERY_SECONDS = 10.0

_log_lock = threading.Lock()
_log_state = {"at": 0.0, "suppressed": 0}


def retry_after_seconds() -> int:
    return int(getattr(settings, "DB_UNAVAILABLE_RETRY_AFTER", 30))


def is_database_unavailable(error: BaseException | None) -> bool:
    """The error, or one it was raised from or while handling, is a database outage."""
    seen = 0
    while error is not None and seen < 8:
        if isinstance(error, DATABASE_UNAVAILABLE):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def note_request_exception(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """got_request_exception receiver: mark the request when the exception being handled is an outage."""
    if request is not None and is_database_unavailable(sys.exception()):
        setattr(request, REQUEST_FLAG, True)


def close_broken_connections() -> None:
    """Drop connections the outage broke, so the next query connects afresh once the database is back.

    Django does this itself at the end of each request (`close_old_connections`); doing it now
    also covers callers that keep the connection between requests (the test client, threads).
    A connection inside a transaction is left to its owner.
    """
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or connection.in_atomic_block:
            continue
        with suppress(*DATABASE_UNAVAILABLE, OSError):
            if connection.is_usable():
                continue
        with suppress(*DATABASE_UNAVAILABLE, OSError):
            connection.close()


def log_outage(error: BaseException | None, request: HttpRequest) -> None:
    """One warning, throttled; the exception's class only (its text may name hosts), the path only."""
    now = time.monotonic()
    with _log_lock:
        if now - _log_state["at"] < LOG_EVERY_SECONDS:
            _log_state["suppressed"] += 1
            return
        suppressed, _log_state["suppressed"], _log_state["at"] = _log_state["suppressed"], 0, now
    logger.warning(
        "operations: database unavailable (%s) for %s %s; answered 503 (%d more since the last warning)",
        type(error).__name__ if error is not None else "error",
        request.method,
        request.path,
        suppressed,
    )


def _wants_json(request: HttpRequest) -> bool:
    return request.path.endswith(".json") or "application/json" in request.headers.get("Accept", "")


def unavailable_response(request: HttpRequest, error: BaseException | None = None) -> HttpResponse:
    """The 503 a reader gets: a page, a fragment for the page's scripts, or JSON for .json URLs."""
    log_outage(error, request)
    close_broken_connections()
    retry_after = retry_after_seconds()
    message = _("Hệ thống đang tạm thời gián đoạn. Vui lòng thử lại sau ít phút.")
    if _wants_json(request):
        response: HttpResponse = JsonResponse(
            {"error": message, "retry_after": retry_after},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        is_fragment = request.headers.get("X-Requested-With") == "XMLHttpRequest"
        template = FRAGMENT_TEMPLATE if is_fragment else PAGE_TEMPLATE
        # No request: context processors would query the database for the header's sections.
        body = loader.render_to_string(
            template, {"retry_after": retry_after, "message": message, "site_name": settings.SITE_NAME}
        )
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    # Never kept by the page cache, a CDN or the browser: the next try must reach the server.
    response["Cache-Control"] = "no-store"
    return response
