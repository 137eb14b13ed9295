"""The WSGI application the app servers run: Django, with the page cache answered first.

`application` answers an anonymous GET/HEAD whose page is cached before Django's handler,
middleware and URL resolver run (after the publishing safety net, which every request passes),
and so it does view beacons (toasoan.analytics.wsgi); every other request, and every miss, goes
to Django, whose DeliveryMiddleware stores what it may. Both read the same cache (pagecache), so the
answers are the same either way.

    granian --interface wsgi toasoan.delivery.wsgi:application
    gunicorn toasoan.delivery.wsgi:application
"""

from __future__ import annotations

import gc
import os

from django.conf import settings
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.core.wsgi import get_wsgi_application
from django.http.cookie import parse_cookie

from toasoan.cache.pagecache import page_cache, page_request, serve_entry, status_line

from . import baking

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings.production")
django_application = get_wsgi_application()  # sets Django up before the imports below

from toasoan.analytics.urls import BEACON_PREFIX  # noqa: E402
from toasoan.analytics.wsgi import answer as beacon_answer  # noqa: E402
from toasoan.editorial.services import scheduling  # noqa: E402


class CachedApplication:
    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        # request.path exactly as WSGIRequest builds it
        path_info = get_path_info(environ) or "/"
        path = "{}/{}".format(get_script_name(environ).rstrip("/"), path_info.replace("/", "", 1))
        if path.startswith(BEACON_PREFIX):
            answered = beacon_answer(environ, start_response, path)
            if answered is not None:
                return answered
        if settings.PAGE_CACHE_ENABLED and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            # The publishing safety net first, as in Django's middleware: a due article is
            # published (and its pages purged) before a cached page could hide it.
            scheduling.before_request(path)
            cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
            page = page_request(environ["REQUEST_METHOD"], path, cookies, environ)
            if page is not None:
                entry, stamp = page_cache.lookup(page)
                if entry is not None:
                    if baking.HEADER in environ:  # nginx found no baked copy: this entry becomes one
                        baking.bake(environ, page, stamp, entry)
                    status, headers, body = serve_entry(entry, page)
                    start_response(status_line(status), headers)
                    return [body]
        response = self.app(environ, start_response)
        if getattr(response, "streaming", True):
            return response
        # Closing sends request_finished, which gives the request's database connections back.
        # A server closes after the last byte has gone, so with a Content-Length the client could
        # send its next request while this one still held a connection opened in a state of the
        # file that is over (operations/sqlite/base.py); closed here, the answer leaves after.
        try:
            body = response.content
        finally:
            response.close()
        return [body]


application = CachedApplication(django_application)

# What start-up made (Django, Wagtail, the apps: some 200,000 objects) lives as long as the
# worker. Frozen, it is left out of the collector's full passes, which otherwise walk all of it
# in the middle of some request (docs/performance.md, "Collector pauses").
gc.freeze()
