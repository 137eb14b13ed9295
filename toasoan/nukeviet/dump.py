"""Read a NukeViet portal's MySQL dump without a MySQL server.

A dump is what ``mysqldump`` or phpMyAdmin's export writes: ``CREATE TABLE`` statements and
``INSERT INTO … VALUES (…),(…);`` statements, one per line or spread over many lines, in a file
that may be gzipped.  Only those two statements matter here; everything else (``SET``, ``LOCK``,
comments, ``/*!40101 … */``) is passed over.  The file is read statement by statement and rows are
handed out one at a time, so a dump of several gigabytes needs no more memory than its longest
statement.

No library on PyPI reads MySQL's dialect (backslash escapes, ``_binary`` strings, hexadecimal
literals, backticks) and is still kept up to date, so the reader is written here, against
MySQL's documented literal syntax.
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

#: How the file's bytes become text: UTF-8, and any byte that is not UTF-8 kept (as a lone
#: surrogate) so a string value made of it is handed out as the original ``bytes``.
_ERRORS = "surrogateescape"

# One token of a statement.  The run of "anything else" is long on purpose: the regular
# expression engine, not Python, walks over the bulk of a dump.
_TOKEN = re.compile(
    r"""
      '[^'\\]*(?:(?:\\.|'')[^'\\]*)*'   # a string, its loop unrolled: a step per run
    | "[^"\\]*(?:(?:\\.|"")[^"\\]*)*"   # a string in double quotes (MySQL's default mode)
    | `[^`]*(?:``[^`]*)*`               # a quoted name
    | /\*.*?\*/                       # a comment, or a /*!40101 … */ version comment
    | --(?:[ \t][^\n]*)?(?=\n|\Z)     # a line comment ("--" then a space, or alone)
    | \#[^\n]*                        # a line comment
    | ;                               # the end of a statement
    | [^'"`/;\-\#]+                   # anything else
    | .                               # a lone "/", "-", or an unterminated quote
    """,
    re.S | re.X,
)
_OPENERS = frozenset("'\"`")
_SPACE = re.compile(r"\s*")

_INSERT = re.compile(
    r"\s*(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*INTO\s+"
    r"(?P<name>`(?:[^`]|``)+`|[\w$]+)(?:\s*\.\s*(?P<name2>`(?:[^`]|``)+`|[\w$]+))?\s*"
    r"(?:\((?P<columns>[^)]*)\)\s*)?VALUES?\s*",
    re.I,
)
_CREATE = re.compile(
    r"\s*CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    r"(?P<name>`(?:[^`]|``)+`|[\w$]+)(?:\s*\.\s*(?P<name2>`(?:[^`]|``)+`|[\w$]+))?\s*\(",
    re.I,
)
_NOT_COLUMNS = frozenset(
    {"PRIMARY", "KEY", "INDEX", "UNIQUE", "CONSTRAINT", "FOREIGN", "FULLTEXT", "SPATIAL", "CHECK"}
)

_VALUE = re.compile(
    r"""
    \s*(?:
      '(?P<s>[^'\\]*(?:(?:\\.|'')[^'\\]*)*)'
    | "(?P<d>[^"\\]*(?:(?:\\.|"")[^"\\]*)*)"
    | (?P<null>NULL)\b
    | 0x(?P<hex>[0-9A-Fa-f]*)
    | (?P<int>[-+]?\d+)(?![\d.eE])
    | (?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
    | [xX]'(?P<xhex>[0-9A-Fa-f]*)'
    | [bB]'(?P<bits>[01]*)'
    | _(?P<charset>\w+)\s*'(?P<cs>[^'\\]*(?:(?:\\.|'')[^'\\]*)*)'
    | (?P<word>TRUE|FALSE|CURRENT_TIMESTAMP(?:\(\))?)\b
    )\s*
    """,
    re.X | re.I,
)
_ESCAPE = re.compile(r"\\(.)|''|\"\"", re.S)
_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "%": "\\%", "_": "\\_"}


class DumpError(ValueError):
    """A dump this reader cannot follow; the message says where, in Vietnamese."""


def _unquote_name(name: str) -> str:
    if name.startswith("`"):
        return name[1:-1].replace("``", "`")
    return name


def _unescape(text: str) -> str:
    if "\\" not in text and "''" not in text and '""' not in text:
        return text

    def one(match: re.Match[str]) -> str:
        char = match.group(1)
        if char is None:
            return match.group(0)[0]
        return _ESCAPES.get(char, char)

    return _ESCAPE.sub(one, text)


def _text_value(raw: str) -> str | bytes:
    text = _unescape(raw)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", _ERRORS)
    return text


def _binary_value(raw: str) -> bytes:
    return _unescape(raw).encode("utf-8", _ERRORS)


def _value(match: re.Match[str]) -> Any:
    kind = match.lastgroup
    if kind == "s" or kind == "d":
        return _text_value(match.group(kind))
    if kind == "null":
        return None
    if kind == "int":
        return int(match.group("int"))
    if kind == "num":
        number = match.group("num")
        return float(number) if "e" in number.lower() else Decimal(number)
    if kind == "hex" or kind == "xhex":
        return bytes.fromhex(match.group(kind))
    if kind == "bits":
        bits = match.group("bits") or "0"
        return int(bits, 2).to_bytes((len(bits) + 7) // 8 or 1, "big")
    if kind == "cs":
        if match.group("charset").lower() == "binary":
            return _binary_value(match.group("cs"))
        return _text_value(match.group("cs"))
    word = match.group("word").upper()
    return {"TRUE": 1, "FALSE": 0}.get(word, word)


def _open(path: Path) -> IO[str]:
    with path.open("rb") as probe:
        magic = probe.read(2)
    raw: IO[bytes] = gzip.open(path, "rb") if magic == b"\x1f\x8b" else path.open("rb")  # noqa: SIM115 (handed to the caller's with)
    return io.TextIOWrapper(raw, encoding="utf-8", errors=_ERRORS, newline="")


def statements(path: Path | str) -> Iterator[tuple[int, str]]:
    """Each statement of the dump, without its ``;``, with the line it starts on."""
    path = Path(path)
    try:
        stream = _open(path)
    except OSError as exc:
        raise DumpError(f"Không mở được bản sao {path}: {exc.strerror or exc}") from exc
    with stream:
        pending = ""
        start_line = 1
        line_number = 0
        try:
            for line in stream:
                line_number += 1
                pending += line
                # A statement ends on a line that ends with ";"; a line that does not, or whose
                # ";" turns out to sit inside a string, only adds to the statement.
                if not line.rstrip().endswith(";"):
                    continue
                pieces: list[str] = []
                cursor = consumed = 0
                for token in _TOKEN.finditer(pending):
                    text = token.group(0)
                    if text == ";":
                        pieces.append(pending[cursor : token.start()])
                        statement = "".join(pieces).strip()
                        if statement:
                            begin = _SPACE.match(pending, consumed).end()  # type: ignore[union-attr]
                            yield start_line + pending.count("\n", 0, begin), statement
                        pieces = []
                        cursor = consumed = token.end()
                    elif len(text) == 1 and text in _OPENERS:
                        break  # an unterminated string: the statement goes on over the next lines
                    elif _is_comment(text):
                        pieces.append(pending[cursor : token.start()])
                        cursor = token.end()
                start_line += pending.count("\n", 0, consumed)
                pending = pending[consumed:]
        except (EOFError, gzip.BadGzipFile, OSError) as exc:
            raise DumpError(f"Bản sao {path.name} hỏng hoặc bị cắt ở dòng {line_number}: {exc}") from exc
        if _meaningful(pending):
            raise DumpError(
                f"Bản sao {path.name} kết thúc giữa một câu lệnh (bắt đầu ở dòng {start_line}): "
                "tệp có thể bị cắt khi sao chép."
            )


def _is_comment(token: str) -> bool:
    # A /*!40101 … */ comment is MySQL's "run this on MySQL": it stays part of its statement.
    return token.startswith(("--", "#")) or (token.startswith("/*") and not token.startswith("/*!"))


def _near(statement: str, position: int) -> str:
    return statement[position : position + 40]


def _meaningful(text: str) -> bool:
    for token in _TOKEN.finditer(text):
        piece = token.group(0)
        if piece.startswith(("--", "#", "/*")) or not piece.strip():
            continue
        return True
    return False


def create_table_columns(statement: str) -> tuple[str, list[str]] | None:
    """The table name and column names of a ``CREATE TABLE`` statement, or None for another one."""
    match = _CREATE.match(statement)
    if not match:
        return None
    name = _unquote_name(match.group("name2") or match.group("name"))
    body = statement[match.end() :]
    columns: list[str] = []
    depth = 0
    segment_start = 0
    segments: list[str] = []
    for token in _TOKEN.finditer(body):
        text = token.group(0)
        if text[0] in _OPENERS or text.startswith("/*"):
            continue
        for offset, char in enumerate(text):
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    segments.append(body[segment_start : token.start() + offset])
                    segment_start = -1
                    break
                depth -= 1
            elif char == "," and depth == 0:
                segments.append(body[segment_start : token.start() + offset])
                segment_start = token.start() + offset + 1
        if segment_start == -1:
            break
    for segment in segments:
        words = segment.strip().split(None, 1)
        if not words:
            continue
        first = words[0]
        if first.startswith("`"):
            columns.append(_unquote_name(first))
        elif first.upper() not in _NOT_COLUMNS:
            columns.append(first)
    return name, columns


def _insert_rows(statement: str, match: re.Match[str], line: int) -> Iterator[list[Any]]:
    position = match.end()
    end = len(statement)
    while True:
        if position >= end or statement[position] != "(":
            raise DumpError(
                f"Dòng {line}: câu INSERT có giá trị không đọc được gần «{_near(statement, position)}»."
            )
        position += 1
        row: list[Any] = []
        while True:
            value = _VALUE.match(statement, position)
            if value is None:
                if statement.startswith(")", position) and not row:
                    position += 1
                    break
                raise DumpError(f"Dòng {line}: giá trị không đọc được gần «{_near(statement, position)}».")
            row.append(_value(value))
            position = value.end()
            if statement.startswith(",", position):
                position += 1
                continue
            if statement.startswith(")", position):
                position += 1
                break
            raise DumpError(f"Dòng {line}: thiếu dấu phẩy hoặc ngoặc gần «{_near(statement, position)}».")
        yield row
        while position < end and statement[position].isspace():
            position += 1
        if position >= end:
            return
        if statement[position] == ",":
            position += 1
            while position < end and statement[position].isspace():
                position += 1
            continue
        if statement[position:].lstrip().upper().startswith("ON DUPLICATE KEY"):
            return
        raise DumpError(f"Dòng {line}: thừa ký tự sau giá trị gần «{_near(statement, position)}».")


def read_dump(
    path: Path | str,
    tables: Collection[str] | None = None,
    fallback_columns: Mapping[str, Sequence[str]] | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row of the dump's INSERT statements as ``(table name, {column: value})``.

    ``tables`` narrows it to those full table names; the others are passed over without reading
    their values.  Column names come from the INSERT itself, else from the dump's
    ``CREATE TABLE``, else from ``fallback_columns`` (keyed by full table name).
    """
    wanted = set(tables) if tables is not None else None
    known: dict[str, list[str]] = {}
    for line, statement in statements(path):
        head = statement[:30].lstrip().upper()
        if head.startswith("CREATE"):
            created = create_table_columns(statement)
            if created:
                known[created[0]] = created[1]
            continue
        if not (head.startswith("INSERT") or head.startswith("REPLACE")):
            continue
        match = _INSERT.match(statement)
        if match is None:
            raise DumpError(f"Dòng {line}: câu INSERT không đọc được.")
        name = _unquote_name(match.group("name2") or match.group("name"))
        if wanted is not None and name not in wanted:
            continue
        if match.group("columns") is not None:
            columns = [_unquote_name(column.strip()) for column in match.group("columns").split(",")]
        elif name in known:
            columns = known[name]
        elif fallback_columns and name in fallback_columns:
            columns = list(fallback_columns[name])
        else:
            raise DumpError(
                f"Dòng {line}: không biết tên cột của bảng {name} (bản sao không có CREATE TABLE "
                "và câu INSERT không ghi tên cột)."
            )
        for row in _insert_rows(statement, match, line):
            if len(row) != len(columns):
                raise DumpError(
                    f"Dòng {line}: bảng {name} có {len(columns)} cột nhưng một dòng có {len(row)} giá trị."
                )
            yield name, dict(zip(columns, row, strict=True))


_TABLE_LINE = re.compile(
    r"^\s*(?:(?:INSERT|REPLACE)\s+(?:\w+\s+)*?INTO|CREATE\s+TABLE(?:\s+IF\s+NOT\s+EXISTS)?)\s+"
    r"`?(?P<name>[\w$]+)`?",
    re.I,
)
_LANGUAGE_TABLE = re.compile(r"^(?P<prefix>.+?)_(?P<lang>[a-z]{2})_modules$")


class NukeVietDump:
    """A NukeViet dump: its table prefix, its languages, and each table's rows on demand.

    Table names are ``<prefix>_<lang>_<module data>_<table>`` for a module's tables
    (``nv4_vi_news_rows``) and ``<prefix>_<table>`` for the site's (``nv4_config``).  Rows are read
    anew from the file for each table asked for, so nothing of the dump is held in memory.
    """

    def __init__(self, path: Path | str, fallback_columns: Mapping[str, Sequence[str]] | None = None) -> None:
        self.path = Path(path)
        self.fallback_columns = dict(fallback_columns or {})
        self.tables = self._scan()
        self.prefix, self.languages = self._layout()

    def _scan(self) -> set[str]:
        # A line scan, not a parse: a statement starts at the beginning of a line in every dump
        # tool's output, and a table listed here by mistake simply has no rows.
        names: set[str] = set()
        try:
            with _open(self.path) as stream:
                for line in stream:
                    if line[:1] in "IiRrCc":
                        match = _TABLE_LINE.match(line)
                        if match:
                            names.add(match.group("name"))
        except (EOFError, gzip.BadGzipFile, OSError) as exc:
            raise DumpError(f"Không đọc được bản sao {self.path.name}: {exc}") from exc
        if not names:
            raise DumpError(f"{self.path.name} không phải bản sao MySQL: không có bảng nào.")
        return names

    def _layout(self) -> tuple[str, list[str]]:
        prefixes: dict[str, set[str]] = {}
        for name in self.tables:
            match = _LANGUAGE_TABLE.match(name)
            if match:
                prefixes.setdefault(match.group("prefix"), set()).add(match.group("lang"))
        if not prefixes:
            # Without a modules table, take the prefix of the news tables, else the first word.
            for name in sorted(self.tables):
                match = re.match(r"^(?P<prefix>.+?)_(?P<lang>[a-z]{2})_\w+_rows$", name)
                if match:
                    prefixes.setdefault(match.group("prefix"), set()).add(match.group("lang"))
        if not prefixes:
            first = sorted(self.tables)[0]
            return first.split("_", 1)[0], []
        prefix = max(prefixes, key=lambda candidate: len(prefixes[candidate]))
        return prefix, sorted(prefixes[prefix])

    def table(self, suffix: str, lang: str | None = "vi") -> str:
        """The full name: ``table("news_rows")`` → ``nv4_vi_news_rows``; ``lang=None`` for site tables."""
        return f"{self.prefix}_{lang}_{suffix}" if lang else f"{self.prefix}_{suffix}"

    def has(self, suffix: str, lang: str | None = "vi") -> bool:
        return self.table(suffix, lang) in self.tables

    def rows(self, suffix: str, lang: str | None = "vi") -> Iterator[dict[str, Any]]:
        name = self.table(suffix, lang)
        if name not in self.tables:
            return
        fallback = {name: self.fallback_columns[suffix]} if suffix in self.fallback_columns else None
        for _table, row in read_dump(self.path, tables={name}, fallback_columns=fallback):
            yield row

    def global_rows(self, suffix: str) -> Iterator[dict[str, Any]]:
        return self.rows(suffix, lang=None)

    def modules(self, lang: str = "vi") -> list[dict[str, Any]]:
        """The portal's modules (``title``, ``module_file``, ``module_data``…): a module copied
        from news under another name keeps ``module_file`` "news" and has tables of its own."""
        return list(self.rows("modules", lang))
