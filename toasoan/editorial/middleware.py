"""The request-time safety net for scheduled publishing, and the admin's default language."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, InterfaceError
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .services.scheduling import safety_net

logger = logging.getLogger(__name__)


class ScheduledPublishingMiddleware:
    """Before a request is served, publish what the worker should have published by now.

    Costs one time comparison per request; queries only when something is due or the
    process has not looked for `EDITORIAL_SAFETY_NET_SECONDS` (0 turns it off).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.skipped_prefixes = (settings.STATIC_URL, settings.MEDIA_URL)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        net = safety_net()
        if net.is_due() and not request.path.startswith(self.skipped_prefixes):
            try:
                net.check()
            except (DatabaseError, InterfaceError):
                # The database is unavailable: the request is served all the same (from the page
                # cache, or as the 503 page), and the net looks again after its usual interval
                # rather than on every request of the outage.
                net.reschedule(None)
                logger.warning("editorial: safety net skipped, the database is unavailable")
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
