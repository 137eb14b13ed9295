"""The fixture portal: a NukeViet dump assembled from its parts, and its uploads folder.

The parts (``fixtures/dump/NN-<module>.sql``, each a mysqldump excerpt written for these tests
from NukeViet's schema, with invented content) are joined in name order into one dump, plain and
gzipped. The uploads folder's pictures are drawn here with Pillow rather than kept as binaries;
some files the dump names are left out on purpose (missing files are reported, not fatal).
"""

from __future__ import annotations

import gzip
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DUMP_PARTS = FIXTURES / "dump"
DUMP_NAME = "nukeviet.sql"
#: "Now" for the fixture portal: publication times after it are scheduled, expiry times before it passed.
FIXTURE_NOW = datetime(2025, 6, 1, 8, 0, tzinfo=timezone(timedelta(hours=7)))

#: Files of uploads/ that exist: pictures (width, height, colour) and other files (bytes).
UPLOAD_IMAGES = {
    "news/2025_01/cau-rach-sen.jpg": (64, 48, (40, 110, 160)),
}
UPLOAD_FILES = {
    "news/2025_04/ke-hoach-gieo-sa-he-thu.pdf": b"%PDF-1.4\n% Ke hoach gieo sa (tep thu)\n%%EOF\n",
}
#: Files the dump names that are not in uploads/ (each is reported).
MISSING_UPLOADS = (
    "news/2024_03/tra-sen-khong-con.jpg",
    "news/2024_03/anh-dai-dien-mat.jpg",
    "news/2025_04/lich-thoi-vu-mat.docx",
)


def dump_parts() -> list[Path]:
    return sorted(DUMP_PARTS.glob("*.sql"))


def assemble_dump(folder: Path, parts: list[Path] | None = None, *, gzipped: bool = False) -> Path:
    """The parts joined into one dump file in *folder* (``nukeviet.sql`` or ``nukeviet.sql.gz``)."""
    data = b"".join(part.read_bytes() for part in (parts if parts is not None else dump_parts()))
    if gzipped:
        target = folder / f"{DUMP_NAME}.gz"
        target.write_bytes(gzip.compress(data, mtime=0))
    else:
        target = folder / DUMP_NAME
        target.write_bytes(data)
    return target


def write_uploads(root: Path) -> Path:
    from PIL import Image

    for name, (width, height, colour) in UPLOAD_IMAGES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), colour).save(buffer, format="JPEG", quality=80)
        path.write_bytes(buffer.getvalue())
    for name, data in UPLOAD_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    from .portal_parts import add_uploads

    add_uploads(root)
    return root


@pytest.fixture(scope="session")
def nukeviet_dump(tmp_path_factory) -> Path:
    return assemble_dump(tmp_path_factory.mktemp("nukeviet-dump"))


@pytest.fixture(scope="session")
def nukeviet_dump_gz(tmp_path_factory) -> Path:
    return assemble_dump(tmp_path_factory.mktemp("nukeviet-dump-gz"), gzipped=True)


@pytest.fixture(scope="session")
def nukeviet_uploads(tmp_path_factory) -> Path:
    return write_uploads(tmp_path_factory.mktemp("nukeviet-uploads") / "uploads")
