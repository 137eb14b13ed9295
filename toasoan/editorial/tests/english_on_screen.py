"""English left on a rendered screen: Wagtail's and Django's own messages, found in what a user sees.

The message-lookup audit (i18n_audit) sees only what a catalogue is asked for while a template
renders. What reaches the screen by other roads (a message built in Python and kept in the session,
a form's default label, a log entry's label, a placeholder, an aria-label, a JavaScript widget's own
button) is caught here instead, on the rendered result: every English msgid of the installed Wagtail
and Django catalogues (their `en` .po files, read at test time, so a new version brings its new
messages) is looked for in the visible text, the `aria-label`, `title`, `placeholder` and `alt` of
a page. A second net catches English words that are in no catalogue (a vendored widget's button):
any word of those catalogues' vocabulary that no Vietnamese syllable is spelled like.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .i18n_audit import SAME_IN_VIETNAMESE, is_untranslated_english

#: Visible text, line by line, and the attributes a screen reader or a tooltip shows, of every
#: rendered element of the document (frames are other documents: the preview is the public page).
COLLECT_SCRIPT = """
() => {
  const units = [["document title", document.title]];
  for (const line of document.body.innerText.split("\\n")) {
    if (line.trim()) units.push(["text", line.trim()]);
  }
  const attributes = ["aria-label", "title", "placeholder", "alt", "aria-description"];
  const selector = attributes.map((name) => `[${name}]`).join(",");
  for (const element of document.body.querySelectorAll(selector)) {
    if (!element.checkVisibility()) continue;
    for (const name of attributes) {
      const value = element.getAttribute(name);
      if (value && value.trim()) {
        units.push([`${name} <${element.tagName.toLowerCase()}>`, value.trim()]);
      }
    }
  }
  return units;
}
"""

#: Words that stay as they are in a Vietnamese admin (formats, brands, codes).
ALLOWED_WORDS = frozenset(
    word.lower()
    for word in {
        *SAME_IN_VIETNAMESE,
        *("Email", "Slug", "Wagtail", "JPEG", "PNG", "XLSX", "KB", "MB", "GB", "TB", "Enter"),
        "HTTP",
        "HTTPS",  # a web address's scheme, named as such ("bắt đầu bằng https://")
        "English",  # the language's own name, in the list of admin languages
    }
)

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}|<[^>]*>")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
#: A Vietnamese label may name its technical term after it: "Đường dẫn (slug)", "Thẻ tiêu đề (title)".
_GLOSS = re.compile(r"\([^()]*\)")
_URL = re.compile(
    r"\b(?:https?://|www\.)\S+|/\S*/|\S+\.(?:jpg|jpeg|png|gif|webp|svg|pdf|txt)\b", re.IGNORECASE
)
_VIETNAMESE_LETTER = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx]"
_VIETNAMESE_SYLLABLE = re.compile(rf"(?:{_ONSETS})?[aeiouy]{{1,3}}(?:ch|ng|nh|[cmnpt])?")


@dataclass(frozen=True)
class EnglishMessage:
    msgid: str
    catalogue: str
    pattern: re.Pattern[str]
    anchor: str  # the message's rarest-looking word: only texts holding it are searched


@dataclass(frozen=True)
class Finding:
    screen: str
    where: str
    text: str
    english: str  # the msgid found, or the English word

    def line(self) -> str:
        return f"[{self.screen}] {self.where}: {self.text!r} ← {self.english!r}"


def _site_packages() -> Path:
    import django

    return Path(django.__file__).resolve().parent.parent


def catalogue_files() -> list[Path]:
    """Every English catalogue of Wagtail and of Django (core and contrib)."""
    root = _site_packages()
    files = sorted((root / "wagtail").glob("**/locale/en/LC_MESSAGES/*.po"))
    files += sorted((root / "django").glob("**/locale/en/LC_MESSAGES/*.po"))
    return files


def _po_messages(path: Path) -> Iterable[str]:
    from .i18n_audit import read_po

    for key in read_po(path):
        yield key.rpartition("\x04")[2]
    # Plural forms are English too ("%(count)s pages").
    text = path.read_text(encoding="utf-8")
    for match in re.finditer(r'^msgid_plural "(.*)"$', text, re.MULTILINE):
        yield match.group(1).replace('\\"', '"')


def _pattern(msgid: str) -> tuple[re.Pattern[str], str] | None:
    fragments = [" ".join(part.split()) for part in _PLACEHOLDER.split(msgid)]
    fragments = [fragment for fragment in fragments if fragment]
    words = [word for fragment in fragments for word in _WORD.findall(fragment)]
    if not words or all(word.lower() in ALLOWED_WORDS for word in words):
        return None
    if not any(len(word) >= 2 for word in words):
        return None
    if len(words) == 1 and _VIETNAMESE_SYLLABLE.fullmatch(words[0].lower()):
        return None  # "Thu" (Thursday) is also the first word of "Thu gọn"
    parts = []
    for index, fragment in enumerate(fragments):
        escaped = re.escape(fragment).replace(r"\ ", r"\s+")
        if index == 0 and fragment[0].isalnum():
            escaped = r"\b" + escaped
        if index == len(fragments) - 1 and fragment[-1].isalnum():
            escaped += r"\b"
        parts.append(escaped)
    anchor = max(words, key=len).lower()
    return re.compile(r".*?".join(parts)), anchor


@functools.cache
def english_messages() -> tuple[EnglishMessage, ...]:
    root = _site_packages()
    found: dict[str, EnglishMessage] = {}
    for path in catalogue_files():
        catalogue = str(path.relative_to(root).parent.parent.parent.parent) + f"/{path.name}"
        for msgid in _po_messages(path):
            if msgid in found or not is_untranslated_english(msgid):
                continue
            built = _pattern(msgid)
            if built is not None:
                found[msgid] = EnglishMessage(msgid, catalogue, *built)
    return tuple(found.values())


@functools.cache
def _by_anchor() -> dict[str, tuple[EnglishMessage, ...]]:
    index: dict[str, list[EnglishMessage]] = {}
    for message in english_messages():
        index.setdefault(message.anchor, []).append(message)
    return {anchor: tuple(messages) for anchor, messages in index.items()}


def _ascii(word: str) -> str:
    return unicodedata.normalize("NFD", word).encode("ascii", "ignore").decode().lower()


@functools.cache
def english_vocabulary() -> frozenset[str]:
    """Words of four letters or more from the catalogues that no Vietnamese syllable is spelled like."""
    words = set()
    for message in english_messages():
        for word in _WORD.findall(_PLACEHOLDER.sub(" ", message.msgid)):
            lowered = word.lower()
            if (
                len(lowered) >= 4
                and "'" not in lowered
                and lowered not in ALLOWED_WORDS
                and not _VIETNAMESE_SYLLABLE.fullmatch(_ascii(lowered))
            ):
                words.add(lowered)
    return frozenset(words)


def find_english(screen: str, units: Iterable[tuple[str, str]]) -> list[Finding]:
    """The English messages and words in a screen's (where, text) units."""
    index = _by_anchor()
    vocabulary = english_vocabulary()
    findings: list[Finding] = []
    for where, raw in units:
        text = " ".join(unicodedata.normalize("NFC", raw).split())
        if not text:
            continue
        searchable = _URL.sub(" ", text)
        without_glosses = _GLOSS.sub(" ", searchable)
        if without_glosses != searchable and _VIETNAMESE_LETTER.search(without_glosses):
            searchable = without_glosses
        words = {word.lower() for word in _WORD.findall(searchable)}
        spans: dict[str, tuple[int, int]] = {}
        for word in words:
            for message in index.get(word, ()):
                match = message.pattern.search(searchable)
                if match:
                    spans[message.msgid] = match.span()
        # "Page '…' has been published." is one finding, not one more for its word "Page" or for
        # a looser message ("%(num)s pages") found inside it.
        kept: list[tuple[int, int]] = []
        for msgid, (start, end) in sorted(spans.items(), key=lambda item: item[1][0] - item[1][1]):
            if not any(start >= outer_start and end <= outer_end for outer_start, outer_end in kept):
                kept.append((start, end))
                findings.append(Finding(screen, where, text, msgid))
        if not spans:
            stray = sorted(word for word in words if word in vocabulary)
            if stray:
                findings.append(Finding(screen, where, text, " ".join(stray)))
    return findings


#: Elements that end a line of text (everything else flows inline, as a browser lays it out).
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "button", "dd", "details", "dialog"),
        *("div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "label", "legend", "li", "main", "nav", "ol", "option"),
        *("p", "pre", "section", "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead"),
        *("tr", "ul"),
    }
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_NOT_TEXT = frozenset({"script", "style", "noscript", "svg", "textarea"})
_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")


class _Units(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[tuple[str, str]] = []
        self.line: list[str] = []
        self.skipping: list[str] = []

    def _end_line(self) -> None:
        text = " ".join("".join(self.line).split())
        if text:
            self.units.append(("text", text))
        self.line = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.append(tag)
            return
        hidden = any(name == "hidden" for name, _ in attrs)
        if tag in _VOID:
            if hidden:
                return
        elif tag in _NOT_TEXT or hidden:
            self.skipping.append(tag)
            return
        if tag in _BLOCKS:
            self._end_line()
        for name, value in attrs:
            if name in _ATTRIBUTES and value and value.strip():
                self.units.append((f"{name} <{tag}>", value.strip()))

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _BLOCKS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.line.append(data)


def html_units(html: str) -> list[tuple[str, str]]:
    """A page's text, line by line, and its labelling attributes, as a server rendered them.

    Unlike the browser's `COLLECT_SCRIPT`, what a script shows later counts too (a closed dialog, a
    menu, a `<template>`); only what the page marks `hidden` does not.
    """
    parser = _Units()
    parser.feed(html)
    parser.close()
    parser._end_line()
    return parser.units
