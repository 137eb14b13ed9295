"""View beacons answered before Django's middleware and URL resolver (toasoan.delivery.wsgi).

A beacon is the commonest request that reaches the app server (nginx and the page cache answer
the pages): one per article view. It needs no session, CSRF, host-dependent output or URL
resolving, so the WSGI wrapper hands `/luot-xem/<id>.svg` and `/luot-xem/<id>/` straight to the
same views Django would call (analytics.views), and sends back what they answer.
"""

from __future__ import annotations

import re

from django.core.handlers.wsgi import WSGIRequest

from . import views
from .urls import BEACON_PREFIX

_ROUTE = re.compile(rf"^{re.escape(BEACON_PREFIX)}(\d{{1,12}})(\.svg|/)$")


def answer(environ, start_response, path: str):
    """The WSGI answer for a beacon at `path`, or None when `path` is no beacon."""
    match = _ROUTE.match(path)
    if match is None:
        return None
    request = WSGIRequest(environ)
    view = views.pixel if match.group(2) == ".svg" else views.beacon
    response = view(request, int(match.group(1)))
    headers = [*response.items(), *(("Set-Cookie", c.output(header="")) for c in response.cookies.values())]
    headers.append(("X-Content-Type-Options", "nosniff"))
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    return [response.content]
