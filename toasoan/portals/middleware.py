"""A retired portal's host answers every reader with a permanent redirect (services.merge).

`merge_portals` writes a Wagtail redirect for every address the old portal's pages had and
unpublishes its home page; Wagtail's own `RedirectMiddleware` only looks at 404s, so the old
host's site-wide views (the feed, the sitemaps, robots.txt) would still answer, empty. Here a
request whose Site's home page is not live gets its own redirect, else the home page's (the new
portal). It reads the Site `DeliveryMiddleware` already resolved from the cache: for a live
portal it costs no query.
"""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect


class RetiredPortalMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        site = getattr(request, "_wagtail_site", None)  # set for GET and HEAD of readers' pages
        if site is None or site.root_page.live:
            return self.get_response(request)
        path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
        path_only = Redirect.normalise_path(request.path, decode_unicode=False)
        for candidate in dict.fromkeys((path, path_only, "/")):
            redirect = get_redirect(request, candidate)
            if redirect is not None and redirect.link:
                return HttpResponsePermanentRedirect(redirect.link)
        return self.get_response(request)
