"""The standalone error answers features give (429, 503) and the site's error views build on.

They render from the standalone frame (templates/errors/standalone.html) with the site's name from
settings as their only context, so they need neither the database nor the request's context
processors, and show nothing of the failure.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader

#: Seconds a client is asked to wait after a 503 (Retry-After).
SERVICE_UNAVAILABLE_RETRY_AFTER = 30


def standalone(template: str, status: int, **context: object) -> HttpResponse:
    html = loader.get_template(template).render({"site_name": settings.SITE_NAME, **context})
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def too_many_requests(
    request: HttpRequest, message: str = "", retry_after: int | None = None
) -> HttpResponse:
    """The 429 page, with the reason in Vietnamese and, when known, when to try again."""
    response = standalone("429.html", 429, message=message)
    if retry_after is not None:
        response["Retry-After"] = str(max(1, int(retry_after)))
    return response


def service_unavailable(request: HttpRequest | None = None, message: str = "") -> HttpResponse:
    """The 503 page (database down, maintenance): standalone, so it renders with the database gone."""
    response = standalone("503.html", 503, message=message)
    response["Retry-After"] = str(SERVICE_UNAVAILABLE_RETRY_AFTER)
    return response
