"""Reading the search page's parameters: ``q``, ``chuyen-muc``, ``tu``, ``den``, ``pham-vi`` (and ``trang``).

Nothing a reader puts in the address can fail the page: a bad value is dropped with a
message saying why, in Vietnamese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.http import QueryDict
from django.utils.translation import gettext as _

from toasoan import vntext
from toasoan.articles.services import listing
from toasoan.vntext.dates import VIETNAM_TZ

from .searching import Filters
from .text import ParsedQuery, parse_query

QUERY_PARAM = "q"
SECTION_PARAM = "chuyen-muc"
SINCE_PARAM = "tu"
UNTIL_PARAM = "den"
#: ``pham-vi=toan-tinh``: the main portal searches every portal of the province (docs/portals.md).
SCOPE_PARAM = "pham-vi"
PROVINCE_WIDE = "toan-tinh"
#: Date inputs are short; anything longer is refused before parsing.
MAX_DATE_CHARS = 40
_SLUG = re.compile(r"[a-z0-9-]{1,100}")


@dataclass
class SearchParams:
    query: ParsedQuery
    raw_query: str = ""
    section: object | None = None
    section_slug: str = ""
    since: date | None = None
    until: date | None = None
    since_text: str = ""
    until_text: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    #: The portal's home page searched (None: the install has one portal, or the whole province).
    portal: object | None = None
    province_wide: bool = False

    @property
    def filters(self) -> Filters:
        since = datetime.combine(self.since, time(), tzinfo=VIETNAM_TZ) if self.since else None
        until = None
        if self.until:
            try:
                until = datetime.combine(self.until + timedelta(days=1), time(), tzinfo=VIETNAM_TZ)
            except OverflowError:
                until = None
        return Filters(
            section_id=self.section.pk if self.section else None,
            since=since,
            until=until,
            portal_id=None if self.province_wide or self.portal is None else self.portal.pk,
        )

    @property
    def has_filters(self) -> bool:
        return bool(self.section or self.since or self.until)

    def as_query_string(self) -> str:
        """The parameters as typed (not ``trang``), for pagination links."""
        params = QueryDict(mutable=True)
        for name, value in (
            (QUERY_PARAM, self.query.text),
            (SECTION_PARAM, self.section_slug if self.section else ""),
            (SINCE_PARAM, self.since_text),
            (UNTIL_PARAM, self.until_text),
            (SCOPE_PARAM, PROVINCE_WIDE if self.province_wide else ""),
        ):
            if value:
                params[name] = value
        return params.urlencode()


def _text(data: QueryDict, name: str, limit: int) -> str:
    value = data.get(name, "")
    return " ".join(vntext.normalize(value[: limit * 4]).split())[:limit] if isinstance(value, str) else ""


def _date(text: str) -> date:
    if not text:
        raise ValueError("empty")
    if len(text) > MAX_DATE_CHARS:
        raise ValueError("too long")
    return vntext.parse_datetime(text).date()


def _find_section(slug: str, within=None):
    from toasoan.sections.models import SectionPage

    sections = SectionPage.objects.live().filter(slug=slug)
    if within is not None:
        sections = sections.filter(path__startswith=within.path)
    return listing.public(sections).order_by("depth", "path").first()


def read_params(data: QueryDict, portal=None, *, province_allowed: bool = False) -> SearchParams:
    """`portal`: the home page of the portal searched (None: every article of the install);
    `province_allowed`: the main portal, which may search every portal (`pham-vi=toan-tinh`)."""
    raw = data.get(QUERY_PARAM, "")
    raw = raw if isinstance(raw, str) else ""
    params = SearchParams(query=parse_query(raw), raw_query=raw, portal=portal)

    if portal is not None and _text(data, SCOPE_PARAM, 20).lower() == PROVINCE_WIDE:
        if province_allowed:
            params.province_wide = True
        else:
            params.errors[SCOPE_PARAM] = _(
                "Chỉ cổng chính của tỉnh tìm được trên mọi cổng; đang tìm trong cổng này."
            )

    slug = _text(data, SECTION_PARAM, 100).lower()
    if slug:
        params.section_slug = slug
        within = None if params.province_wide else portal
        params.section = _find_section(slug, within) if _SLUG.fullmatch(slug) else None
        if params.section is None:
            params.errors[SECTION_PARAM] = _(
                "Không có chuyên mục “%(slug)s”; đang tìm trong mọi chuyên mục."
            ) % {"slug": slug}

    for name, attribute in ((SINCE_PARAM, "since"), (UNTIL_PARAM, "until")):
        text = _text(data, name, MAX_DATE_CHARS * 2)
        if not text:
            continue
        setattr(params, f"{attribute}_text", text)
        try:
            setattr(params, attribute, _date(text))
        except (ValueError, OverflowError):
            params.errors[name] = _(
                "Ngày “%(value)s” không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 16/09/2020."
            ) % {"value": text[:MAX_DATE_CHARS]}

    if params.since and params.until and params.since > params.until:
        params.errors[UNTIL_PARAM] = _("Ngày kết thúc (%(until)s) đứng trước ngày bắt đầu (%(since)s).") % {
            "since": vntext.format_date(params.since),
            "until": vntext.format_date(params.until),
        }
        params.since = params.until = None
    return params
