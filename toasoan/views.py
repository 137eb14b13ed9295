"""The portal's error pages (handler400/403/404/500 in urls.py; 429 and 503: operations.responses).

Every page is in Vietnamese and shows no detail of the failure: with DEBUG off Django passes the
exception to these views, and none of them puts it (or a setting) in the page. 400, 403, 429, 500
and 503 render from the standalone frame (templates/errors/standalone.html) with the site's name
from settings as their only context, so they need neither the database nor the request's context
processors; 404 is the full portal page (navigation and search help a lost reader).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from wagtail import views as wagtail_views
from wagtail.models import Site

from toasoan.nukeviet.views import moved
from toasoan.operations.responses import standalone
from toasoan.sections import languages


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return standalone("400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return standalone("403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # An old NukeViet address printed without /vi/ reaches here: its 301, if it has one.
    if (redirect := moved(request)) is not None:
        return redirect
    # Django's own view renders 404.html with the request's context and never shows the exception.
    return defaults.page_not_found(request, exception, template_name="404.html")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return standalone("500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the reason stays out of the page (it names cookies and origins)."""
    return standalone("403_csrf.html", 403)


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's `serve`, routed from the home of the request's language (sections.languages).

    Wagtail finds that home through `Page.localized`, a query for the active Locale on every
    page; here the locales are known from the fragment cache. The route is left where Wagtail
    reads it (`Page.route_for_request`), so everything after is Wagtail's own serving.
    """
    if not hasattr(request, "_wagtail_route_for_request"):
        site = Site.find_for_request(request)
        request._wagtail_route_for_request = (
            languages.route(site, request, path) if site is not None else None
        )
    return wagtail_views.serve(request, path)
