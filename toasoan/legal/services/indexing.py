"""What a document stores for finding it: its number's parts and key, its files' type, size and
text, and one folded search key over everything a reader may type.

Run before every save of the page (signal_handlers), so the admin, imports and the demo all
fill it the same way.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings

from toasoan import vntext

from . import files

if TYPE_CHECKING:
    from ..models import AttachmentBase, LegalAttachment, LegalDocumentPage

logger = logging.getLogger(__name__)


def _source(attachment: LegalAttachment) -> str:
    document = attachment.document
    return f"{document.pk}:{document.file_hash or document.file.name}"


def prepare_attachment(attachment: AttachmentBase) -> None:
    """Type, size and text of the attachment's file, read again only when the file changed."""
    if attachment.document_id is None:
        return
    source = _source(attachment)
    if attachment.text_source == source and attachment.file_type:
        return
    try:
        found = files.inspect(attachment.document.file, settings.LEGAL_ATTACHMENT_MAX_BYTES)
    except files.RefusedFile as refused:
        # The admin refuses such a file before saving; code that attached it anyway gets no text.
        logger.warning("Tệp đính kèm %s bị từ chối: %s", attachment.document_id, refused.message)
        attachment.file_type, attachment.text = "", ""
    else:
        attachment.file_type, attachment.file_size = found.kind, found.size
        attachment.text = files.extract_text(attachment.document.file, found.kind)
    attachment.text_source = source


def prepare_files(page) -> None:
    """A draft's files and its feedback report's: type, size and text, as for a document's."""
    for attachment in (*page.attachments.all(), *page.feedback_files.all()):
        prepare_attachment(attachment)


def prepare(page: LegalDocumentPage) -> None:
    """Fill the page's stored number parts and search key (and its attachments')."""
    page.number = vntext.normalize(page.number or "").strip()
    parsed = vntext.parse_number(page.number)
    page.number_canonical = parsed.canonical if parsed else page.number
    page.number_year = parsed.year if parsed else None
    page.number_type_code = (parsed.type_code or "") if parsed else ""
    page.number_issuers = "-".join(parsed.issuers) if parsed else ""
    page.number_key = vntext.number_key(page.number)
    attachments = list(page.attachments.all())
    for attachment in attachments:
        prepare_attachment(attachment)
    issuer = page.issuer if page.issuer_id else None
    topic = page.topic if page.topic_id else None
    parts = [
        page.number,
        page.number_canonical,
        page.title,
        page.get_document_type_display() if page.document_type else "",
        issuer.name if issuer else "",
        issuer.code if issuer else "",
        page.signer,
        topic.name if topic else "",
        *(attachment.label for attachment in attachments),
        *(attachment.text for attachment in attachments),
    ]
    page.search_text = " " + vntext.fold(" ".join(part for part in parts if part)) + " "
