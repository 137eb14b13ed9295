"""The demo's document registry: enough realistic documents, relations, a real PDF, and idempotent."""

from __future__ import annotations

import unicodedata

from toasoan import vntext
from toasoan.demo import legal
from toasoan.legal.models import LegalAttachment, LegalDocumentPage, LegalIndexPage, Status
from toasoan.legal.services import status

from .test_demo import BAD_CHARACTERS, OTHER_TONE_STYLE


def test_the_demo_texts_are_clean_vietnamese():
    texts = [legal.REGISTRY_INTRO, *legal.TOPICS, *legal.SIGNERS]
    texts += [text for name, code in legal.ISSUERS.values() for text in (name, code)]
    texts += [text for spec in legal.DOCUMENTS for text in (spec.summary, spec.number)]
    for text in texts:
        assert unicodedata.is_normalized("NFC", text), text
        assert not any(char in text for char in BAD_CHARACTERS), text
        assert not OTHER_TONE_STYLE.search(text), text
    assert len({spec.number for spec in legal.DOCUMENTS}) == len(legal.DOCUMENTS) >= 30
    assert all(vntext.parse_number(spec.number) for spec in legal.DOCUMENTS)


def test_the_registry_is_built_once_and_shown(client, home, clock):
    clock.set("08:00 01/06/2025")
    assert legal.ensure_registry(home, None) == len(legal.DOCUMENTS)
    assert legal.ensure_registry(home, None) == 0  # a second run makes nothing
    index = LegalIndexPage.objects.get()
    assert index.show_in_menus and index.get_parent().pk == home.pk
    documents = {page.number: page for page in LegalDocumentPage.objects.live().child_of(index)}
    assert len(documents) >= 30
    assert status.status_at(documents["01/2021/QĐ-UBND"]) == Status.REPLACED
    assert status.status_at(documents["12/2022/QĐ-UBND"]) == Status.PARTLY
    assert status.status_at(documents["02/2025/QĐ-UBND"]) == Status.NOT_YET
    assert status.status_at(documents["01/2023/QĐ-UBND"]) == Status.EXPIRED
    pdf = LegalAttachment.objects.get(page=documents["172/KH-UBND"])
    assert pdf.file_type == "pdf" and "Ke hoach so 172/KH-UBND Phong, chong thien tai" in pdf.text
    response = client.get(index.url)
    assert response.status_code == 200
    assert "172/KH-UBND" in response.content.decode()
    assert client.get(documents["05/2024/QĐ-UBND"].url).status_code == 200
