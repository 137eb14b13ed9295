"""NukeViet's ``uploads/`` folder → Wagtail images (pictures) and documents (attachments).

Every module asks through ``files_for(ctx)``: a file is read and stored once per run and once
ever (the ledger keeps ``module="file"``, key = its path under ``uploads/``), and a file with
the same bytes as an image or document already in the library is that one. A missing or
unreadable file is a warning of the module that needed it and of the "files" report, never a
failure: the block that showed it keeps its caption (``photo_note``) or goes.

A dry run reads nothing into the library: it checks that the file is there and says what it
would store.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from toasoan import vntext

from ..models import LegacyRecord
from .report import ModuleReport

if TYPE_CHECKING:
    from .context import RunContext

MODULE = "file"
TITLE = "Tệp tải lên"
#: ``LegacyRecord.key`` holds 100 characters; a longer path is kept as its start and a hash.
KEY_MAX_LENGTH = 100
TITLE_MAX_LENGTH = 255
IMAGE_LABEL = "wagtailimages.Image"
DOCUMENT_LABEL = "wagtaildocs.Document"

MISSING = "không có trong thư mục uploads"
NO_UPLOADS = "không có thư mục uploads (--uploads)"
UNREADABLE_IMAGE = "không đọc được ảnh"
OUTSIDE = "đường dẫn ra ngoài thư mục uploads"


@dataclass(frozen=True)
class Stored:
    """A file found: its object's pk (None in a dry run), or why there is none (``problem``)."""

    path: str
    pk: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def upload_path(src: str) -> str | None:
    """The path under ``uploads/`` that an address in a NukeViet body points to, else None.

    ``/uploads/news/2024_01/a.jpg``, ``uploads/news/…``, ``https://old.gov.vn/uploads/news/…`` and
    ``../uploads/…`` all name ``news/2024_01/a.jpg``; an address elsewhere (another site's picture)
    is not a file of the dump.
    """
    parts = urlsplit((src or "").strip())
    path = unquote(parts.path)
    marker = path.find("uploads/")
    if marker == -1 or (marker > 0 and path[marker - 1] != "/"):
        return None
    return path[marker + len("uploads/") :].lstrip("/") or None


def _key(path: str) -> str:
    if len(path) <= KEY_MAX_LENGTH:
        return path
    digest = hashlib.sha256(path.encode()).hexdigest()[:16]
    return f"{path[: KEY_MAX_LENGTH - 17]}#{digest}"


class Files:
    """The run's files: found, stored, and reported once each."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.report = ModuleReport(MODULE, TITLE)
        self._seen: dict[str, Stored] = {}

    def _resolve(self, path: str) -> Path | str:
        """The file on disk for *path*, or why it cannot be read."""
        if self.ctx.uploads is None:
            return NO_UPLOADS
        parts = PurePosixPath(path).parts
        if not parts or any(part in ("..", "") for part in parts) or PurePosixPath(path).is_absolute():
            return OUTSIDE
        full = self.ctx.uploads.joinpath(*parts)
        return full if full.is_file() else MISSING

    def image(self, path: str, title: str = "") -> Stored:
        return self._get(path, IMAGE_LABEL, title)

    def document(self, path: str, title: str = "") -> Stored:
        return self._get(path, DOCUMENT_LABEL, title)

    def _get(self, path: str, label: str, title: str) -> Stored:
        seen = self._seen.get(path)
        if seen is not None:
            return seen
        stored = self._seen[path] = self._load(path, label, title)
        return stored

    def _load(self, path: str, label: str, title: str) -> Stored:
        key = _key(path)
        entry = LegacyRecord.objects.filter(source=self.ctx.source, module=MODULE, key=key).first()
        if (
            entry is not None
            and entry.object_pk
            and self._model(label).objects.filter(pk=entry.object_pk).exists()
        ):
            self.report.add("unchanged", path)
            return Stored(path, int(entry.object_pk))
        found = self._resolve(path)
        if isinstance(found, str):
            self.report.add("skipped", path, reason=found)
            return Stored(path, problem=found)
        data = found.read_bytes()
        name = found.name
        title = (vntext.normalize(title).strip() or vntext.normalize(found.stem))[:TITLE_MAX_LENGTH]
        if label == IMAGE_LABEL and not _readable_image(data):
            self.report.add("skipped", path, reason=UNREADABLE_IMAGE)
            return Stored(path, problem=UNREADABLE_IMAGE)
        if self.ctx.dry_run:
            self.report.add("created", path, title)
            return Stored(path)
        obj = self._store(label, data, name, title)
        LegacyRecord.objects.update_or_create(
            source=self.ctx.source,
            module=MODULE,
            key=key,
            defaults={
                "content_hash": obj.file_hash,
                "object_label": label,
                "object_pk": str(obj.pk),
                "old_urls": [f"/uploads/{path}"],
                "status": LegacyRecord.Status.CREATED,
                "reason": "",
            },
        )
        self.report.add("created", path, title)
        return Stored(path, obj.pk)

    @staticmethod
    def _model(label: str) -> Any:
        return get_image_model() if label == IMAGE_LABEL else get_document_model()

    def _store(self, label: str, data: bytes, name: str, title: str) -> Any:
        model = self._model(label)
        digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        existing = model.objects.filter(file_hash=digest).order_by("pk").first()
        if existing is not None:  # the same bytes are in the library already (another run, another name)
            return existing
        if label == IMAGE_LABEL:
            width, height = _image_size(data)
            obj = model(
                title=title,
                file=ImageFile(io.BytesIO(data), name=name),
                width=width,
                height=height,
                file_size=len(data),
                file_hash=digest,
            )
        else:
            obj = model(title=title, file=ContentFile(data, name=name), file_size=len(data), file_hash=digest)
        obj.save()
        return obj


def _readable_image(data: bytes) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    return True


def _image_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as picture:
        return picture.size


def files_for(ctx: RunContext) -> Files:
    """The run's one ``Files`` (its report is listed after the modules')."""
    files = ctx.shared.get(MODULE)
    if files is None:
        files = ctx.shared[MODULE] = Files(ctx)
    return files
