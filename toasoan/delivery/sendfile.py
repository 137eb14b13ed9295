"""Wagtail's document downloads handed to nginx (`SENDFILE_BACKEND`, set when
`DOCUMENTS_ACCEL_PREFIX` is): the app checks the document's collection privacy in its serve view
(`/documents/<id>/<name>`), then answers with `X-Accel-Redirect` and nginx sends the file from an
internal location. nginx never serves `/media/documents/` itself, so a private file's name, which
is the uploader's own and guessable, opens nothing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse

DOCUMENTS_FOLDER = "documents"


def sendfile(request, filename, **kwargs) -> HttpResponse:
    folder = (Path(settings.MEDIA_ROOT) / DOCUMENTS_FOLDER).resolve()
    try:
        relative = Path(filename).resolve().relative_to(folder)
    except ValueError:
        raise Http404("not a document file") from None
    response = HttpResponse()
    response["X-Accel-Redirect"] = settings.DOCUMENTS_ACCEL_PREFIX + quote(relative.as_posix())
    return response
