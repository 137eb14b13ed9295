"""The portal's error pages (handler400/403/404/500 in urls.py) and the 429/503 responses.

Every page is in Vietnamese and shows no detail of the failure: with DEBUG off Django passes the
exception to these views, and none of them puts it (or a setting) in the page. 400, 403, 429, 500
and 503 render from the standalone frame (templates/errors/standalone.html) with the site's name
from settings as their only context, so they need neither the database nor the request's context
processors; 404 is the full portal page (navigation and search help a lost reader).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

#: Seconds a client is asked to wait after a 503 (Retry-After).
SERVICE_UNAVAILABLE_RETRY_AFTER = 30


def _standalone(template: str, status: int, **context: object) -> HttpResponse:
    html = loader.get_template(template).render({"site_name": settings.SITE_NAME, **context})
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _standalone("400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _standalone("403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Django's own view renders 404.html with the request's context and never shows the exception.
    return defaults.page_not_found(request, exception, template_name="404.html")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return _standalone("500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the reason stays out of the page (it names cookies and origins)."""
    return _standalone("403_csrf.html", 403)


def too_many_requests(
    request: HttpRequest, message: str = "", retry_after: int | None = None
) -> HttpResponse:
    """The 429 page, with the reason in Vietnamese and, when known, when to try again."""
    response = _standalone("429.html", 429, message=message)
    if retry_after is not None:
        response["Retry-After"] = str(max(1, int(retry_after)))
    return response


def service_unavailable(request: HttpRequest | None = None, message: str = "") -> HttpResponse:
    """The 503 page (database down, maintenance): standalone, so it renders with the database gone."""
    response = _standalone("503.html", 503, message=message)
    response["Retry-After"] = str(SERVICE_UNAVAILABLE_RETRY_AFTER)
    return response
