"""Test-only views: a page that uses its CSP nonce, and views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from toasoan.operations.responses import service_unavailable
from toasoan.urls import handler400, handler403, handler404, handler500
from toasoan.urls import urlpatterns as project_urls

NONCE_PAGE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="vi"><head><style nonce="{{ csp_nonce }}">p{}</style></head>'
    "<body></body></html>"
)


def nonce_page(request):
    return HttpResponse(NONCE_PAGE.render({}, request))


def boom(request):
    raise RuntimeError(f"secret detail {request.path} SECRET_KEY")


def denied(request):
    raise PermissionDenied("hidden reason")


def suspicious(request):
    raise SuspiciousOperation("hidden reason")


def database_down(request):
    raise OperationalError("could not connect to server: password=hunter2")


def unavailable(request):
    return service_unavailable(request)


urlpatterns = [
    path("thu/nonce/", nonce_page),
    path("thu/500/", boom),
    path("thu/403/", denied),
    path("thu/400/", suspicious),
    path("thu/db/", database_down),
    path("thu/503/", unavailable),
    *project_urls,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
