"""The view beacon: `GET /luot-xem/<id>.svg`, the article page's 1×1 image, and `POST /luot-xem/<id>/`
for clients that run scripts (apps, `navigator.sendBeacon`). Neither reads nor writes the database
(services.counter); both answer `private, no-store`, so no cache ever keeps them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .services import counter, flusher, readers

#: A transparent 1×1 image, as UTF-8 text like every other answer of the site.
PIXEL = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'


def count(request: HttpRequest, article_id: int, response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    agent = request.META.get("HTTP_USER_AGENT", "")
    if readers.is_bot(agent) or readers.is_prefetch(request) or readers.is_cross_site(request):
        return response
    reader_id = readers.reader_cookie(request)
    if reader_id is not None:
        names = [readers.cookie_reader(reader_id)]
    else:
        reader_id = readers.new_reader_id()
        names = [readers.anonymous_reader(request), readers.cookie_reader(reader_id)]
        response.set_cookie(
            readers.READER_COOKIE,
            reader_id,
            max_age=readers.READER_COOKIE_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    counter.record_view(article_id, names)
    flusher.flush_if_due()
    return response


@csrf_exempt  # a beacon carries no token; a forged view is only a view, and cross-site ones are dropped
@require_POST
def beacon(request: HttpRequest, article_id: int) -> HttpResponse:
    return count(request, article_id, HttpResponse(status=204))


@require_GET
def pixel(request: HttpRequest, article_id: int) -> HttpResponse:
    return count(request, article_id, HttpResponse(PIXEL, content_type="image/svg+xml; charset=utf-8"))
