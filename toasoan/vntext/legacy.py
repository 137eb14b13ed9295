"""Vietnamese text in the encodings of the 1990s and 2000s, and text that went through the wrong one.

``decode_legacy(data)`` turns TCVN3 (ABC), VNI-Windows, VISCII, Windows-1258 and UTF-8
that was read as Windows-1252 ("mojibake": ``Láº¥y`` for ``Lấy``) into NFC Unicode.
Without an ``encoding`` it decodes every candidate and keeps the one that reads most
like Vietnamese (valid syllables, one tone mark each), never guessing from bytes alone.

Text whose letters were already lost (``L?y l?i m� b?o m?t``: a Vietnamese letter
encoded to a code page without it, or bytes that were not UTF-8 read as UTF-8) cannot be
recovered; ``DamagedText`` says where, and no caller may store it silently.

Legacy text arrives in two shapes: the raw bytes (``bytes``), or those bytes already
shown through Windows-1252 or Latin-1 (``str``, what a browser or an old database
driver gives for a page set in ``VNI-Times``).  Both are accepted.

Call this on raw text before ``normalize``: normalize removes C1 control characters
and the soft hyphen, which in mis-decoded text are letters (TCVN3 ``ư`` is 0xAD).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .legacy_syllables import COMMON_SYLLABLES
from .legacy_tables import (
    TCVN3,
    VISCII,
    VNI_BREVE_BASES,
    VNI_BREVE_MARKS,
    VNI_CIRCUMFLEX_BASES,
    VNI_CIRCUMFLEX_MARKS,
    VNI_LETTERS,
    VNI_TONE_BASES,
    VNI_TONE_MARKS,
    VNI_UPPER_OFFSET,
)

__all__ = ["ENCODINGS", "DamagedText", "decode_legacy", "find_damage", "vietnamese_score"]


class DamagedText(ValueError):
    """Text whose letters were replaced (by ``?`` or U+FFFD) before it reached us.

    ``spans`` are the (start, end) offsets of every damaged word in ``text``; ``span`` is
    the first of them and ``fragment`` its surrounding words, for a report line.
    """

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self.text = text
        self.spans = spans
        self.span = spans[0]
        start, end = spans[0]
        self.damaged = text[start:end]
        self.fragment = _context(text, start, end)
        super().__init__(f"chữ bị mất, không khôi phục được: “{self.fragment}”")


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    left = text.rfind(" ", 0, max(0, start - width)) + 1
    right = text.find(" ", min(len(text), end + width))
    return text[left : right if right != -1 else len(text)].strip()


# --- damage -----------------------------------------------------------------------------------
# U+FFFD anywhere, or a "?" that stands for a letter: inside a word or at its start, followed
# by a lower-case letter (after a real question mark a new sentence starts with a capital).
# Tokens that look like URLs or code keep their "?".
_SUSPECT_TOKEN = re.compile(r"\S*[?\ufffd]\S*")
_LOST_LETTER = re.compile(r"(?:(?<=[^\W\d_])|^)\?+(?=[^\W\d_])")
_URL_LIKE = re.compile(r"[/=&@]|://|^www\.")


def _is_damaged(token: str) -> bool:
    if "\ufffd" in token:
        return True
    if _URL_LIKE.search(token):
        return False
    for match in _LOST_LETTER.finditer(token):
        after = token[match.end()]
        before_ok = match.start() > 0 or len(token) - match.end() >= 2
        if after.islower() and before_ok:
            return True
    return False


def find_damage(text: str) -> list[tuple[int, int]]:
    """Offsets of every word whose letters were replaced; empty for sound text."""
    return [
        match.span()
        for match in _SUSPECT_TOKEN.finditer(text)
        if _is_damaged(match.group().strip(".,;:!()\"'“”‘’«»"))
    ]


def check_damage(text: str) -> str:
    spans = find_damage(text)
    if spans:
        raise DamagedText(text, spans)
    return text


# --- text back to the bytes it was read from --------------------------------------------------
# Windows-1252 leaves five bytes undefined; browsers and Python's "latin-1" show them as the
# C1 control of the same number, so those map back to their byte too.
_CP1252_TO_BYTE: dict[str, int] = {}
for _byte in range(256):
    try:
        _char = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:
        _char = chr(_byte)
    _CP1252_TO_BYTE[_char] = _byte
for _byte in range(0x80, 0xA0):  # C1 controls from a Latin-1 reading
    _CP1252_TO_BYTE.setdefault(chr(_byte), _byte)


def to_legacy_bytes(text: str) -> bytes | None:
    """The bytes *text* was read from through Windows-1252 or Latin-1; None if it holds other characters."""
    try:
        return bytes(_CP1252_TO_BYTE[char] for char in text)
    except KeyError:
        return None


def _bytes_as_cp1252(data: bytes) -> str:
    return "".join(_BYTE_TO_CP1252[byte] for byte in data)


_BYTE_TO_CP1252 = {byte: char for char, byte in _CP1252_TO_BYTE.items() if not ("\x80" <= char <= "\x9f")}
for _byte in range(256):
    _BYTE_TO_CP1252.setdefault(_byte, chr(_byte))


# --- decoders (bytes -> str, not yet NFC) ------------------------------------------------------
def _decode_table(table: dict[int, str], *, strict: bool = False) -> Callable[[bytes], str]:
    """A decoder for a one-byte table; bytes outside it read as Windows-1252.

    *strict* (for detection) reads a byte the table leaves out as U+FFFD when Windows-1252
    would make a letter of it: a reading that needs such letters is not this encoding.
    """
    translation = []
    for byte in range(256):
        if byte in table:
            translation.append(table[byte])
        elif byte < 0x80:
            translation.append(chr(byte))
        else:
            char = _BYTE_TO_CP1252[byte]
            translation.append("\ufffd" if strict and char.isalpha() else char)

    def decode(data: bytes) -> str:
        return "".join(translation[byte] for byte in data)

    return decode


decode_tcvn3 = _decode_table(TCVN3)
decode_viscii = _decode_table(VISCII)
_strict_tcvn3 = _decode_table(TCVN3, strict=True)


def decode_cp1258(data: bytes) -> str:
    return data.decode("cp1258", errors="replace")


def _vni_mark(byte: int, marks: dict[int, str]) -> str | None:
    """The mark a VNI mark byte stands for, in either case; None if it is not one of *marks*."""
    if byte in marks:
        return marks[byte]
    if byte + VNI_UPPER_OFFSET in marks:
        return marks[byte + VNI_UPPER_OFFSET]
    return None


def decode_vni(data: bytes, *, strict: bool = False) -> str:
    """VNI-Windows: a base letter and the mark byte after it become one letter.

    *strict* (for detection) reads a mark byte with no letter before it as U+FFFD.
    """
    out: list[str] = []
    i, size = 0, len(data)
    while i < size:
        byte = data[i]
        letter = _vni_letter(byte)
        if letter is None:
            char = _BYTE_TO_CP1252[byte]
            out.append("\ufffd" if strict and byte >= 0x80 and char.isalpha() else char)
            i += 1
            continue
        i += 1
        if i < size:
            letter, used = _vni_combine(letter, data[i])
            i += used
        out.append(unicodedata.normalize("NFC", letter))
    return "".join(out)


def _strict_vni(data: bytes) -> str:
    return decode_vni(data, strict=True)


def _vni_letter(byte: int) -> str | None:
    if byte < 0x80:
        return chr(byte) if chr(byte).isalpha() else None
    if byte in VNI_LETTERS:
        return VNI_LETTERS[byte]
    if byte + VNI_UPPER_OFFSET in VNI_LETTERS:
        return VNI_LETTERS[byte + VNI_UPPER_OFFSET].upper()
    return None


def _vni_combine(letter: str, mark_byte: int) -> tuple[str, int]:
    """(letter with the mark, 1) when *mark_byte* is a mark that fits *letter*, else (letter, 0)."""
    if letter in VNI_CIRCUMFLEX_BASES and (mark := _vni_mark(mark_byte, VNI_CIRCUMFLEX_MARKS)) is not None:
        return letter + "\u0302" + mark, 1
    if letter in VNI_BREVE_BASES and (mark := _vni_mark(mark_byte, VNI_BREVE_MARKS)) is not None:
        return letter + "\u0306" + mark, 1
    if letter in VNI_TONE_BASES and (mark := _vni_mark(mark_byte, VNI_TONE_MARKS)) is not None:
        return letter + mark, 1
    return letter, 0


#: Characters a mis-read UTF-8 sequence may stand for: two-byte ones, Vietnamese letters,
#: punctuation and currency, letter-like symbols (™).
_PLAUSIBLE_CHAR = re.compile("[\u0080-\u07ff\u1e00-\u1eff\u2000-\u20cf\u2100-\u218f]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _undouble(data: bytes) -> str:
    """Bytes in which UTF-8 sequences stand among single-byte characters: decode each sequence."""

    def decode(match: re.Match[bytes]) -> str:
        try:
            char = match.group().decode("utf-8")
        except UnicodeDecodeError:
            return _bytes_as_cp1252(match.group())
        # Only what Vietnamese (and Western) text is made of: "gì…”" read again must not
        # become "g셔".
        return char if _PLAUSIBLE_CHAR.match(char) else _bytes_as_cp1252(match.group())

    out: list[str] = []
    position = 0
    for match in _UTF8_SEQUENCE.finditer(data):
        out.append(_bytes_as_cp1252(data[position : match.start()]))
        out.append(decode(match))
        position = match.end()
    out.append(_bytes_as_cp1252(data[position:]))
    return "".join(out)


# Runs of characters that Windows-1252/Latin-1 can hold, with at least one non-ASCII.
_CP1252_RUN = re.compile(
    "[" + re.escape("".join(sorted(char for char in _CP1252_TO_BYTE if char not in "\n"))) + "]+"
)


def fix_mojibake(text: str, rounds: int = 3) -> str:
    """Undo UTF-8 read as Windows-1252 (or Latin-1), run by run, up to *rounds* times over."""
    for _ in range(rounds):
        fixed = _CP1252_RUN.sub(_fix_run, text)
        if fixed == text:
            break
        text = fixed
    return text


def _fix_run(match: re.Match[str]) -> str:
    run = match.group()
    if run.isascii():
        return run
    data = to_legacy_bytes(run)
    return run if data is None else _undouble(data)


# --- how Vietnamese a text reads --------------------------------------------------------------
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_INITIALS = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx]"
_NUCLEI = (
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|"
    "ươi|ươu|uôi|iêu|yê|yêu|oai|oay|oao|oeo|uây|uya|uyê|uyu|uêu|uai|uay|uao"
)
_FINALS = "ch|nh|ng|[cmnpt]"
_SYLLABLE = re.compile(rf"(?:{_INITIALS})?(?:{_NUCLEI})(?:{_FINALS})?")
_WORD = re.compile(r"[^\W\d_]+")
#: Letters outside Vietnamese's own that legacy text produces when read wrongly.
_VIETNAMESE_NON_ASCII = frozenset(
    unicodedata.normalize("NFC", char)
    for char in "ăâêôơưđĂÂÊÔƠƯĐ"
    "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    "ÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
)


@lru_cache(maxsize=16384)
def _word_score(word: str) -> float:
    """How Vietnamese one word reads.

    1 for a common syllable, 0.3 for a rarer well-formed one, 0 for another plain-Latin
    word (a name, English), -1 for anything else: letters Vietnamese lacks, two tone
    marks, a syllable no Vietnamese word has, a capital inside a word ("tƯnh").
    """
    if not all(char.isascii() or char in _VIETNAMESE_NON_ASCII for char in word):
        return -1.0
    lower = word.lower()
    if lower in COMMON_SYLLABLES and (word[1:] == lower[1:] or word.isupper()):
        return 1.0
    if word[1:] != lower[1:] and not word.isupper():
        return 0.0 if word.isascii() else -1.0
    decomposed = unicodedata.normalize("NFD", lower)
    tones = sum(char in _TONE_MARKS for char in decomposed)
    base = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in _TONE_MARKS))
    if tones <= 1 and _SYLLABLE.fullmatch(base):
        return 0.3
    return 0.0 if word.isascii() else -1.0


# Latin-1 and Windows-1252 symbols that Vietnamese text never has right after a letter; a
# wrong reading of legacy bytes is full of them ("Ho¸", "Sá»±").  ("25°C" is fine: after a digit.)
_ODD_SYMBOL = re.compile(
    r"(?<=[^\W\d_])[\x80-\x9f\xa1-\xbf\xd7\xf7\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2030\u2039\u203a\u2122]"
)
#: Combining marks left over after NFC: a tone mark with no vowel to sit on.
_LOOSE_MARK = re.compile("[\u0300-\u036f]")


def vietnamese_score(text: str) -> float:
    """How Vietnamese *text* reads: mean word score, an odd symbol against a letter counting as a
    junk word, minus a point per replacement character."""
    text = unicodedata.normalize("NFC", text)
    words = [word for word in _WORD.findall(text) if word.isalpha()]  # not "½"
    odd = len(_ODD_SYMBOL.findall(text)) + len(_LOOSE_MARK.findall(text))
    if not words and not odd:
        return 0.0
    score = (sum(_word_score(word) for word in words) - odd) / (len(words) + odd)
    return score - text.count("\ufffd")


# --- the public entry point -------------------------------------------------------------------
def _decode_utf8(data: bytes) -> str:
    return data.decode("utf-8-sig", errors="replace")


def _mojibake_bytes(data: bytes) -> str:
    return fix_mojibake(_bytes_as_cp1252(data))


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class _Codec:
    """How one encoding is read: from bytes, from text shown through Windows-1252, and strictly."""

    from_bytes: Callable[[bytes], str]
    #: None: the text is read back to its bytes first, then ``from_bytes``.
    from_text: Callable[[str], str] | None = None
    #: For detection; defaults to ``from_bytes``.
    strict: Callable[[bytes], str] | None = None

    def decode(self, data: bytes | str, *, strict: bool = False) -> str | None:
        """The reading of *data*; None for text that this encoding cannot have produced."""
        if isinstance(data, str):
            if self.from_text is not None:
                return self.from_text(data)
            raw = to_legacy_bytes(data)
            if raw is None:
                return None
            data = raw
        return (self.strict or self.from_bytes)(data) if strict else self.from_bytes(data)


_CODECS: dict[str, _Codec] = {
    "utf-8": _Codec(_decode_utf8, from_text=_same),
    "cp1258": _Codec(decode_cp1258),
    "utf-8-as-cp1252": _Codec(_mojibake_bytes, from_text=fix_mojibake),
    "tcvn3": _Codec(decode_tcvn3, strict=_strict_tcvn3),
    "vni": _Codec(decode_vni, strict=_strict_vni),
    "viscii": _Codec(decode_viscii),
}
#: Names people and old pages use for them.
_ALIASES = {
    "utf8": "utf-8",
    "unicode": "utf-8",
    "windows-1258": "cp1258",
    "cp-1258": "cp1258",
    "win1258": "cp1258",
    "mojibake": "utf-8-as-cp1252",
    "utf-8 read as cp1252": "utf-8-as-cp1252",
    "utf-8 read as windows-1252": "utf-8-as-cp1252",
    "utf-8 read as latin-1": "utf-8-as-cp1252",
    "double-utf-8": "utf-8-as-cp1252",
    "tcvn": "tcvn3",
    "tcvn-3": "tcvn3",
    "abc": "tcvn3",
    "tcvn5712": "tcvn3",
    "vn3": "tcvn3",
    "vni-windows": "vni",
    "vni windows": "vni",
    "vniwin": "vni",
}
#: Every name ``decode_legacy`` accepts for *encoding*.
ENCODINGS = frozenset(_CODECS) | frozenset(_ALIASES)
#: Detection order: on equal scores the earlier (likelier) reading wins.
_DETECTION_ORDER = ("utf-8", "cp1258", "utf-8-as-cp1252", "tcvn3", "vni", "viscii")
#: UTF-8 that was double-encoded before it was saved: valid UTF-8 of mojibake.
DOUBLE_UTF8 = "utf-8+utf-8-as-cp1252"


def canonical_encoding(name: str) -> str:
    key = " ".join(name.strip().lower().replace("_", "-").split())
    key = _ALIASES.get(key, key)
    if key not in _CODECS and key != DOUBLE_UTF8:
        raise LookupError(f"unknown legacy encoding {name!r}; known: {', '.join(sorted(ENCODINGS))}")
    return key


def _read(data: bytes | str, name: str, *, strict: bool = False) -> str | None:
    if name == DOUBLE_UTF8:
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError:
                return None
        return fix_mojibake(data)
    return _CODECS[name].decode(data, strict=strict)


def decode_legacy(data: bytes | str, encoding: str | None = None) -> str:
    """*data* as NFC Unicode, from *encoding* or, when None, from the reading that is most Vietnamese.

    Raises DamagedText when letters were lost before the text reached us, LookupError for
    an unknown *encoding*, ValueError for text that *encoding* cannot have produced.
    Plain ASCII comes back unchanged.
    """
    name = canonical_encoding(encoding) if encoding is not None else detect(data)
    decoded = _read(data, name)
    if decoded is None:
        raise ValueError(f"text holds characters that {name} cannot have produced")
    return check_damage(unicodedata.normalize("NFC", decoded))


def readings(data: bytes | str) -> list[tuple[str, str]]:
    """Every strict reading of *data*: (encoding, NFC text), in detection order."""
    found: list[tuple[str, str]] = []
    names = (*_DETECTION_ORDER, DOUBLE_UTF8) if isinstance(data, bytes) else _DETECTION_ORDER
    for name in names:
        text = _read(data, name, strict=True)
        if text is not None:
            found.append((name, unicodedata.normalize("NFC", text)))
    return found


def detect(data: bytes | str) -> str:
    """The encoding whose reading of *data* reads most like Vietnamese ("utf-8" for ASCII)."""
    if data.isascii():
        return "utf-8"
    best_name, best_score = "utf-8", float("-inf")
    for name, text in readings(data):
        score = vietnamese_score(text)
        if score > best_score:
            best_name, best_score = name, score
    return best_name


# --- encoding (tests, fixtures and tools: the reverse of the tables) ---------------------------
@lru_cache(maxsize=8)
def _encoder(name: str) -> dict[str, bytes]:
    """Letter -> bytes for one legacy encoding, from its decoding table."""
    if name in ("tcvn3", "viscii"):
        table = TCVN3 if name == "tcvn3" else VISCII
        encoder = {char: bytes([byte]) for byte, char in table.items() if len(char) == 1 and byte >= 0x20}
        if name == "viscii":
            encoder.update({char: bytes([byte]) for byte, char in table.items() if byte < 0x20})
        return encoder
    if name == "vni":
        encoder = {}
        for byte in range(0x41, 0x100):
            for mark_byte in (None, *range(0xC0, 0x100)):
                data = bytes([byte]) if mark_byte is None else bytes([byte, mark_byte])
                text = decode_vni(data)
                if len(text) == 1 and not text.isascii():
                    upper = text.isupper()
                    # Upper-case marks after capitals, as VNI fonts are typed.
                    if mark_byte is not None and (mark_byte >= 0xE0) == upper:
                        continue
                    encoder.setdefault(text, data)
        return encoder
    raise LookupError(name)


def encode_legacy(text: str, encoding: str) -> bytes:
    """*text* in a legacy encoding (TCVN3 has no toned capitals: they become lower case).

    Characters the encoding lacks raise UnicodeEncodeError.
    """
    name = canonical_encoding(encoding)
    text = unicodedata.normalize("NFC", text)
    if name in ("utf-8", "utf-8-as-cp1252"):
        return text.encode("utf-8")
    if name == "cp1258":
        return _cp1258_compose(text)
    encoder = _encoder(name)
    out = bytearray()
    for position, char in enumerate(text):
        if char.isascii():
            out += char.encode("ascii")
        elif char in encoder:
            out += encoder[char]
        elif name == "tcvn3" and char.lower() in encoder:
            out += encoder[char.lower()]
        else:
            raise UnicodeEncodeError(name, text, position, position + 1, "not in the code page")
    return bytes(out)


def _cp1258_compose(text: str) -> bytes:
    """Windows-1258 bytes: each letter precomposed where the code page has it, tone mark after."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        tone = "".join(mark for mark in marks if mark in _TONE_MARKS)
        rest = unicodedata.normalize("NFC", base + "".join(mark for mark in marks if mark not in _TONE_MARKS))
        out += (rest + tone).encode("cp1258")
    return bytes(out)


# --- repairing text on its way in --------------------------------------------------------------
#: Characters Vietnamese has beyond Latin-1 (ă, ơ, ư, đ and the toned letters of U+1EA0-U+1EF9).
_BEYOND_LATIN1 = re.compile("[\u0100-\u01b0\u1ea0-\u1ef9]")
#: A lead byte of UTF-8 read as Windows-1252 followed by a continuation byte's reading ("á»", "Ã¡").
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00c6\u00e1-\u00e7][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


#: How much more Vietnamese a reading must score before ``repair`` prefers it to the text as given.
REPAIR_MARGIN = 0.2


def needs_decoding(text: str) -> bool:
    """Whether *text* may be legacy-encoded or mojibake: cheap, for every text an import reads.

    Unicode Vietnamese nearly always has a letter beyond Latin-1 (ạ, ư, đ…); text with
    accented letters and none of those, or with a mojibake pair, is worth decoding.
    """
    if text.isascii():
        return False
    return not _BEYOND_LATIN1.search(text) or bool(_MOJIBAKE_HINT.search(text))


def repair(text: str) -> str:
    """*text* with a legacy encoding or mojibake undone when that reads as better Vietnamese.

    Never raises: damage (lost letters) is left for ``find_damage`` to report.
    """
    if not needs_decoding(text):
        return text
    name = detect(text)
    if name == "utf-8":
        return text
    decoded = _read(text, name)
    if decoded is None:
        return text
    decoded = unicodedata.normalize("NFC", decoded)
    # Only a clearly better reading replaces what we were given.
    return decoded if vietnamese_score(decoded) >= vietnamese_score(text) + REPAIR_MARGIN else text


def decode_reading(text: str, encoding: str) -> str | None:
    """*text* read as *encoding* (a name ``detect`` returns), NFC; None if it cannot be that encoding."""
    decoded = _read(text, canonical_encoding(encoding))
    return unicodedata.normalize("NFC", decoded) if decoded is not None else None
