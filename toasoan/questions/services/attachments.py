"""A reader's attachment: its kind read from its bytes (legal's sniffing for PDF and DOCX, magic
numbers for JPEG and PNG), its size bounded, stored under a random name in the private storage.

The name a reader gives a file says nothing reliable, so it is kept only as a label for staff.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from toasoan import vntext
from toasoan.legal.services import files as legal_files

from ..models import private_storage

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
#: Kinds taken, with the extension and content type each is stored and sent as.
KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "jpeg": ("jpg", "image/jpeg"),
    "png": ("png", "image/png"),
}
ACCEPTED = "PDF, DOCX, JPEG, PNG"


class RefusedAttachment(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Accepted:
    kind: str
    size: int
    label: str


def max_bytes() -> int:
    return int(getattr(settings, "QUESTIONS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def sniff(upload) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    if head.startswith(JPEG_MAGIC):
        return "jpeg"
    if head.startswith(PNG_MAGIC):
        return "png"
    kind = legal_files.sniff(upload, upload.size)
    upload.seek(0)
    return kind if kind in KINDS else None


def check(upload) -> Accepted:
    """Size and kind of an uploaded file; `RefusedAttachment` with the reason in Vietnamese."""
    label = " ".join(vntext.normalize(vntext.strip_bidi(upload.name or "")).split())[:200] or "tệp"
    if upload.size > max_bytes():
        raise RefusedAttachment(
            _("Tệp đính kèm quá lớn (%(size)s); tối đa %(limit)s.")
            % {"size": legal_files.human_size(upload.size), "limit": legal_files.human_size(max_bytes())}
        )
    if upload.size == 0:
        raise RefusedAttachment(_("Tệp đính kèm trống. Vui lòng chọn lại tệp."))
    kind = sniff(upload)
    if kind is None:
        raise RefusedAttachment(
            _("Không nhận ra loại của tệp đính kèm từ nội dung của nó. Chỉ nhận tệp %(types)s.")
            % {"types": ACCEPTED}
        )
    return Accepted(kind, upload.size, label)


def stored_name(kind: str) -> str:
    return f"{secrets.token_hex(16)}.{KINDS[kind][0]}"


def content_type(kind: str) -> str:
    return KINDS.get(kind, ("", "application/octet-stream"))[1]


def delete_file(name: str) -> None:
    if name:
        storage = private_storage()
        if storage.exists(name):
            storage.delete(name)
