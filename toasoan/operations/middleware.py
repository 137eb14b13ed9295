"""Database outages become a 503 page in Vietnamese with Retry-After (services.unavailable)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .services import unavailable


class DatabaseUnavailableMiddleware:
    """First in MIDDLEWARE, so it sees every response.

    A view's outage reaches `process_exception` (no 500 is logged). One raised in another
    middleware or an error handler has already become a 500 by the time it comes back here; the
    got_request_exception receiver (apps.py) marked the request, and the 500 is replaced.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code >= 500 and getattr(request, unavailable.REQUEST_FLAG, False):
            return unavailable.unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if unavailable.is_database_unavailable(exception):
            return unavailable.unavailable_response(request, exception)
        return None
