"""Documents leave the app with the headers nginx gives uploads (deploy/nginx/site.conf.in): shown
in the browser only when they are PDF, never run as a page of the site (`sandbox`), never sniffed.
test_nginx_hosts.py checks that nginx's X-Accel-Redirect path says the same."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

#: name -> (bytes, opened in the browser, the Content-Security-Policy both paths send).
DOCUMENTS = {
    "ke-hoach.pdf": (b"%PDF-1.4 ke hoach", True, "default-src 'none'"),
    "bao-cao.docx": (b"PK\x03\x04 bao cao", False, "sandbox; default-src 'none'"),
    "so-lieu.csv": (b"<html><script>alert(1)</script>", False, "sandbox; default-src 'none'"),
    "ghi-chu.txt": (b"<html><script>alert(1)</script>", False, "sandbox; default-src 'none'"),
}


def make_documents() -> dict:
    document = get_document_model()
    return {
        name: document.objects.create(title=name, file=ContentFile(data, name=name))
        for name, (data, _, _) in DOCUMENTS.items()
    }


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_document_served_by_the_app_is_sandboxed_unless_pdf(client, db, name):
    stored = make_documents()[name]
    data, inline, policy = DOCUMENTS[name]

    response = client.get(stored.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline" if inline else "attachment"), disposition
    assert response["Content-Security-Policy"] == policy
    assert response["X-Content-Type-Options"] == "nosniff"
