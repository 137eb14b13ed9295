"""The portal's colour stylesheet (`sections.colours`)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from . import colours

#: The address names the colour, so what it answers never changes.
FOREVER = "public, max-age=31536000, immutable"


@require_safe
def portal_stylesheet(request: HttpRequest, colour: str) -> HttpResponse:
    if not colours.readable(colour):
        raise Http404  # no page links an unreadable colour: nothing to keep for it
    response = HttpResponse(colours.stylesheet(colour), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = FOREVER
    return response
