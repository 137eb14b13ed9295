"""Search keys: one tokenizer for what is indexed and what readers type.

Both sides go through ``toasoan.vntext.fold``: a document's search tokens are
``fold(field).split()``, a query's tokens are ``fold`` of each word the reader typed.
Besides the folded token, every word has an *exact key*: the lowercase accented word
with its tone mark taken off and written after it, so both tone placements give one key
(``hoà`` and ``hòa`` are ``hoa·2``, ``thuỷ`` and ``thủy`` are ``thuy·3``) while ``bão``
(``bao·4``) and ``báo`` (``bao·1``) stay apart.  Exact keys only rank; matching is folded.

Nothing here knows SQL: the engines (``engine_sqlite``, ``engine_postgresql``) turn a
``ParsedQuery`` into their own syntax, quoting every token, so no text a reader types
ever reaches a full-text parser as syntax.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain

from toasoan import vntext

#: Readers' queries are cut to this many characters (after cleaning) and tokens.
MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 20
#: Raw input beyond this is dropped before any work (a 1 MB query costs nothing).
MAX_RAW_QUERY_CHARS = 1000
#: Longer tokens are cut; PostgreSQL refuses lexemes over 2,046 bytes.
MAX_TOKEN_CHARS = 64
#: PostgreSQL keeps positions 1..16383 and at most 256 positions per lexeme; the same
#: limits are applied to the SQLite index so both engines match the same documents.
MAX_POSITION = 16383
MAX_OCCURRENCES = 256
#: Stands in the SQLite index for an occurrence PostgreSQL could not keep.  No query can
#: produce it: fold() turns "·" into a space and query words never contain it.
PLACEHOLDER = "·"
#: Separates a field's words from its compound tokens (``compound_tokens``) in the index
#: streams, so no phrase runs into them; no query produces it either.
COMPOUND_MARK = "¦"
#: Joins the two tokens of an adjacent pair in SQLite's term index (``viet_nam``); PostgreSQL
#: writes the pair with a space (``'viet nam'``). Tokens never hold either.
PAIR_JOINER = "_"
#: Prefix of the tokens naming an article's sections (``§12``); no query produces "§".
SCOPE_PREFIX = "§"
#: In the scope of a republished copy (an alias in another portal): a search of every portal
#: leaves such copies out, so the article is listed once, as its origin (docs/portals.md).
COPY_SCOPE = f"{SCOPE_PREFIX}copy"
#: PostgreSQL only: head_vector also holds the exact keys of the title, lead and tags
#: (``·bao·4``) and the title's tokens (``¶bao``), marked so they never meet a plain token.
EXACT_MARK = "·"
TITLE_MARK = "¶"

# Vietnamese tone marks (combining, after NFD): sắc, huyền, hỏi, ngã, nặng.
_TONE_DIGITS = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
# Typographic quotes readers' keyboards produce; all mean '"'.
_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»＂″〝〞", '"'))


@cache
def _mark_class() -> str:
    """A character class of every combining mark (categories Mn, Mc, Me), built once."""
    ranges: list[str] = []
    start = None
    for code in range(sys.maxunicode + 2):
        is_mark = code <= sys.maxunicode and unicodedata.category(chr(code)).startswith("M")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append(_char_range(start, code - 1))
            start = None
    return "[" + "".join(ranges) + "]"


@cache
def _word_pattern() -> re.Pattern[str]:
    """Runs of letters, digits and combining marks: the words of a text.

    One character class repeated: linear time whatever the input (no nested quantifier).
    """
    return re.compile(r"(?:[^\W_]|" + _mark_class() + r")+")


@cache
def _mark_pattern() -> re.Pattern[str]:
    return re.compile(_mark_class())


_LETTERS_AND_DIGITS = re.compile(r"[^\W_]+")


def _char_range(first: int, last: int) -> str:
    return re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}"


def words(text: str) -> list[str]:
    """The words of already normalized *text*, as written."""
    # NFC text rarely keeps a combining mark (Vietnamese never does): the simple class is
    # several times faster, and gives the same words when there is none.
    if _mark_pattern().search(text) is None:
        return _LETTERS_AND_DIGITS.findall(text)
    return _word_pattern().findall(text)


def _is_safe_token(token: str) -> bool:
    # fold() output never holds ASCII punctuation or spaces; checked anyway, because the
    # engines quote tokens and a quote inside one would end the quoting.
    return bool(token) and not any(char in token for char in "\"'\\ \t\n*:()^{}")


def normalize_text(text: str | None) -> str:
    """Clean NFC text (vntext.normalize), as stored for snippets."""
    return vntext.normalize(text or "").strip()


def fold_tokens(text: str) -> list[str]:
    """The search tokens of a document field: ``fold(text).split()``, each cut to 64 characters."""
    tokens = vntext.fold(text).split()
    if tokens and max(map(len, tokens)) > MAX_TOKEN_CHARS:
        tokens = [token[:MAX_TOKEN_CHARS] for token in tokens]
    return tokens


#: Word runs joined by these, with no space between (``16.000``, ``đồng/kg``, ``30/4-1/5``,
#: ``COVID-19``), are also indexed glued together when a digit or a slash is in them.
_JOINERS = "./,:-\u2010\u2011\u2012\u2013"
# A word run, then (joiner, word run) at least once: the joiners are not word characters,
# so the runs cannot be split two ways and matching is linear.
_COMPOUND = re.compile(r"[^\W_]+(?:[" + re.escape(_JOINERS) + r"][^\W_]+)+")
_DIGIT_RUNS = re.compile(r"[0-9]+|[^0-9]+")
#: At most this many glued and split tokens are added to a field (a table of figures is long).
MAX_COMPOUND_TOKENS = 200


def glued(compound: str) -> str | None:
    """``16.000`` → ``16000``, ``đồng/kg`` → ``dongkg``: the search token of a compound, or None.

    Only compounds with a digit or a slash are glued: ``Sài Gòn-Hà Nội`` stays words.
    """
    if not (any(char.isdigit() for char in compound) or "/" in compound):
        return None
    token = "".join(fold_tokens(compound))[:MAX_TOKEN_CHARS]
    return token if _is_safe_token(token) and len(token) > 1 else None


def split_token(token: str) -> list[str]:
    """``covid19`` → ``covid 19``, ``h5n1`` → ``h 5 n 1``: a folded token mixing letters and digits."""
    if token.isdigit() or token.isalpha() or not token.isascii():
        return []
    parts = _DIGIT_RUNS.findall(token)
    return parts if len(parts) > 1 else []


def compound_tokens(normalized: str, tokens: Sequence[str] = ()) -> list[str]:
    """What a field is also searched by, beside its words: glued compounds, and the letter and
    digit runs of its mixed tokens (*tokens*: the field's ``fold_tokens``).

    So ``16000`` finds ``16.000`` and ``16,000``, ``dongkg`` finds ``đồng/kg``, ``30415`` finds
    ``30/4-1/5``, and ``covid 19`` finds ``Covid19`` (``COVID-19`` is ``covid 19`` already).
    """
    found: list[str] = []
    if any(char in normalized for char in _JOINERS):
        for match in _COMPOUND.finditer(normalized):
            token = glued(match.group())
            if token:
                found.append(token)
    for token in tokens:
        if not token.isalpha() and not token.isdigit():
            found.extend(split_token(token))
    return found[:MAX_COMPOUND_TOKENS]


@lru_cache(maxsize=65536)
def exact_key(word: str) -> str | None:
    """The exact key of one word as written (``Hoà`` → ``hoa·2``), or None when it folds to several tokens."""
    folded = vntext.fold(word).split()
    if len(folded) != 1:
        return None
    decomposed = unicodedata.normalize("NFD", vntext.normalize(word).lower())
    tones = "".join(_TONE_DIGITS[char] for char in decomposed if char in _TONE_DIGITS)
    base = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in _TONE_DIGITS))
    key = f"{base}{PLACEHOLDER}{tones}" if tones else base
    key = key[:MAX_TOKEN_CHARS]
    return key if _is_safe_token(key) else None


def exact_keys(normalized: str) -> set[str]:
    """Every exact key of a normalized document field (a set: exact keys rank, they need no positions).

    Words are split at combining marks here (the fast expression): the keys of a word with
    one are then partial, which only costs that word its exact-match bonus.
    """
    keys = {exact_key(word) for word in set(_LETTERS_AND_DIGITS.findall(normalized))}
    keys.discard(None)
    return keys  # type: ignore[return-value]


# ----------------------------------------------------------------------------- documents


@dataclass
class FieldKeys:
    """One document field as the engines index it.

    ``tokens`` is the token stream with ``PLACEHOLDER`` where PostgreSQL could not keep
    an occurrence; ``positions`` are the PostgreSQL positions of the tokens (None for those).
    """

    tokens: list[str] = field(default_factory=list)
    positions: Sequence[int | None] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def field_stream(normalized: str) -> tuple[list[str], int]:
    """A field's index stream and how many of its tokens are words.

    The words (``fold_tokens``), then — if it has any — ``COMPOUND_MARK`` and its compound
    tokens (``compound_tokens``): the compounds are found by a one-word query, and no phrase
    runs from the words into them.
    """
    tokens = fold_tokens(normalized)
    compounds = compound_tokens(normalized, tokens)
    if not compounds:
        return tokens, len(tokens)
    return [*tokens, COMPOUND_MARK, *compounds], len(tokens)


def field_terms(stream: Sequence[str]) -> set[str]:
    """The distinct terms of a field's stream: its tokens, and the adjacent pairs of its words.

    What PostgreSQL's ``search_vector`` holds as lexemes and SQLite's term index as tokens
    (pairs joined with ``PAIR_JOINER`` there): pairs never include a placeholder or a compound.
    """
    found = set(stream)
    previous = None
    for token in stream:
        if token == COMPOUND_MARK:
            break
        if token == PLACEHOLDER:
            previous = None
            continue
        if previous is not None:
            found.add(f"{previous}{PAIR_JOINER}{token}")
        previous = token
    found.discard(PLACEHOLDER)
    found.discard(COMPOUND_MARK)
    return found


def index_fields(fields: list[str]) -> list[FieldKeys]:
    """Token streams of a document's fields in index order, within PostgreSQL's limits.

    Fields are numbered consecutively with one unused position between them, so no
    phrase can run from one field into the next.  The occurrences past the 256th of a
    token, and everything past position 16383, are left out the same way on both engines.
    """
    return index_streams([field_stream(text)[0] for text in fields])


def index_streams(streams: list[list[str]]) -> list[FieldKeys]:
    """``index_fields`` of fields already folded (``fold_tokens`` of each, in index order)."""
    counts = Counter(chain.from_iterable(streams))
    if (
        sum(map(len, streams)) + len(streams) <= MAX_POSITION
        and max(counts.values(), default=0) <= MAX_OCCURRENCES
    ):
        result, position = [], 1
        for stream in streams:  # the usual case: nothing to leave out, positions by arithmetic
            result.append(FieldKeys(stream, range(position, position + len(stream))))
            position += len(stream) + 1
        return result

    seen: Counter[str] = Counter()
    position = 0
    result = []
    for stream in streams:
        keys = FieldKeys(tokens=[], positions=[])
        for token in stream:
            position += 1
            if position > MAX_POSITION:
                break
            seen[token] += 1
            if seen[token] > MAX_OCCURRENCES:
                keys.tokens.append(PLACEHOLDER)
                keys.positions.append(None)  # type: ignore[attr-defined]
            else:
                keys.tokens.append(token)
                keys.positions.append(position)  # type: ignore[attr-defined]
        position += 1  # the gap
        result.append(keys)
    return result


# ----------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Word:
    token: str  # folded
    exact: str | None  # exact key of the word as typed


@dataclass(frozen=True)
class Term:
    """A word, a quoted phrase (words that must be adjacent and in order), or a compound.

    A compound (``16.000``, ``đồng/kg``, typed unquoted) matches its glued token (``16000``)
    or its words as a phrase, whichever the article has.
    """

    words: tuple[Word, ...]
    #: The glued token of a compound; None for words and quoted phrases.
    glued: str | None = None
    quoted: bool = False
    #: As the reader typed it (NFC), to say which words an article lacks.
    shown: str = field(default="", compare=False)

    @property
    def is_phrase(self) -> bool:
        return self.quoted and len(self.words) > 1

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(word.token for word in self.words)

    @property
    def unit(self) -> str:
        """The one token this term is scored by: the glued token of a compound, else the word's."""
        return self.glued or self.words[0].token


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...] = ()
    #: The query as cleaned and cut, for showing back to the reader.
    text: str = ""
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(word for term in self.terms for word in term.words)

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(word.token for word in self.words)

    @property
    def has_phrase(self) -> bool:
        return any(term.is_phrase for term in self.terms)

    @property
    def phrases(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.is_phrase)

    @property
    def loose(self) -> tuple[Term, ...]:
        """The words and compounds: what relaxed matching may leave out (never a quoted phrase)."""
        return tuple(term for term in self.terms if not term.is_phrase)

    @property
    def exact(self) -> tuple[str, ...]:
        """Exact keys to rank by: only when the reader typed diacritics somewhere.

        A query without any (``bao``) says nothing about tones: every folded match is as good.
        """
        keys = [word.exact for word in self.words]
        if any(key is None for key in keys):
            return ()
        if all(key == word.token for key, word in zip(keys, self.words, strict=True)):
            return ()
        return tuple(dict.fromkeys(key for key in keys if key))


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as it will be searched and shown: normalized, one-spaced, at most 200 characters."""
    raw = raw or ""
    truncated = len(raw) > MAX_RAW_QUERY_CHARS
    text = " ".join(vntext.normalize(raw[:MAX_RAW_QUERY_CHARS]).translate(_QUOTES).split())
    if len(text) > MAX_QUERY_CHARS:
        truncated = True
        cut = text[:MAX_QUERY_CHARS]
        if " " in cut and not text[MAX_QUERY_CHARS].isspace():
            cut = cut.rsplit(" ", 1)[0]  # no half word left behind
        text = cut.strip()
    return text, truncated


def _query_words(text: str) -> list[Word]:
    found: list[Word] = []
    for written in words(text):
        tokens = fold_tokens(written)
        key = exact_key(written) if len(tokens) == 1 else None
        found.extend(Word(token, key) for token in tokens if _is_safe_token(token))
    return found


def _loose_terms(text: str) -> list[tuple[list[Word], str | None, str]]:
    """(words, glued token, as typed) of the unquoted *text*: one per word, one per compound."""
    found: list[tuple[list[Word], str | None, str]] = []
    position = 0
    spans = list(_COMPOUND.finditer(text)) if any(char in text for char in _JOINERS) else []
    for match in [*spans, None]:
        before = text[position : match.start() if match else len(text)]
        for written in words(before):
            found.extend(([word], None, written) for word in _query_words(written))
        if match is None:
            break
        position = match.end()
        parts = _query_words(match.group())
        token = glued(match.group())
        if token and len(parts) > 1:
            found.append((parts, token, match.group()))
        else:
            found.extend(([word], None, word.token) for word in parts)
    return found


def parse_query(raw: str) -> ParsedQuery:
    """Words, compounds and ``"quoted phrases"``; everything else the reader typed is only a separator.

    An unclosed quote runs to the end of the query.  At most 20 words are kept.
    """
    text, truncated = clean_query(raw)
    terms: list[Term] = []
    seen: set[Term] = set()
    budget = MAX_QUERY_TOKENS
    for index, part in enumerate(text.split('"')):
        if budget <= 0:
            truncated = True
            break
        quoted = index % 2 == 1
        if quoted:
            found = _query_words(part)
            if len(found) > budget:
                truncated = True
                found = found[:budget]
            budget -= len(found)
            if len(found) > 1:
                candidates = [Term(tuple(found), quoted=True, shown=" ".join(words(part)))]
            else:
                candidates = [Term((word,), shown=word.token) for word in found]
        else:
            candidates = []
            for parts, token, shown in _loose_terms(part):
                if len(parts) > budget:
                    truncated = True
                    parts, token = parts[:budget], None
                budget -= len(parts)
                if token:
                    candidates.append(Term(tuple(parts), glued=token, shown=shown))
                else:
                    candidates.extend(
                        Term((word,), shown=shown if len(parts) == 1 else word.token) for word in parts
                    )
                if budget <= 0:
                    break
        for term in candidates:
            if term not in seen:
                seen.add(term)
                terms.append(term)
    return ParsedQuery(terms=tuple(terms), text=text, truncated=truncated)


def parse_prefix_query(raw: str) -> tuple[ParsedQuery, str]:
    """For autocomplete: the complete words, and the last word as a prefix (folded)."""
    parsed = parse_query(raw.replace('"', " "))
    tokens = parsed.tokens
    if not tokens:
        return parsed, ""
    head = ParsedQuery(terms=tuple(Term((word,)) for word in parsed.words[:-1]), text=parsed.text)
    return head, tokens[-1]
