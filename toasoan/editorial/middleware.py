"""The request-time safety net for scheduled publishing, and the admin's default language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .services import scheduling


class ScheduledPublishingMiddleware:
    """Before a request is served, publish what the worker should have published by now.

    Costs one time comparison per request; queries only when something is due or the
    process has not looked for `EDITORIAL_SAFETY_NET_SECONDS` (0 turns it off). The WSGI fast
    path (toasoan.delivery.wsgi) does the same before it answers a cached page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        scheduling.before_request(request.path)
        return self.get_response(request)


class AdminLanguageMiddleware:
    """The admin speaks the site's language (Vietnamese) whatever the browser asks for.

    Django's LocaleMiddleware follows Accept-Language, so an editor on an English-language
    computer would get the login page, and every screen until they pick a language, in
    English. Here admin requests start in `LANGUAGE_CODE`; a user's own choice (Tài khoản →
    Ngôn ngữ) still wins, Wagtail applying it to each admin view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._prefix is None:
            from django.urls import reverse

            self._prefix = reverse("wagtailadmin_home")
        if request.path.startswith(self._prefix):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
