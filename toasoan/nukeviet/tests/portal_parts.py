"""The laws, faq and organs parts of the fixture dump, assembled on their own, and their uploads/.

The uploads are made in code (no binary file in the repository): PDFs from `legal.samples`, a
photo with Pillow; two files the dump names are left out on purpose (a missing attachment, a
missing photo), and one is a scanned JPEG where the registry takes only documents.
"""

from __future__ import annotations

import io
from pathlib import Path

from toasoan.legal.samples import minimal_pdf

DUMP_DIR = Path(__file__).parent / "fixtures" / "dump"
PARTS = ("30-laws.sql", "40-faq.sql", "50-organs.sql")

PDFS = {
    "laws/2024_03/qd-12-2024-qd-ubnd.pdf": ["Quyet dinh 12/2024/QD-UBND", "Quy che tiep cong dan"],
    "laws/2024_04/kh-45-ubnd.pdf": ["Ke hoach 45/KH-UBND"],
    "laws/2024_12/nq-08-2024.pdf": ["Nghi quyet 08/2024/NQ-HDND"],
}
#: Named in the dump, absent from uploads/.
MISSING = ("laws/2024_04/phu-luc-danh-sach-ho.pdf", "organs/2023_05/vi-duc-thanh.jpg")


def jpeg(color: tuple[int, int, int] = (40, 90, 160)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (24, 32), color).save(buffer, "JPEG")
    return buffer.getvalue()


def write_dump(folder: Path, parts: tuple[str, ...] = PARTS) -> Path:
    path = folder / "portal.sql"
    path.write_bytes(b"".join((DUMP_DIR / part).read_bytes() for part in parts))
    return path


def write_uploads(folder: Path) -> Path:
    """`folder/uploads/` with the files of the three modules."""
    return add_uploads(folder / "uploads")


def add_uploads(uploads: Path) -> Path:
    """The three modules' files, added to an uploads folder (the news part has its own)."""
    for name, lines in PDFS.items():
        target = uploads / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(minimal_pdf(lines))
    for name, data in {
        "laws/2024_08/bang-gia-dat.jpg": jpeg((200, 200, 200)),
        "organs/2023_05/ha-thi-nguyet-minh.jpg": jpeg(),
    }.items():
        target = uploads / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return uploads
