"""A NukeViet article's ``bodyhtml`` as our body blocks, read by the HTML importer's own walker.

NukeViet stores exactly the article's body (CKEditor's HTML), so the page-level guessing of
``html_extract.extract`` (which block is the article, where the title is) is not needed: the
walker that turns the chosen container into paragraphs, headings and pictures
(``PageReader.blocks``) and the caption rule (``attach_captions``) run on the whole body.
Legacy encodings are undone as the HTML importer does it: the whole body when its visible text
reads as TCVN3/VNI/mojibake (``undo_legacy_text``), then every text through ``clean_text``.

Tables of data are kept as tables: the walker would flatten them into a paragraph per cell,
so they are taken out first and come back as one block each (text only, escaped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from selectolax.lexbor import LexborHTMLParser, LexborNode

from toasoan.importer.parsers.html_extract import ImageRef, PageReader, attach_captions, node_text
from toasoan.importer.parsers.html_page import undo_legacy_text
from toasoan.importer.records import clean_line, clean_text

#: Stands for a table while the walker reads the rest; ASCII so no normalisation touches it.
_MARKER = "TOASOANBANG{}KETTHUC"
_MARKER_RE = re.compile(r"^TOASOANBANG(\d+)KETTHUC$")


@dataclass
class Piece:
    """One body block before files are resolved: ``paragraph``/``heading``/``table`` text or an image."""

    kind: str
    text: str = ""
    image: ImageRef | None = None


@dataclass
class Body:
    pieces: list[Piece] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(piece.text or (piece.image.caption if piece.image else "") for piece in self.pieces)


def _is_data_table(table: LexborNode) -> bool:
    """A table of figures, not one laying out a picture and its caption (old editors did that)."""
    # css() matches the element itself too: one table in the list is this one.
    if table.css_first("img") is not None or len(table.css("table")) > 1:
        return False
    rows = table.css("tr")
    return len(rows) >= 2 and max(len(row.css("td, th")) for row in rows) >= 2


def _table_html(table: LexborNode) -> str:
    rows = []
    for row in table.css("tr"):
        cells = []
        for cell in row.css("td, th"):
            tag = "th" if cell.tag == "th" else "td"
            cells.append(f"<{tag}>{escape(clean_text(node_text(cell)))}</{tag}>")
        if cells:
            rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>" if rows else ""


def read_body(html: str, title: str = "") -> Body:
    """The blocks of *html* (a NukeViet ``bodyhtml``); *title* keeps a picture "described" by it bare."""
    if not html or not html.strip():
        return Body()
    html = undo_legacy_text(html)
    reader = PageReader(f"<html><body>{html}</body></html>")
    reader.title_text = title
    tables: list[str] = []
    for table in reader.tree.css("table"):
        if table.parent is None or not _is_data_table(table):
            continue
        placeholder = LexborHTMLParser(f"<p>{_MARKER.format(len(tables))}</p>").css_first("p")
        tables.append(_table_html(table))
        table.replace_with(placeholder)
    body = reader.tree.body
    if body is None:
        return Body()
    pieces: list[Piece] = []
    for block in attach_captions(reader.blocks(body, [])):
        if block.image is not None:
            image = block.image
            pieces.append(
                Piece("image", image=ImageRef(image.src, clean_line(image.alt), clean_line(image.caption)))
            )
            continue
        match = _MARKER_RE.match(block.text.strip())
        if match:
            table_html = tables[int(match.group(1))]
            if table_html:
                pieces.append(Piece("table", table_html))
            continue
        text = clean_text(block.text)
        if text:
            pieces.append(Piece("heading" if block.kind == "heading" else "paragraph", text))
    return Body(pieces)
