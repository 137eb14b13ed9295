"""Old NukeViet addresses answer 301 to the page they became (`services.redirects`).

`legacy` is routed for the shapes no page of this site can have (``/vi/…``, ``/index.php…``);
`moved` is asked by the site's 404 handler for the rest (a one-language NukeViet printed its
addresses without ``/vi/``), so an unknown address is the site's usual 404 either way.  The
address is looked up among the old addresses of the portal the request came to.  Nothing a
reader sends makes a 500: every input is either a key or not one.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect

from toasoan.sections.addresses import site_for

from .services import redirects

logger = logging.getLogger(__name__)

#: Set on a request whose address was already looked up, so the 404 handler does not ask again.
TRIED = "_nukeviet_redirect_tried"


def moved(request: HttpRequest) -> HttpResponsePermanentRedirect | None:
    """The 301 for an old address, or None."""
    if getattr(request, TRIED, False) or request.method not in ("GET", "HEAD"):
        return None
    setattr(request, TRIED, True)
    try:
        target = redirects.find(request.get_full_path(), site=site_for(request))
    except (ValueError, UnicodeError, TypeError):
        # The lookup reads any text; what still fails here is a request Django itself found odd.
        logger.info("nukeviet: an unreadable old address was answered 404")
        return None
    return HttpResponsePermanentRedirect(target) if target else None


def legacy(request: HttpRequest, *args, **kwargs) -> HttpResponsePermanentRedirect:
    response = moved(request)
    if response is None:
        raise Http404("no page for this old address")
    return response
