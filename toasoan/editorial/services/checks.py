"""Content checks before publishing: shown to the editor, never fixed silently.

`check_article(page)` looks at an article as it stands (title, lead, body, images);
`check_submitted_text(data, labels)` looks at what the editor's form sent, before the
article's save normalises it (`toasoan.vntext.normalize`): text that was not NFC or held
lookalike or invisible characters is fixed on save, and this is how the editor hears of it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from toasoan import vntext

TITLE_MAX_CHARACTERS = 150
LEAD_MAX_WORDS = 100

Severity = Literal["warning", "error"]


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    field: str = ""
    severity: Severity = "warning"


# --------------------------------------------------------------------------- tone placement

# Combining tone marks (dấu thanh); the other marks (â ă ê ô ơ ư) belong to the letter.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_CONSONANTS = frozenset("bcdđghklmnpqrstvx")
# Open syllables ending in these pairs are written two ways: the old style marks the second
# vowel (hoà, khoẻ, thuỷ), the new style (Bộ GD&ĐT, 1984) the first (hòa, khỏe, thủy).
_SWINGING_PAIRS = ("oa", "oe", "uy")
_WORD = re.compile(r"[^\W\d_]+")

ToneStyle = Literal["old", "new"]


def tone_style(word: str) -> ToneStyle | None:
    """ "old" for hoà/khoẻ/thuỷ/uỷ, "new" for hòa/khỏe/thủy/ủy, None when the word does not tell.

    Only open syllables ending in oa, oe or uy carry the difference (hoàn, quý, khuya do not).
    """
    letters: list[str] = []
    tone_at: int | None = None
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in _TONE_MARKS:
            if not letters:
                return None
            tone_at = len(letters) - 1
        elif unicodedata.combining(char):
            if not letters:
                return None
            letters[-1] += char
        else:
            letters.append(char)
    if tone_at is None or len(letters) < 2:
        return None
    ending = "".join(letters[-2:])
    if ending not in _SWINGING_PAIRS:
        return None
    initial = letters[:-2]
    if not all(letter in _CONSONANTS for letter in initial):
        return None
    if ending == "uy" and initial and initial[-1] == "q":
        return None  # quý: the u belongs to the consonant
    return "new" if tone_at == len(letters) - 2 else "old"


def tone_styles(texts: Iterable[str]) -> dict[ToneStyle, Counter]:
    """The words of each style found in `texts`, counted (lowercase, NFC)."""
    found: dict[ToneStyle, Counter] = {"old": Counter(), "new": Counter()}
    for text in texts:
        for word in _WORD.findall(unicodedata.normalize("NFC", text)):
            style = tone_style(word)
            if style is not None:
                found[style][word.lower()] += 1
    return found


# --------------------------------------------------------------------------- article


def article_texts(page) -> dict[str, list[str]]:
    """Reader-facing text of an article by field name: title, lead and the body's words."""
    texts: dict[str, list[str]] = {"title": [page.title or ""], "lead": [page.lead or ""]}
    body: list[str] = []
    for block in page.body or []:
        value = block.value
        if block.block_type == "paragraph":
            body.append(strip_tags(getattr(value, "source", str(value))))
        elif block.block_type in {"image", "photo_note", "quote"}:
            body.extend(
                str(value.get(name) or "") for name in ("alt", "caption", "credit", "text", "attribution")
            )
    texts["body"] = body
    return texts


def _image_issues(page) -> list[Issue]:
    issues: list[Issue] = []
    number = 0
    for block in page.body or []:
        if block.block_type != "image":
            continue
        number += 1
        value = block.value
        image = value.get("image")
        described = (
            (value.get("alt") or "").strip()
            or (value.get("caption") or "").strip()
            or (getattr(image, "description", "") or "").strip()
        )
        if not described:
            issues.append(
                Issue(
                    "image_alt",
                    _("Ảnh thứ %(number)d trong nội dung chưa có mô tả (alt) cho người không nhìn thấy ảnh.")
                    % {"number": number},
                    "body",
                )
            )
    listing_image = getattr(page, "listing_image", None)
    if listing_image is not None and not (getattr(listing_image, "description", "") or "").strip():
        issues.append(
            Issue(
                "image_alt",
                _("Ảnh đại diện “%(title)s” chưa có mô tả (alt): điền ở mục Ảnh của trang quản trị.")
                % {"title": listing_image.title},
                "listing_image",
            )
        )
    return issues


def _text_issues(page) -> list[Issue]:
    issues: list[Issue] = []
    for field, texts in article_texts(page).items():
        for text in texts:
            issue = _normalization_issue(text, field, _field_label(page, field))
            if issue:
                issues.append(issue)
                break
    return issues


def _field_label(page, field: str) -> str:
    try:
        return str(page._meta.get_field(field).verbose_name)
    except Exception:
        return field


def _tone_issues(page) -> list[Issue]:
    texts = [text for group in article_texts(page).values() for text in group]
    styles = tone_styles(texts)
    if not (styles["old"] and styles["new"]):
        return []

    def examples(counter: Counter) -> str:
        return ", ".join(word for word, _count in counter.most_common(4))

    return [
        Issue(
            "mixed_tone_style",
            _(
                "Bài viết dùng lẫn hai kiểu đặt dấu thanh: kiểu cũ (%(old)s) và kiểu mới (%(new)s). "
                "Nên thống nhất một kiểu trong cả bài."
            )
            % {"old": examples(styles["old"]), "new": examples(styles["new"])},
        )
    ]


def _lead_issues(page) -> list[Issue]:
    lead = (page.lead or "").strip()
    if not lead:
        return [Issue("lead_missing", _("Bài viết chưa có sapo."), "lead")]
    words = len(lead.split())
    if words > LEAD_MAX_WORDS:
        return [
            Issue(
                "lead_too_long",
                ngettext(
                    "Sapo dài %(count)d từ, quá %(max)d từ.",
                    "Sapo dài %(count)d từ, quá %(max)d từ.",
                    words,
                )
                % {"count": words, "max": LEAD_MAX_WORDS},
                "lead",
            )
        ]
    return []


def _title_issues(page) -> list[Issue]:
    length = len((page.title or "").strip())
    if length > TITLE_MAX_CHARACTERS:
        return [
            Issue(
                "title_too_long",
                _("Tiêu đề dài %(count)d ký tự, quá %(max)d ký tự.")
                % {"count": length, "max": TITLE_MAX_CHARACTERS},
                "title",
            )
        ]
    return []


def check_article(page) -> list[Issue]:
    """Everything an editor should look at before publishing `page` (an ArticlePage)."""
    return [
        *_title_issues(page),
        *_lead_issues(page),
        *_text_issues(page),
        *_tone_issues(page),
        *_image_issues(page),
    ]


# --------------------------------------------------------------------------- submitted form

_IGNORED_KEYS = frozenset(
    {"csrfmiddlewaretoken", "next", "action-publish", "action-submit", "loaded_revision_id"}
)


def _normalization_issue(text: str, field: str, label: str) -> Issue | None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if vntext.normalize(text) == text:
        return None
    if not unicodedata.is_normalized("NFC", text):
        return Issue(
            "not_nfc",
            _(
                "Trường “%(field)s” có chữ ở dạng Unicode tổ hợp (không phải NFC), thường do chép từ "
                "Word hay PDF; hệ thống chuyển sang dạng dựng sẵn khi lưu bài (bài đang đăng: khi xuất bản)."
            )
            % {"field": label},
            field,
        )
    return Issue(
        "lookalike",
        _(
            "Trường “%(field)s” có ký tự giống chữ Việt nhưng sai mã (như Ð thay cho Đ) hoặc ký tự ẩn, "
            "khoảng trắng lạ; hệ thống sửa khi lưu bài (bài đang đăng: khi xuất bản)."
        )
        % {"field": label},
        field,
    )


def check_submitted_text(data: Mapping[str, object], labels: Mapping[str, str]) -> list[Issue]:
    """Issues `normalize` will fix in a submitted form, one per field (the form's top-level name)."""
    issues: dict[str, Issue] = {}
    for key in data:
        if key in _IGNORED_KEYS:
            continue
        field = key.split("-", 1)[0]
        if field in issues:
            continue
        values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
        for value in values:
            if isinstance(value, str):
                issue = _normalization_issue(value, field, labels.get(field, field))
                if issue:
                    issues[field] = issue
                    break
    return list(issues.values())
