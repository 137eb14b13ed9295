"""A person's vCard (RFC 6350, version 4.0): UTF-8, CRLF, escaped values, lines folded at 75 octets."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from toasoan import vntext

CRLF = "\r\n"
LINE_OCTETS = 75
CONTENT_TYPE = "text/vcard; charset=utf-8"


@dataclass(frozen=True)
class Card:
    name: str
    agency: str
    unit: str
    position: str = ""
    phone: str = ""  # +84…, or as typed when it is no number we know
    email: str = ""
    duties: str = ""
    url: str = ""


def escape(value: str) -> str:
    """A text value: backslash, comma and semicolon escaped, every line break written `\\n`."""
    text = vntext.normalize(value or "")
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets go on with CRLF and a space, never inside a UTF-8 character."""
    parts: list[str] = []
    current, size = "", 0
    limit = LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            # A continuation line starts with the space, which counts towards its 75 octets.
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += octets
    parts.append(current)
    return (CRLF + " ").join(parts)


def name_parts(full_name: str) -> tuple[str, str, str]:
    """(family, given, middle) of a Vietnamese name: `Nguyễn Thị Minh Khai` → Nguyễn, Khai, Thị Minh."""
    words = vntext.normalize(full_name).split()
    if len(words) < 2:
        return "", " ".join(words), ""
    return words[0], words[-1], " ".join(words[1:-1])


def render(card: Card) -> str:
    family, given, middle = name_parts(card.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{escape(card.name)}",
        f"N:{escape(family)};{escape(given)};{escape(middle)};;",
        f"ORG:{escape(card.agency)};{escape(card.unit)}" if card.unit else f"ORG:{escape(card.agency)}",
    ]
    if card.position:
        lines.append(f"TITLE:{escape(card.position)}")
    if card.phone.startswith("+84"):
        lines.append(f"TEL;TYPE=work;VALUE=uri:tel:{card.phone}")
    elif card.phone:
        lines.append(f"TEL;TYPE=work;VALUE=text:{escape(card.phone)}")
    if card.email:
        lines.append(f"EMAIL;TYPE=work:{escape(card.email)}")
    if card.duties:
        lines.append(f"NOTE:{escape(card.duties)}")
    if card.url:
        lines.append(f"URL:{card.url}")
    lines.append("END:VCARD")
    return "".join(fold(line) + CRLF for line in lines)


def filenames(name: str) -> str:
    """`attachment; filename="nguyen-van-an.vcf"; filename*=UTF-8''Nguy%E1%BB%85n…`: an ASCII name
    every client reads, and the accented one for those that know RFC 6266."""
    ascii_name = (vntext.slugify(name) or "danh-thiep") + ".vcf"
    utf8_name = quote(vntext.normalize(name).strip() + ".vcf", safe="")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{utf8_name}"
