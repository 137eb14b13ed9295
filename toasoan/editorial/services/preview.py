"""The editor's preview panel: the page as readers will see it, plus what the checks panel reads.

Wagtail's "Kiểm tra" panel (word count, reading time, readability, accessibility issues) asks
the previewed page itself through Wagtail's userbar script, which the page template would
load with `{% wagtailuserbar %}`. Readers' templates carry no admin markup, so the preview
panel's response gets the userbar added here instead: hidden, with only the checker in it, and
loaded from our own origin (the public page's Content Security Policy allows nothing else).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from wagtail.admin.userbar import Userbar

_BODY_END = b"</body>"


def in_preview_panel(request: HttpRequest) -> bool:
    return request.GET.get("in_preview_panel") == "true"


def userbar_html(request: HttpRequest, page) -> str:
    # Wagtail renders the panel's userbar (checker only, hidden) when the request says so.
    request.in_preview_panel = True
    return Userbar(object=page).render_html({"request": request, "page": page})


def add_content_checks(request: HttpRequest, response: HttpResponse, page) -> HttpResponse:
    """Put the checker before `</body>` of a rendered HTML preview; anything else is left alone."""
    if (
        response.status_code != 200
        or response.streaming
        or not response.get("Content-Type", "").startswith("text/html")
    ):
        return response
    content = response.content
    end = content.rfind(_BODY_END)
    if end < 0:
        return response
    charset = response.charset or "utf-8"
    response.content = content[:end] + userbar_html(request, page).encode(charset) + content[end:]
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response
