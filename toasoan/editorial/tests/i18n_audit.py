"""Find untranslated admin text by rendering the admin in Vietnamese and recording catalogue misses.

Every `gettext`/`pgettext`/`ngettext` lookup made while a screen renders goes through a
`DjangoTranslation`; the recorder wraps those two methods and notes each message the active
Vietnamese catalogue (Django's, Wagtail's and ours, LOCALE_PATHS first) does not hold.
Messages already in Vietnamese (our own apps write their source strings in Vietnamese) are
not misses.

Set TOASOAN_I18N_DUMP=path to also write the misses as a .po skeleton (msgstr empty), the
starting point for adding them to locale/vi/LC_MESSAGES/django.po.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import trans_real

CONTEXT_SEPARATOR = "\x04"
#: A letter only Vietnamese (among the admin's languages) writes: the message is already ours.
_VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
_LETTER = re.compile(r"[A-Za-z]{2,}")
#: Messages that are the same in Vietnamese (brand names, formats, codes).
SAME_IN_VIETNAMESE = frozenset(
    {
        "Wagtail",
        "URL",
        "ID",
        "Email",
        "Slug",
        "RSS",
        "OK",
        "PDF",
        "HTML",
        "JSON",
        "CSV",
        "API",
        "Sapo",
        # Our own Vietnamese source strings written without diacritics.
        "Tin RSS",
        "Trang web",
    }
)


@dataclass(frozen=True, order=True)
class Message:
    context: str
    msgid: str
    plural: str = ""

    def label(self) -> str:
        prefix = f"[{self.context}] " if self.context else ""
        return f"{prefix}{self.msgid!r}"


@dataclass
class MissRecorder:
    language: str = "vi"
    missing: dict[Message, set[str]] = field(default_factory=dict)
    looked_up: int = 0
    screen: str = ""

    def _note(self, translation, msgid: str, plural: str = "") -> None:
        if translation.language() != self.language:
            return
        self.looked_up += 1
        catalog = translation._catalog
        if plural:
            found = (msgid, 0) in catalog
        else:
            found = msgid in catalog or (msgid, translation.plural(1)) in catalog
        if found:
            return
        context, _, text = msgid.rpartition(CONTEXT_SEPARATOR)
        if not is_untranslated_english(text):
            return
        self.missing.setdefault(Message(context, text, plural), set()).add(self.screen)

    @contextmanager
    def recording(self) -> Iterator[MissRecorder]:
        cls = trans_real.DjangoTranslation
        original_gettext = cls.gettext
        original_ngettext = cls.ngettext
        recorder = self

        def gettext(translation, message):
            recorder._note(translation, message)
            return original_gettext(translation, message)

        def ngettext(translation, singular, plural, n):
            recorder._note(translation, singular, plural)
            return original_ngettext(translation, singular, plural, n)

        cls.gettext = gettext
        cls.ngettext = ngettext
        try:
            yield self
        finally:
            cls.gettext = original_gettext
            cls.ngettext = original_ngettext

    def report(self) -> str:
        lines = [f"{len(self.missing)} untranslated message(s):"]
        for message in sorted(self.missing):
            screens = ", ".join(sorted(self.missing[message])[:3])
            lines.append(f"  {message.label()}  ← {screens}")
        return "\n".join(lines)

    def write_po(self, path: str) -> None:
        def quote(text: str) -> str:
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

        chunks = []
        for message in sorted(self.missing):
            screens = ", ".join(sorted(self.missing[message])[:3])
            entry = [f"#. {screens}"]
            if message.context:
                entry.append(f"msgctxt {quote(message.context)}")
            entry.append(f"msgid {quote(message.msgid)}")
            if message.plural:
                entry += [f"msgid_plural {quote(message.plural)}", 'msgstr[0] ""']
            else:
                entry.append('msgstr ""')
            chunks.append("\n".join(entry))
        with open(path, "w", encoding="utf-8") as po:
            po.write("\n\n".join(chunks) + "\n")


def is_untranslated_english(text: str) -> bool:
    if not _LETTER.search(text) or _VIETNAMESE.search(text):
        return False
    return text.strip() not in SAME_IN_VIETNAMESE


def read_po(path) -> dict[str, str]:
    """msgid (with `context\x04` when it has one) -> msgstr (the first form for plurals)."""
    return parse_po(Path(path).read_text(encoding="utf-8"))


def parse_po(text: str) -> dict[str, str]:
    """`read_po` of a catalogue's text (or of some of its entries)."""
    entries: dict[str, str] = {}

    def unquote(text: str) -> str:
        body = text.strip()[1:-1]
        return re.sub(
            r"\\(.)", lambda match: {"n": "\n", "t": "\t"}.get(match.group(1), match.group(1)), body
        )

    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            keyword, _, value = line.partition(" ")
            if keyword in {"msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr[0]"}:
                current = keyword
                fields[current] = unquote(value)
            elif line.startswith('"') and current:
                fields[current] += unquote(line)
        msgid = fields.get("msgid", "")
        if msgid:
            key = f"{fields['msgctxt']}{CONTEXT_SEPARATOR}{msgid}" if "msgctxt" in fields else msgid
            entries[key] = fields.get("msgstr", fields.get("msgstr[0]", ""))
    return entries
