"""The registry built per test: an index under the home page, issuers, fields, documents, files."""

from __future__ import annotations

import io
import itertools
import zipfile
from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Site

from toasoan.legal.models import (
    DocumentRelation,
    Issuer,
    LegalAttachment,
    LegalDocumentPage,
    LegalIndexPage,
    Topic,
)
from toasoan.legal.samples import minimal_pdf


@pytest.fixture
def site_home(home):
    """The home page at http://testserver, the address feeds and JSON name."""
    cache.clear()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "testserver", 80
    site.save()
    return home


@pytest.fixture
def registry(site_home):
    index = LegalIndexPage(title="Văn bản", slug="van-ban", intro="Văn bản của UBND huyện Hòa Phong.")
    site_home.add_child(instance=index)
    index.save_revision().publish()
    return LegalIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def ubnd(db):
    return Issuer.objects.create(name="UBND huyện Hòa Phong", code="UBND")


@pytest.fixture
def hdnd(db):
    return Issuer.objects.create(name="HĐND huyện Hòa Phong", code="HĐND")


@pytest.fixture
def dat_dai(db):
    return Topic.objects.create(name="Đất đai")


def make_file(name: str, data: bytes, **fields):
    document = get_document_model()(
        title=fields.pop("title", name), file=ContentFile(data, name=name), **fields
    )
    document.save()
    return document


def pdf_bytes(*lines: str) -> bytes:
    return minimal_pdf(list(lines) or ["Van ban"])


def docx_bytes(*paragraphs: str) -> bytes:
    from docx import Document

    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def document_maker(registry, ubnd):
    """`make(...)`: publish a document through a revision, as the admin does. `files`: documents to
    attach; `relations`: [(kind, target)]; `live=False` leaves a draft."""
    numbers = itertools.count(1)

    def make(
        title: str | None = None,
        *,
        number: str | None = None,
        issued: date = date(2024, 1, 10),
        files=(),
        relations=(),
        live: bool = True,
        parent=None,
        **fields,
    ) -> LegalDocumentPage:
        n = next(numbers)
        fields.setdefault("issuer", ubnd)
        fields.setdefault("document_type", "ke-hoach")
        page = LegalDocumentPage(
            title=title or f"Kế hoạch số {n} về phòng chống thiên tai",
            number=number or f"{100 + n}/KH-UBND",
            issued_date=issued,
            **fields,
        )
        page.attachments = [LegalAttachment(document=document, label=document.title) for document in files]
        page.relations = [DocumentRelation(kind=kind, target=target) for kind, target in relations]
        page.live = live
        (parent or registry).add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        return LegalDocumentPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def make_document(registry, ubnd):
    """Publish a document (`document_maker`) in the test's registry."""
    return document_maker(registry, ubnd)


@pytest.fixture
def make_draft(registry, ubnd):
    """Publish a draft for public comment through a revision. `files`/`feedback`: documents to
    attach as the draft's files / the feedback report's; `live=False` leaves it unpublished."""
    from toasoan.legal.models import DraftAttachment, DraftFeedbackFile, LegalDraftPage

    def make(
        title: str = "Dự thảo Quy định quản lý chợ trên địa bàn huyện",
        *,
        start: date = date(2026, 12, 1),
        end: date = date(2026, 12, 31),
        files=(),
        feedback=(),
        live: bool = True,
        parent=None,
        **fields,
    ) -> LegalDraftPage:
        fields.setdefault("drafting_agency", ubnd)
        page = LegalDraftPage(title=title, comment_from=start, comment_until=end, **fields)
        page.attachments = [DraftAttachment(document=document, label=document.title) for document in files]
        page.feedback_files = [
            DraftFeedbackFile(document=document, label=document.title) for document in feedback
        ]
        page.live = live
        (parent or registry).add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        return LegalDraftPage.objects.get(pk=page.pk)

    return make
