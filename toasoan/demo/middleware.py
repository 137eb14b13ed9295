"""The demo (`make demo`, DEBUG on) shows readers the portal's own Vietnamese error page.

With DEBUG on, Django answers a missing page with its English debug page; production (DEBUG off)
shows `templates/404.html` through `toasoan.views`. A newcomer trying the demo should see what
readers see, so readers' pages get that page here too. The admin keeps Django's debug page, which
helps whoever develops it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from toasoan import views


class ReaderErrorPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # An address no URL pattern matches fails before any view runs (no `process_exception`):
        # Django has already drawn its debug page, which is replaced.
        if (
            response.status_code == 404
            and getattr(request, "resolver_match", None) is None
            and self._for_readers(request)
        ):
            return views.page_not_found(request, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404) and self._for_readers(request):
            return views.page_not_found(request, exception)
        return None

    @staticmethod
    def _for_readers(request: HttpRequest) -> bool:
        admin = getattr(settings, "ACCOUNTS_ADMIN_PATH_PREFIX", "/admin/")
        return settings.DEBUG and not request.path.startswith(admin)
