"""Signs of spam that hold a comment for moderators instead of refusing it: links and blocked words."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext

from toasoan import vntext

BLOCKLIST_CACHE_KEY = "comments:blocklist:v1"
BLOCKLIST_CACHE_SECONDS = 300
#: A link: a scheme, "www.", or a bare domain with a common top-level domain.
_LINK = re.compile(
    r"(?i)\b(?:https?://|ftp://|www\.)\S+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|vn|xyz|top|site|online|club|ru|cn|io|me|link)\b(?:/\S*)?"
)


def count_links(text: str) -> int:
    return len(_LINK.findall(text))


def max_links() -> int:
    return int(getattr(settings, "COMMENTS_MAX_LINKS", 2))


def blocked_terms() -> list[str]:
    """Folded blocked terms, cached briefly; the cache is cleared when moderators edit them."""
    terms = cache.get(BLOCKLIST_CACHE_KEY)
    if terms is None:
        from ..models import BlockedTerm

        terms = list(BlockedTerm.objects.values_list("folded", flat=True))
        cache.set(BLOCKLIST_CACHE_KEY, terms, BLOCKLIST_CACHE_SECONDS)
    return terms


def forget_blocklist() -> None:
    cache.delete(BLOCKLIST_CACHE_KEY)


def matching_terms(text: str, terms: list[str] | None = None) -> list[str]:
    """Blocked terms found in *text*, compared folded and as whole words ("cờ bạc" ≈ "CO BAC")."""
    haystack = f" {vntext.fold(text)} "
    return [
        term for term in (blocked_terms() if terms is None else terms) if term and f" {term} " in haystack
    ]


def held_reason(name: str, title: str, content: str) -> str:
    """Why these words look like spam, for moderators ("" when they do not)."""
    text = f"{name}\n{title}\n{content}"
    reasons = []
    links = count_links(text)
    if links > max_links():
        reasons.append(gettext("%(count)d liên kết") % {"count": links})
    found = matching_terms(text)
    if found:
        reasons.append(gettext("từ khóa chặn: %(terms)s") % {"terms": ", ".join(found[:5])})
    return "; ".join(reasons)[:200]
