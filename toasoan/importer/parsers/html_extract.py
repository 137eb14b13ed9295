"""What a saved article page of a Vietnamese news site says: title, time, byline, section, lead, body.

Site-independent rules over the parsed page (selectolax's Lexbor parser):

* the title is the heading that the ``<title>``/``og:title`` starts with or best matches;
* the publication time is the date-bearing line nearest the title, read by
  ``vntext.parse_datetime`` (day first, ``04:00 chiều``, two-digit years, ``GMT+7``),
  with ``article:published_time`` meta as a fallback; a forum CMS's "Published on" is month first;
* the section comes from the breadcrumb, else ``article:section``, else the highlighted
  menu entry;
* the body is the block with the most running text (readability-style scoring, link text
  discounted) once the furniture (menus, share and comment widgets, related links,
  audio players, ads) is taken out; images keep their source, alt text and caption;
* the byline is an author element or the signature line that ends the body (or stands,
  right-aligned and bold, just after the body's block); "Theo X" is a source credit, not an
  author; captions, source lines and centred lines are not bylines;
* a page with no such article (a home page, a forum thread) says so: ``page_type``; an article
  a forum package's CMS published inside the forum's chrome is an article.

Nothing here touches the database; ``html_page`` turns the result into an import record.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from toasoan import vntext

ARTICLE = "article"
#: A page whose main block holds this many links of headline length lists articles.
HEADLINE_LINK_LENGTH = 25
#: Pictures smaller than this (width or height attribute) are icons, not article images.
MIN_IMAGE_SIZE = 80
#: A line after a picture that is at most this long and ends without a full stop is its caption.
CAPTION_MAX_LENGTH = 300
LISTING_HEADLINES = 20
#: Without a lead, an article has at least this much body text.
MIN_BODY_LENGTH = 250
#: How far (in elements) the dateline may be from the title.
DATELINE_MAX_DISTANCE = 400
#: Lines after the body block, and levels up from it, looked at for a byline set outside it.
AFTER_BODY_LINES = 4
AFTER_BODY_LEVELS = 4
HOMEPAGE = "homepage"
FORUM = "forum"

#: Elements that never hold article text.
DROPPED_TAGS = (
    "script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas", "button", "input",
    "select", "textarea", "label", "nav", "aside", "footer", "template", "link", "meta",
)  # fmt: skip
#: Tags whose text is one paragraph of the body.
PARAGRAPH_TAGS = frozenset(
    {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "figcaption"}
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Inline tags: their text runs on within the paragraph around them.
INLINE_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "u", "span", "font", "sup", "sub", "small", "big", "abbr", "cite", "q",
     "mark", "time", "label", "s", "strike", "del", "ins", "code", "kbd", "tt", "var", "-text", "nobr", "wbr"}
)  # fmt: skip

# class/id words of page furniture; matched as whole words of a class or id ("box-comment",
# "tinlienquan", "shareBox" → share).
_FURNITURE_WORDS = (
    r"share|sharing|social|comments?|binhluan|binh-luan|ykien|y-kien|related|relate|relates|lienquan|"
    r"tinlienquan|tin-lien-quan|othernews|other-news|newsother-right|tinkhac|tin-khac|tags?|keywords?|"
    r"tukhoa|tu-khoa|ads?|adv|advert|advertisement|banner|banners|quangcao|qc|promo|sponsor|sponsored|"
    r"print|email-print|rating|vote|poll|audio|player|tts|listen|speech|menu|menus|submenu|footer|"
    r"sidebar|widget|popup|modal|subscribe|newsletter|toolbar|tools|facebook|fb|twitter|zalo|google|"
    r"like|likes|mostview|most-view|xemnhieu|xem-nhieu|docnhieu|doc-nhieu|topnews|top-news|hotnews|"
    r"headlines|marquee|navi|navigation-bar|paging|pagination|copyright|login|search|weather|"
    r"thoitiet|gold|giavang|stock|chungkhoan|video-list|readmore|read-more|next-prev|author-box|"
    r"box-tinlienquan|header-top|topbar|logo|notices?"
)
_FURNITURE = re.compile(
    rf"(?:^|[-_\s]|(?<=[a-z])(?=[A-Z]))(?:{_FURNITURE_WORDS})(?:$|[-_\s\d]|(?=[A-Z]))", re.I
)
_BREADCRUMB = re.compile(
    r"breadcrumb|bread-crumb|box-path|navigationdetail|nav-detail|folder-?path|cate-?path|"
    r"^categories\d*$|chuyen-?muc|^path$|sub_?cate|catename|cat-name|^crumbs?$|sectionname|^sub_?title$|"
    r"^subheader$|zone-?name|cate-?name|^cate$|^category$",
    re.I,
)
_LEAD_CLASS = re.compile(
    r"sapo|(?:^|[-_\s])lead(?:$|[-_\s])|^lead|summary|intro|(?:^|[-_\s])desc|description|tomtat|excerpt|"
    r"teaser|head-noidung|init_content|short-?content|abstract|chapeau|^Lead$",
    re.I,
)
_AUTHOR_CLASS = re.compile(
    r"author|tacgia|tac-gia|byline|signature|(?:^|[-_\s])source(?:$|[-_\s])|nguontin|nguon-tin|writer|"
    r"article-?user",
    re.I,
)
_ICON_SRC = re.compile(
    r"icon|logo|button|spacer|blank\.|pixel|sprite|/share|rss\.|facebook|twitter|zalo|"
    r"google|yahoo|/ads?/|banner|loading\.",
    re.I,
)
_DOMAIN = re.compile(r"\.(?:vn|com|net|org|info)\b|^www\.", re.I)
#: article:section values that name no section.
_GENERIC_SECTIONS = frozenset({"news", "tin tuc", "article", "bai viet", "home", "trang chu"})
_ACTIVE_CLASS = re.compile(r"(?:^|[-_\s])(?:active|current|selected|selected-item|on)(?:$|[-_\s])", re.I)

_FORUM_MARKERS = re.compile(
    r"xenforo|vbulletin|phpbb|invision|ipboard|discuz|mybb|simple machines|"
    r"class=\"[^\"]*(?:messageList|postbit|threadview|bbWrapper|message-body|post-content-area)",
    re.I,
)
_FORUM_URL = re.compile(r"/threads?/|/forums?/|showthread|viewtopic|/diendan/|/dien-dan/", re.I)
# A forum package's own CMS (vBulletin's "content.php") publishes articles inside the forum's
# chrome, so the package's name and its post classes are on the page like on any thread. What
# makes it one article rather than a discussion: the CMS's article header above the text (the
# poster and "Published on 03-15-2012 09:30 PM", or the header's class names), which no thread
# prints, and at most one post outside the comments block under it: a thread's replies are posts
# of their own, each with an id such as "post_1001"/"post-29281579"/"p123", while readers'
# comments under an article sit in a block named so. A thread stays a thread even with a single
# post and no replies (a question put to the forum is not an article), and even when its first
# post pastes an article with its "Published on" line (the replies count).
_CMS_ARTICLE_HEADER = re.compile(
    r"(?:^|[-_\s])(?:cms[-_]?article[-_]?(?:header|info|date)|article[-_]?username(?:[-_]?container)?)"
    r"(?:$|[-_\s])",
    re.I,
)
_POST_ID = re.compile(r"^(?:post[-_]?|p)\d+$", re.I)
_COMMENTS_BLOCK = re.compile(r"comments?|binhluan|binh-luan", re.I)
_USERNAME_CLASS = re.compile(r"(?:^|[-_\s])(?:username|author)(?:$|[-_\s])", re.I)

# Dates as portals print them; vntext.parse_datetime reads the match.
_WEEKDAY = r"(?:Thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|Chủ\s*nhật|T[2-7]|CN)"
_PERIOD = r"(?:AM|PM|SA|CH|sáng|chiều|tối|trưa|đêm)"
_TIME = rf"\d{{1,2}}\s*[:hg]\s*\d{{2}}(?:\s*{_PERIOD})?"
_DATE = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:\d{4}|\d{2})(?!\d)"
_ZONE = r"(?:\(?\s*GMT\s*[+]\s*7\s*\)?)"
_DATETIME_PATTERNS = (
    re.compile(
        rf"(?:(?:Cập nhật|Đăng|Ngày đăng|Xuất bản)\s*:?\s*)?(?:{_WEEKDAY}\s*,?\s*)?(?:ngày\s*)?{_DATE}"
        rf"(?:\s*[-,|]?\s*(?:lúc\s*)?{_TIME})?(?:\s*{_ZONE})?",
        re.I,
    ),
    re.compile(rf"{_TIME}\s*(?:{_ZONE}\s*)?[-,|]?\s*(?:{_WEEKDAY}\s*,?\s*)?(?:ngày\s*)?{_DATE}", re.I),
)
_HAS_DATE = re.compile(_DATE)
# The English dateline of a forum package's CMS. vBulletin prints it in the board's date format,
# month first out of the box ("03-15-2012 09:30 PM"), so it is read month first when that can be
# a date at all; a board set to day first prints 15-03-2012, which only reads day first.
_PUBLISHED_ON = re.compile(rf"\bPublished\s+on\s*:?\s*(?P<when>{_DATE}(?:\s*,?\s*(?:at\s+)?{_TIME})?)", re.I)
_HAS_TIME = re.compile(_TIME, re.I)

#: Lines that are widgets, not text: share buttons, counters, audio-player labels, "read more".
_FURNITURE_LINE = re.compile(
    r"^(?:tweet|share|chia sẻ(?: (?:với|qua|bài|lên)[^.]{0,30})?|gửi bài|in bài|bản in|email|bình luận|"
    r"ý kiến(?: bạn đọc)?(?: \(\s*\d+\s*\))?|"
    r"gửi ý kiến|xem thêm|đọc thêm|tin liên quan|bài liên quan|tin cùng chuyên mục|tin khác|"
    r"các tin khác|nghe bài(?: viết)?|đọc bài(?: viết)?|bạn đang nghe.*|nghe|tạm dừng|phát|"
    r"\d{1,2}:\d{2}(?:\s*/\s*\d{1,2}:\d{2})?|\d+\s*(?:người|lượt xem|bình chọn|thích)(?: .*)?|"
    r"từ khóa:?|tags?:?|facebook|zalo|twitter|google\+?|lên đầu trang|về đầu trang|trở về|quay lại|"
    r"trang chủ|print|top|\W*)\W*$",
    re.I,
)
_RELATED_PREFIX = re.compile(r"^\s*(?:>>|»|≫|&gt;&gt;|\+\+)\s*")
_RELATED_TAIL = re.compile(r"\s*(?:>>|»|≫)\s+[^>»≫]{3,}$")
_AUDIO_TEXT = re.compile(
    r"(?:nghe (?:bài viết|đọc bài|tin)|đọc bài viết|giọng (?:nam|nữ)|bạn đang nghe|tốc độ đọc|"
    r"trình duyệt (?:của bạn )?không hỗ trợ|your browser does not support)[^.]*\.?",
    re.I,
)
_SITE_SEPARATORS = re.compile(r"\s+[|–—:-]\s+|\s*\|\s*")
_CREDIT = re.compile(r"^\s*(?:theo|nguồn)\s*:?\s+(?P<rest>.+)$", re.I)
_PHOTO_CREDIT = re.compile(r"\(\s*(?:ảnh|photo|video|clip)\s*:?\s*(?P<who>[^)]*)\)", re.I)
_VOTES = re.compile(r"\(\s*\d[\d.,]*\s*(?:bình chọn|lượt)[^)]*\)", re.I)
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][\w.'’-]*$|^[A-ZĐ]\.$")


@dataclass
class ImageRef:
    src: str
    alt: str = ""
    caption: str = ""


@dataclass
class Block:
    """A body block: ``paragraph`` (text), ``heading`` (text) or ``image`` (ImageRef)."""

    kind: str
    text: str = ""
    image: ImageRef | None = None
    #: Set in bold/italic or aligned right: how portals set a signature line.
    signature_style: bool = False
    #: "right", "center" or "" as the page aligns the line.
    align: str = ""
    #: Mostly set in bold or italic.
    emphasized: bool = False


@dataclass
class Extraction:
    page_type: str
    title: str = ""
    published_at: datetime | None = None
    published_text: str = ""
    byline: str = ""
    byline_role: str = ""
    credit: str = ""
    photo_credit: str = ""
    section: list[str] = field(default_factory=list)
    lead: str = ""
    blocks: list[Block] = field(default_factory=list)
    reason: str = ""

    @property
    def images(self) -> list[ImageRef]:
        return [block.image for block in self.blocks if block.image is not None]

    def body_text(self) -> str:
        """The body as a reader sees it: paragraphs and image captions, in order."""
        parts = [block.image.caption if block.image is not None else block.text for block in self.blocks]
        return "\n\n".join(part for part in parts if part)


# --- text helpers ------------------------------------------------------------------------------
_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")


def clean(text: str | None) -> str:
    """Collapsed whitespace, NFC, left-over (double-escaped) character references decoded."""
    if not text:
        return ""
    if "&" in text and _ENTITY.search(text):
        text = html_module.unescape(text)
    return " ".join(vntext.normalize(text).split())


def _folded(text: str) -> str:
    return vntext.fold(text)


def similarity(a: str, b: str) -> float:
    """Closeness of two texts, 0–1, on their folded forms (tone marks, case, punctuation aside)."""
    if not a or not b:
        return 0.0
    shorter, longer = sorted((len(a), len(b)))
    if shorter < 0.5 * longer:
        return 2 * shorter / (shorter + longer)  # ratio() can be no higher than this: spare the work
    fa, fb = _folded(a), _folded(b)
    if not fa or not fb:
        return 0.0
    return SequenceMatcher(None, fa, fb, autojunk=False).ratio()


def similar(a: str, b: str, threshold: float) -> bool:
    """``similarity(a, b) > threshold``, answered from cheap upper bounds when they suffice."""
    if not a or not b:
        return False
    shorter, longer = sorted((len(a), len(b)))
    if 2 * shorter / (shorter + longer) <= threshold:
        return False
    matcher = SequenceMatcher(None, _folded(a), _folded(b), autojunk=False)
    return (
        matcher.real_quick_ratio() > threshold
        and matcher.quick_ratio() > threshold
        and matcher.ratio() > threshold
    )


def _starts_before_separator(text: str, reference: str) -> bool:
    """*reference* is *text* followed by a site/section suffix ("Tiêu đề - Ảnh | Báo X")."""
    text, reference = clean(text), clean(reference)
    if not reference.startswith(text):
        return False
    rest = reference[len(text) :]
    return bool(re.match(r"^\s*[|–—:-]\s", rest)) or rest.startswith(" |")


def _classes(node: LexborNode) -> str:
    attributes = node.attributes
    return f"{attributes.get('class') or ''} {attributes.get('id') or ''}".strip()


def _is_furniture(node: LexborNode) -> bool:
    return _furniture_names(_classes(node))


@lru_cache(maxsize=4096)
def _furniture_names(names: str) -> bool:
    return bool(names) and bool(_FURNITURE.search(names))


@lru_cache(maxsize=4096)
def _names_match(pattern: re.Pattern[str], names: str) -> bool:
    """Whether any class or id word in *names* matches *pattern* (pages repeat their class names)."""
    return any(pattern.search(name) for name in names.split())


def node_text(node: LexborNode) -> str:
    """The text of *node* with spaces where blocks and line breaks separate it."""
    parts: list[str] = []
    _collect_text(node, parts)
    return clean("".join(parts))


def _collect_text(node: LexborNode, parts: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag == "br":
            parts.append(" ")
        elif tag in ("script", "style", "noscript") or tag.startswith("-"):
            continue
        else:
            block = tag not in INLINE_TAGS
            if block:
                parts.append(" ")
            _collect_text(child, parts)
            if block:
                parts.append(" ")


_EMPHASIS_TAGS = frozenset({"b", "strong", "i", "em"})
_TEXT_ALIGN = re.compile(r"text-align\s*:\s*([a-z-]+)", re.I)


def _alignment(node: LexborNode) -> str:
    """ "right" or "center" as *node* (or, failing that, its parent) is aligned; else ""."""
    for element in (node, node.parent):
        if element is None:
            continue
        if element.tag == "center":
            return "center"
        attributes = element.attributes
        align = (attributes.get("align") or "").lower()
        if not align and (match := _TEXT_ALIGN.search(attributes.get("style") or "")):
            align = match[1].lower()
        if align:  # the nearest alignment decides: a left-aligned line in a right-aligned box is left
            return align if align in ("right", "center") else ""
    return ""


def _styled_block(kind: str, text: str, align: str, emphasized: bool) -> Block:
    return Block(
        kind, text, signature_style=align == "right" or emphasized, align=align, emphasized=emphasized
    )


def _emphasized_length(node: LexborNode) -> int:
    """Characters of *node* set in bold or italic (outermost such elements only)."""
    return sum(
        len(node_text(element))
        for element in node.css("b, strong, i, em")
        if element.parent is not None and element.parent.tag not in _EMPHASIS_TAGS
    )


def _ancestors(node: LexborNode) -> list[LexborNode]:
    found = []
    parent = node.parent
    while parent is not None and parent.tag not in ("html", "-undef", "#document"):
        found.append(parent)
        parent = parent.parent
    return found


# --- the extractor -----------------------------------------------------------------------------
class PageReader:
    """Reads one page; ``extract()`` drives it."""

    def __init__(self, html: str, url: str | None = None) -> None:
        self.html = html
        self.url = url or ""
        self.tree = LexborHTMLParser(html)
        self.meta = self._meta()
        self.title_text = ""
        title = self.tree.css_first("title")
        self.html_title = clean(title.text()) if title is not None else ""
        # Document order of every element, for distances.
        self.order: dict[int, int] = {}
        self._stats: dict[int, tuple[float, int, int]] = {}
        body = self.tree.body or self.tree.root
        if body is not None:
            for position, node in enumerate(body.traverse(include_text=False)):
                self.order[node.mem_id] = position
        #: Made by a forum package (its name or classes in the markup, or a forum address).
        self.forum_package = bool(_FORUM_MARKERS.search(html[:200_000]) or _FORUM_URL.search(self.url))
        #: On such a page, the article header of its CMS (None: a thread) and the poster it names.
        self.forum_article_header: LexborNode | None = None
        self.forum_poster = ""
        if self.forum_package:
            self._read_forum_article()

    def _read_forum_article(self) -> None:
        """The CMS article header, when the page is one article (see ``_CMS_ARTICLE_HEADER``)."""
        body = self.tree.body
        if body is None:
            return
        header: LexborNode | None = None
        posts = 0
        for node in body.traverse(include_text=False):
            if header is None and (
                _names_match(_CMS_ARTICLE_HEADER, _classes(node))
                or (
                    "published on" in (node.text(deep=False) or "").lower()
                    and _PUBLISHED_ON.search(node_text(node))
                )
            ):
                header = node
            if _POST_ID.match(node.attributes.get("id") or "") and not any(
                _names_match(_COMMENTS_BLOCK, _classes(parent)) for parent in _ancestors(node)
            ):
                posts += 1
        if header is None or posts > 1:
            return
        self.forum_article_header = header
        # The poster named in the header (or the block around it) is the article's author.
        for scope in (header, header.parent):
            if scope is None:
                continue
            for node in scope.css("[class]"):
                if _names_match(_USERNAME_CLASS, _classes(node)) and 2 <= len(name := node_text(node)) <= 60:
                    self.forum_poster = name
                    return

    def _meta(self) -> dict[str, str]:
        meta: dict[str, str] = {}
        for node in self.tree.css("meta"):
            attributes = node.attributes
            key = (
                attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or ""
            ).lower()
            content = attributes.get("content")
            if key and content and key not in meta:
                meta[key] = clean(content)
        return meta

    def position(self, node: LexborNode | None) -> int:
        return self.order.get(node.mem_id, -1) if node is not None else -1

    # -- page type
    def page_type(
        self, title_node: LexborNode | None, container: LexborNode | None, body_length: int, has_lead: bool
    ) -> str:
        """``forum``, ``homepage`` (any page that lists articles rather than being one) or ``article``."""
        if self.forum_package and self.forum_article_header is None:
            return FORUM  # a thread; a CMS article goes on to the checks every article passes
        if title_node is None or container is None:
            return HOMEPAGE
        # A list of articles: many headline links in the main block.
        headlines = sum(1 for link in container.css("a") if len(node_text(link)) >= HEADLINE_LINK_LENGTH)
        if headlines >= LISTING_HEADLINES:
            return HOMEPAGE
        if body_length >= MIN_BODY_LENGTH or (has_lead and body_length > 0):
            return ARTICLE
        return HOMEPAGE

    # -- title
    def title(self) -> tuple[str, LexborNode | None]:
        """The headline and its element: the heading the page's title starts with or best matches."""
        reference = self.meta.get("og:title") or self.html_title
        best: tuple[float, str, LexborNode] | None = None
        for node in self.tree.css("h1, h2, h3, [class*=itle], [id*=itle], [class*=eadline], [class*=tieude]"):
            if node.tag in ("title", "meta", "html", "body"):
                continue
            text = node_text(node)
            if not (8 <= len(text) <= 300) or (_is_furniture(node) and node.tag != "h1"):
                continue
            score = self._title_score(text, reference, self.html_title)
            if node.tag == "h1":
                score += 0.05
            # Inside a link: a headline of another article, rarely this one.
            if node.tag == "a" or any(parent.tag == "a" for parent in _ancestors(node)[:2]):
                score -= 0.2
            if best is None or score > best[0] + 1e-9:
                best = (score, text, node)
        if best is not None and best[0] >= 0.6:
            return best[1], best[2]
        return self._title_from_html_title(), None

    @staticmethod
    def _title_score(text: str, reference: str, html_title: str) -> float:
        folded = _folded(text)
        scores = []
        for ref in (reference, html_title):
            ref_folded = _folded(ref)
            if not ref_folded:
                continue
            if ref_folded == folded:
                scores.append(1.5)
            elif ref_folded.startswith(folded) and (
                len(folded) >= 0.4 * len(ref_folded) or _starts_before_separator(text, ref)
            ):
                scores.append(1.0 + len(folded) / len(ref_folded) * 0.4)
            elif similar(text, ref, 0.6):
                scores.append(similarity(text, ref))
        return max(scores, default=0.0)

    def _title_from_html_title(self) -> str:
        # "Headline - Section | Site": the first part is the headline.
        parts = [part for part in _SITE_SEPARATORS.split(self.html_title) if part.strip()]
        return clean(parts[0]) if parts else self.html_title

    # -- publication time
    def published(self, title_node: LexborNode | None) -> tuple[datetime | None, str]:
        """The dateline nearest the title (after it preferred, with a time preferred), else the meta."""
        anchor = self.position(title_node) if title_node is not None else None
        candidates: list[tuple[float, datetime, str]] = []
        for node in self._date_nodes():
            found = self._read_date(node)
            if found is None:
                continue
            when, shown = found
            position = self.position(node)
            if anchor is None or anchor < 0:
                distance = float(position)
            else:
                distance = position - anchor if position >= anchor else (anchor - position) * 1.5
            if _HAS_TIME.search(shown):
                distance -= 3  # a line with the time is the article's own, more than a bare date
            if node.tag == "a" or any(parent.tag == "a" for parent in _ancestors(node)[:3]):
                distance += 60  # a dated link is usually another article
            candidates.append((distance, when, shown))
        if candidates:
            distance, when, shown = min(candidates, key=lambda item: item[0])
            if anchor is None or distance <= DATELINE_MAX_DISTANCE:
                return when, shown
        return self._meta_published()

    def _date_nodes(self) -> list[LexborNode]:
        nodes: list[LexborNode] = []
        body = self.tree.body
        if body is None:
            return nodes
        for node in body.traverse(include_text=False):
            if node.tag in ("script", "style", "option"):
                continue
            own = node.text(deep=False) or ""
            if _HAS_DATE.search(own) or (node.tag == "time" and node.attributes.get("datetime")):
                nodes.append(node)
        return nodes

    def _read_date(self, node: LexborNode) -> tuple[datetime, str] | None:
        texts = [node_text(node)]
        parent = node.parent
        if self.forum_package and (found := self._published_on(node)) is not None:
            return found
        # The time may sit in the parent ("15:20 PM | <span>21/12/2012</span>").
        if parent is not None and not _HAS_TIME.search(texts[0]):
            parent_text = node_text(parent)
            if len(parent_text) <= 120:
                texts.insert(0, parent_text)
        for text in texts:
            if len(text) > 300:
                text = node.text(deep=False) or ""
            matches = {
                match.group().strip(" ,-|")
                for pattern in _DATETIME_PATTERNS
                for match in pattern.finditer(text)
            }
            # The longest reading first: with its time and weekday rather than the bare date.
            for shown in sorted(matches, key=len, reverse=True):
                try:
                    return vntext.parse_datetime(shown), shown
                except ValueError:
                    continue
        datetime_attribute = node.attributes.get("datetime") if node.tag == "time" else None
        if datetime_attribute:
            parsed = self._iso(datetime_attribute)
            if parsed is not None:
                return parsed, datetime_attribute
        return None

    @staticmethod
    def _published_on(node: LexborNode) -> tuple[datetime, str] | None:
        """A forum package CMS's "Published on …" line, in *node* or with its label in the parent."""
        for element in (node, node.parent):
            text = node_text(element) if element is not None else ""
            if len(text) > 300 or not (match := _PUBLISHED_ON.search(text)):
                continue
            shown = match["when"].strip(" ,")
            for month_first in (True, False):  # see _PUBLISHED_ON
                try:
                    return vntext.parse_datetime(shown, month_first=month_first), shown
                except ValueError:
                    continue
        return None

    @staticmethod
    def _iso(value: str) -> datetime | None:
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            try:
                return vntext.parse_datetime(value)
            except ValueError:
                return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=vntext.dates.VIETNAM_TZ)
        return parsed

    def _meta_published(self) -> tuple[datetime | None, str]:
        for key in ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
                    "publishdate", "dc.date.issued", "date"):  # fmt: skip
            value = self.meta.get(key)
            if value and (parsed := self._iso(value)) is not None:
                return parsed, value
        return None, ""

    # -- section
    def section(self, title: str) -> list[str]:
        """Breadcrumb names, else ``article:section``, else the highlighted menu entry."""
        for node in self.tree.css("[class], [id]"):
            names = _classes(node)
            if not _names_match(_BREADCRUMB, names):
                continue
            crumbs = self._crumbs(node, title)
            if crumbs:
                return crumbs
        meta_section = self.meta.get("article:section", "")
        if meta_section and _folded(meta_section) not in _GENERIC_SECTIONS:
            return [meta_section]
        for node in self.tree.css("[class]"):
            if node.tag in ("a", "li") and _ACTIVE_CLASS.search(node.attributes.get("class") or ""):
                text = node_text(node)
                if 2 <= len(text) <= 40 and not self._is_home(text):
                    return [text]
        return []

    def _crumbs(self, node: LexborNode, title: str) -> list[str]:
        """The section names a breadcrumb holds, top first (no home link, site name or title)."""
        items = node.css("a") or node.css("span, li, strong, b, h2, h3") or [node]
        crumbs: list[str] = []
        for item in items:
            text = node_text(item).strip(" >»›/|-")
            letters = sum(char.isalpha() for char in text)
            if letters < 3 or len(text) > 60 or self._is_home(text) or _DOMAIN.search(text):
                continue
            if similar(text, title, 0.8) or _HAS_DATE.search(text):
                continue
            if text not in crumbs:
                crumbs.append(text)
        return crumbs[:3]

    def _is_home(self, text: str) -> bool:
        folded = _folded(text)
        site = _folded(self.meta.get("og:site_name", ""))
        return folded in ("trang chu", "home", "trang nhat", "") or (bool(site) and folded == site)

    # -- the main block
    def drop_furniture(self, keep: list[LexborNode | None]) -> None:
        """Remove menus, widgets, related lists… but never what holds the title or the lead."""
        protected = {node.mem_id for node in keep if node is not None}
        for node in keep:
            if node is not None:
                protected.update(parent.mem_id for parent in _ancestors(node))
        for tag in DROPPED_TAGS:
            for node in self.tree.css(tag):
                if node.mem_id not in protected:
                    node.decompose()
        for node in self.tree.css("[class], [id]"):
            if node.mem_id in protected or node.tag in ("body", "html"):
                continue
            if _is_furniture(node):
                node.decompose()

    def main_container(self) -> LexborNode | None:
        """The element with the most running text, its link text discounted.

        Every paragraph-like piece of text (≥ 25 characters) scores by its length; an
        element scores the sum over its subtree times (1 - link density)³, so the page
        body (menus, lists of headlines) loses to the article's own block, and a
        table-laid-out article still gathers all its cells.
        """
        body = self.tree.body
        if body is None:
            return None
        self._stats = {}
        self._measure(body, in_link=False)
        best, best_score = None, 0.0
        for node in body.traverse(include_text=False):
            stats = self._stats.get(node.mem_id)
            if stats is None or node.tag in ("body", "html", "form", "a"):
                continue
            score, text_length, link_length = stats
            density = min(link_length / text_length, 1.0) if text_length else 1.0
            adjusted = score * (1 - density) ** 3
            if adjusted > best_score * 1.0001:
                best, best_score = node, adjusted
        return best

    def _measure(self, node: LexborNode, *, in_link: bool) -> tuple[float, int, int]:
        """(content score, text length, link text length) of *node*'s subtree.

        Text set as lines between ``<br>`` (a forum's BBCode, old portals) scores per line,
        like the paragraphs it stands for; otherwise a whole article in one element would
        score as one paragraph and lose to any wrapper holding one more notice.
        """
        score = 0.0
        text_length = link_length = 0
        runs = [0]  # own text: the lengths of its <br>-separated lines
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                length = len((child.text_content or "").strip())
                text_length += length
                runs[-1] += length
                if in_link:
                    link_length += length
            elif tag == "br":
                runs.append(0)
            elif tag.startswith("-") or tag in ("script", "style", "noscript"):
                continue
            else:
                child_score, child_text, child_links = self._measure(child, in_link=in_link or tag == "a")
                score += child_score
                text_length += child_text
                link_length += child_links
                if tag in INLINE_TAGS:
                    runs[-1] += child_text - child_links
        own = sum(runs)
        if own >= 25 and not in_link and node.tag not in INLINE_TAGS | {"body"}:
            lines = [run for run in runs if run >= 25]
            if len(lines) > 1:
                score += sum(1 + min(run / 100, 3) for run in lines)
            else:
                score += 1 + min(own / 100, 3)
        self._stats[node.mem_id] = (score, text_length, link_length)
        return score, text_length, link_length

    # -- lead
    def lead(self, title_node: LexborNode | None) -> tuple[str, LexborNode | None]:
        """The sapo: an element named so after the title, else the heading that follows the title."""
        anchor = self.position(title_node)
        candidates: list[tuple[int, str, LexborNode]] = []
        for node in self.tree.css("[class], [id]"):
            if not _names_match(_LEAD_CLASS, _classes(node)):
                continue
            if node.tag in ("meta", "a") or (title_node is not None and node.mem_id == title_node.mem_id):
                continue
            text = self._lead_text(node)
            if len(text) < 30 or (_DATETIME_PATTERNS[0].search(text[:60]) and len(text) < 120):
                continue
            position = self.position(node)
            if anchor >= 0 and position < anchor:
                continue
            candidates.append((position, text, node))
        if title_node is not None and not candidates:
            # The heading right after the title ("<h1>…</h1><h2>sapo</h2>").
            follower = title_node.next
            steps = 0
            while follower is not None and steps < 6:
                text = node_text(follower)
                if (
                    follower.tag in ("h2", "h3", "p", "strong", "b")
                    and len(text) >= 60
                    and not _HAS_DATE.match(text)
                ):
                    candidates.append((self.position(follower), self._lead_text(follower), follower))
                    break
                if len(text) >= MIN_BODY_LENGTH:
                    break  # past the body: a line after it (a long signature) is no sapo
                follower = follower.next
                steps += 1
        if candidates:
            _position, text, node = min(candidates, key=lambda item: item[0])
            return text, node
        return "", None

    def _lead_text(self, node: LexborNode) -> str:
        """The lead's text without the related-article links and player labels set inside it."""
        parts: list[str] = []
        for child in node.iter(include_text=True):
            if child.tag == "a" and _RELATED_PREFIX.match(node_text(child) or ""):
                break  # ">> related article" links end the lead
            if child.tag != "-text" and (_is_furniture(child) or child.tag in ("script", "style")):
                continue
            if child.tag == "-text":
                text = child.text_content or ""
                if _RELATED_PREFIX.match(text) and len(text.strip()) > 3:
                    break
                parts.append(text)
            elif child.tag == "br":
                parts.append(" ")
            else:
                parts.append(" " + node_text(child) + " ")
        text = clean("".join(parts))
        text = _RELATED_TAIL.sub("", text)
        text = _AUDIO_TEXT.sub("", text)
        return clean(text)

    # -- body
    def blocks(self, container: LexborNode, skip: list[LexborNode | None]) -> list[Block]:
        skip_ids = {node.mem_id for node in skip if node is not None}
        blocks: list[Block] = []
        self._walk(container, blocks, skip_ids)
        return blocks

    def lines_after(self, container: LexborNode, skip: list[LexborNode | None]) -> list[Block]:
        """The first few lines that follow the body block in the page (a byline may stand there).

        Following siblings of the block, then of its parent and so on (a table-laid-out page
        signs in the next row: td → tr → the next tr), a few levels up at most.
        """
        skip_ids = {node.mem_id for node in skip if node is not None}
        blocks: list[Block] = []
        node: LexborNode | None = container
        for _level in range(AFTER_BODY_LEVELS):
            if node is None or node.tag in ("body", "html"):
                break
            sibling = node.next
            while sibling is not None and len(blocks) < AFTER_BODY_LINES:
                if sibling.tag == "-text":
                    if text := clean(sibling.text_content):
                        blocks.append(Block("paragraph", text))
                elif sibling.mem_id not in skip_ids and not sibling.tag.startswith("-"):
                    self._walk_children(node.parent or sibling, [sibling], blocks, skip_ids)
                sibling = sibling.next
            if len(blocks) >= AFTER_BODY_LINES:
                break
            node = node.parent
        return blocks[:AFTER_BODY_LINES]

    def _walk(self, node: LexborNode, blocks: list[Block], skip_ids: set[int]) -> None:
        self._walk_children(node, node.iter(include_text=True), blocks, skip_ids)

    def _walk_children(self, node: LexborNode, children, blocks: list[Block], skip_ids: set[int]) -> None:
        """Blocks of *children* (nodes of *node*, which aligns their loose text)."""
        inline: list[str] = []
        styled: list[int] = [0]  # characters of the pending paragraph inside <b>/<i>/<strong>/<em>

        def flush() -> None:
            raw = "".join(inline)
            text = clean(raw)
            inline.clear()
            if text:
                emphasized = styled[0] >= 0.8 * len(raw.strip())
                blocks.append(_styled_block("paragraph", text, _alignment(node), emphasized))
            styled[0] = 0

        for child in children:
            if child.mem_id in skip_ids:
                flush()
                continue
            tag = child.tag
            if tag == "-text":
                inline.append(child.text_content or "")
            elif tag == "br":
                flush()
            elif tag == "img":
                flush()
                image = self._image(child)
                if image is not None:
                    blocks.append(Block("image", image=image))
            elif tag in INLINE_TAGS and not child.css_first("img, p, div, table, br"):
                parts: list[str] = []
                _collect_text(child, parts)
                piece = "".join(parts)
                inline.append(piece)
                if tag in _EMPHASIS_TAGS or child.css_first("b, strong, i, em"):
                    styled[0] += len(piece.strip()) if tag in _EMPHASIS_TAGS else _emphasized_length(child)
            elif tag in PARAGRAPH_TAGS and not child.css_first("img, p, div, table"):
                flush()
                text = node_text(child)
                if text:
                    emphasized = _emphasized_length(child) >= 0.8 * len(text)
                    kind = "heading" if tag in HEADING_TAGS else "paragraph"
                    blocks.append(_styled_block(kind, text, _alignment(child), emphasized))
            elif tag.startswith("-") or tag in ("script", "style"):
                continue
            else:
                flush()
                self._walk(child, blocks, skip_ids)
        flush()

    def _image(self, node: LexborNode) -> ImageRef | None:
        attributes = node.attributes
        src = (
            attributes.get("data-src") or attributes.get("data-original") or attributes.get("src") or ""
        ).strip()
        if not src or src.startswith("data:"):
            return None
        for dimension in (attributes.get("width") or "", attributes.get("height") or ""):
            if dimension.isdigit() and int(dimension) < MIN_IMAGE_SIZE:
                return None  # icons, spacers, share buttons
        if _ICON_SRC.search(src):
            return None
        alt = clean(attributes.get("alt") or attributes.get("title") or "")
        if similar(alt, self.title_text, 0.8):
            alt = ""  # every picture "described" by the headline describes none
        return ImageRef(src=src, alt=alt)


def _is_caption_of(block: Block, previous: Block | None) -> bool:
    if block.kind != "paragraph" or previous is None or previous.image is None or previous.image.caption:
        return False
    if similar(block.text, previous.image.alt, 0.8):
        return True  # the line repeats the picture's description
    return len(block.text) <= CAPTION_MAX_LENGTH and not block.text.endswith((".", "!", "?", "…"))


def attach_captions(blocks: list[Block]) -> list[Block]:
    """A short line right after an image is its caption (old portals put it in the next table row)."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if _is_caption_of(block, previous):
            previous.image.caption = block.text
            continue
        out.append(block)
    return out


def _strip_furniture_lines(blocks: list[Block], title: str, lead: str, section: list[str]) -> list[Block]:
    out: list[Block] = []
    crumbs = {_folded(crumb) for crumb in section}
    for block in blocks:
        if block.kind == "image":
            if any(existing.image is not None and existing.image.src == block.image.src for existing in out):
                continue
            out.append(block)
            continue
        text = _AUDIO_TEXT.sub("", block.text).strip()
        if not text or _FURNITURE_LINE.match(text) or _RELATED_PREFIX.match(text) or _folded(text) in crumbs:
            continue
        if len(text) <= 80 and any(pattern.fullmatch(text.strip(" ()|")) for pattern in _DATETIME_PATTERNS):
            continue  # the dateline
        if (title and _folded(text) == _folded(title)) or similar(text, lead, 0.9):
            continue
        if lead and len(text) >= 30 and _folded(text) in _folded(lead):
            continue  # the end of the lead, repeated where the body starts
        if out and out[-1].kind != "image" and out[-1].text == text:
            continue
        block.text = text
        out.append(block)
    return out


# --- bylines -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Byline:
    author: str = ""
    credit: str = ""
    photo_credit: str = ""
    #: What the page prints after the name: "CTV", "Trung tâm Văn hóa huyện".
    role: str = ""


def _looks_like_name(text: str) -> bool:
    """A person's name or initials: a few capitalised words, no digits ("Minh Nguyễn", "H.V.", "SONG MAI")."""
    words = text.replace(",", " ").split()
    if not 1 <= len(words) <= 6 or len(text) > 60 or any(char.isdigit() for char in text):
        return False
    return all(_NAME_WORD.match(word) or word in ("-", "–", "&", "và") for word in words)


# What a signature may print after the name: a reporter's role or the unit the writer works
# in ("Nguyễn Văn A - Trung tâm Văn hóa huyện", "Lê B (CTV)"). A name after the dash is a second
# author ("Quang Phong - Tùng Nguyên"), and "Đoàn", "Trường" are also names: so the tail is a
# role only when it opens with one of these words and is either not name-like or an abbreviation.
_ROLE_WORDS = re.compile(
    r"^(?:phóng viên|pv|nhóm pv|cộng tác viên|ctv|biên tập viên|btv|thông tin viên|ttv|trung tâm|"
    r"phòng|ban|văn phòng|ubnd|hđnd|ủy ban|uỷ ban|hội|đoàn|sở|trường|công an|đài|cơ quan|chi cục|cục|"
    r"viện|học viện|bệnh viện|huyện ủy|huyện uỷ|thành ủy|thành uỷ|tỉnh ủy|tỉnh uỷ|đảng ủy|đảng uỷ|mặt trận|"
    r"mttq|xã|phường|thị trấn|huyện|giáo viên|học sinh|sinh viên|bác sĩ)(?=$|[\s,.:)-])",
    re.I,
)
_ROLE_ABBREVIATION = re.compile(r"^(?:PV|CTV|BTV|TTV)$")
_ROLE_TAIL = re.compile(
    r"^(?P<name>[^()]+?)\s*(?:\((?P<bracketed>[^()]+)\)|\s[-–]\s+(?P<dashed>.+)|,\s*(?P<comma>.+))$"
)
# Labels before the name; they say what the writer did, nothing about who it is.
_ROLE_LABEL = re.compile(
    r"^(?:(?:tin(?:,)? ảnh|bài(?:,)? ảnh|bài và ảnh|bài|tin|thực hiện|tác giả|người viết)\s*:\s*|"
    r"(?:nhóm phóng viên|nhóm pv|phóng viên|pv|cộng tác viên|ctv)\s*:?\s+)",
    re.I,
)


def _split_role(text: str) -> tuple[str, str]:
    """(name, role) of a signature line: "Nguyễn Văn A - Trung tâm Văn hóa huyện" → the name and the unit."""
    match = _ROLE_TAIL.match(text.strip())
    if match is None:
        return text.strip(), ""
    name = match["name"].strip()
    tail = (match["bracketed"] or match["dashed"] or match["comma"]).strip()
    if not _looks_like_name(name) or not _ROLE_WORDS.match(tail):
        return text.strip(), ""
    if _looks_like_name(tail) and not _ROLE_ABBREVIATION.match(tail):
        return text.strip(), ""  # "Nguyễn Văn A - Đoàn Thị B": two authors
    return name, tail


def parse_byline(text: str) -> Byline:
    """``Byline(author, credit, photo credit, role)`` from a signature line as portals print it.

    ``Theo K14`` is a credit; ``Theo Sầm Hoa (Vietnamnet/Reuters)`` and ``Minh Nguyễn/Vcamp.vn``
    name an author and a source; ``H.V. (ảnh: Misso)`` an author and a photographer;
    ``Lê Minh (CTV)`` and ``Lê Minh - Phòng Văn hóa huyện`` an author and a role.
    """
    text = _unbracketed(clean(_VOTES.sub("", text)))
    photo = ""
    if match := _PHOTO_CREDIT.search(text):
        photo = clean(match["who"])
        text = clean(text[: match.start()] + text[match.end() :])
    text = _strip_role(text)
    name, role = _split_role(text)
    if role:
        return Byline(name, "", photo, role)
    credit_only = False
    if match := _CREDIT.match(text):
        text, credit_only = match["rest"].strip(), True
    author, credit = text, ""
    if match := re.match(r"^(?P<name>[^()/]+?)\s*\((?P<source>[^()]+)\)$", text):
        author, credit = match["name"].strip(), match["source"].strip()
        credit_only = False
    elif "/" in text and not text.startswith("/"):
        name, _, source = text.partition("/")
        if _looks_like_name(name.strip()):
            author, credit, credit_only = name.strip(), source.strip(), False
    if credit_only:
        return Byline("", author.strip(" .-"), photo)
    credit = re.sub(r"^(?:theo|nguồn)\s*:?\s*", "", credit, flags=re.I)
    return Byline(author.strip(" -"), credit, photo)


def _signature_line(block: Block) -> bool:
    """A short line that can be a byline: a name, "Theo X", "Name (ảnh: Y)", set apart.

    Never a centred line: portals set a signature flush right or in the text's flow, while
    centred bold lines are headings, slogans and captions ("CHÚC MỪNG NĂM MỚI"). Never a
    bare "Ảnh: X" (who took the pictures, not who wrote), nor a name with an honorific
    ("Ông Phạm Quốc Hưng": the caption of a portrait; nobody signs as "Ông").
    """
    text = _VOTES.sub("", block.text).strip()
    if block.kind == "image" or not text or len(text) > 90 or block.align == "center":
        return False
    if _is_credit(text):
        return True
    if _PHOTO_LINE.match(text) or _HONORIFIC.match(text):
        return False
    core = _PHOTO_CREDIT.sub("", text).strip()
    core = _split_role(_strip_role(core))[0]
    core = re.sub(r"\s*\([^()]*\)\s*$", "", core).strip()
    return bool(core) and _looks_like_name(core) and (block.signature_style or len(core.split()) <= 4)


def _is_credit(text: str) -> bool:
    """ "Theo K14", "Nguồn: TTXVN", "(Theo Báo Miền Núi)" (not "Theo dòng sự kiện:")."""
    text = _unbracketed(text)
    match = _CREDIT.match(text)
    if match is None or text.rstrip().endswith(":") or len(text) > 90:
        return False
    rest = match["rest"].strip()
    return rest[:1].isupper() or rest[:1].isdigit()


def _unbracketed(text: str) -> str:
    text = text.strip()
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        return text[1:-1].strip()
    return text


_PHOTO_LINE = re.compile(r"^(?:ảnh|photo|video|clip)\s*:\s*(?P<who>.+)$", re.I)
# How a caption or a text names a person; a writer signs without it. ("Anh" is left out: "Anh
# Thư", "Anh Vũ" are common pen names; so are degrees and ranks: "PGS.TS Lê Minh" signs op-eds.)
_HONORIFIC = re.compile(r"^(?:ông|bà|chị|cụ|đồng chí|đ/c)(?=[\s.,])", re.I)


def _credit_line(block: Block) -> bool:
    """A line that continues a signature: "Forbes", "Theo TTXVN", "(Theo Báo X)", "Ảnh: Misso"."""
    text = block.text.strip()
    if block.kind == "image" or len(text) > 60 or block.align == "center":
        return False
    if _PHOTO_LINE.match(text) or _is_credit(text):
        return True
    return block.signature_style and _looks_like_name(text.rstrip("."))


def _captions_picture(blocks: list[Block], index: int) -> bool:
    """The line right after a picture repeats the picture's description: its caption, not a byline.

    (Position alone decides nothing: portals sign right under the last picture too.)
    """
    previous = blocks[index - 1] if index > 0 else None
    if previous is None or previous.image is None or not previous.image.alt:
        return False
    text, alt = blocks[index].text, previous.image.alt
    return _folded(text) in _folded(alt) or similar(text, alt, 0.8)


def _signature_group(blocks: list[Block], lines: list[int]) -> Byline:
    """The byline of consecutive signature lines: the first names the author, the rest add credits."""
    group = [lines[0]]
    for index in lines[1:]:
        if index == group[-1] + 1:
            group.append(index)
    byline = parse_byline(blocks[group[0]].text)
    credits, photo = [byline.credit], byline.photo_credit
    for index in group[1:]:
        line = _unbracketed(blocks[index].text)
        if match := _PHOTO_LINE.match(line):
            photo = photo or match["who"].strip()
        else:
            credits.append(_CREDIT.sub(r"\g<rest>", line).strip())
    return Byline(byline.author, " / ".join(part for part in credits if part), photo, byline.role)


def _continued(blocks: list[Block], first: int) -> list[int]:
    """*first* and the credit lines right after it."""
    lines = [first]
    while lines[-1] + 1 < len(blocks) and _credit_line(blocks[lines[-1] + 1]):
        lines.append(lines[-1] + 1)
    return lines


def find_byline(
    reader: PageReader, blocks: list[Block], after: Sequence[Block] = ()
) -> tuple[Byline, int | None]:
    """The byline, and the index of the first body block it takes (the body ends before it).

    Searched from the end of the body back to the last long paragraph: the signature
    lines portals set in bold or to the right ("Tin, ảnh: Vũ Phương Thảo", "Papai",
    "Theo Minh Nguyễn/Vcamp.vn" + "Forbes"); else the first line *after* the body block
    (``after``) when it is set right-aligned and bold; else the poster a forum package's
    article header names; else an element named author/byline/source.
    """
    lines: list[int] = []
    # Forward: the first signature line after the article has begun; what follows it is
    # the page's furniture (related lists, comments) that the main block still held.
    seen_text = 0
    for index, block in enumerate(blocks):
        if block.kind == "image":
            continue
        if (
            seen_text >= 200
            and _signature_line(block)
            and (block.signature_style or _is_credit(block.text))
            and not _captions_picture(blocks, index)
        ):
            lines = _continued(blocks, index)
            break
        seen_text += len(block.text)
    if not lines:
        for index in range(len(blocks) - 1, max(len(blocks) - 12, -1), -1):
            block = blocks[index]
            if block.kind == "image":
                continue
            if _captions_picture(blocks, index):
                break  # a caption: what stands before the picture is body text
            if _signature_line(block):
                lines.insert(0, index)
                continue
            if lines or len(block.text) >= 120:
                break
    if lines:
        return _signature_group(blocks, lines), lines[0]
    # Outside the body block: old portals close the article with a right-aligned bold name
    # in the next table row or a sibling <div align="right">. Only the first line after the
    # body counts, and only when set both ways: short capitalised bold lines are everywhere
    # in a page's chrome (box titles, menu entries); flush right and bold, they sign the text.
    following = [block for block in after if block.kind != "image"]
    if (
        following
        and following[0].align == "right"
        and following[0].emphasized
        and _signature_line(following[0])
    ):
        return _signature_group(following, _continued(following, 0)), None
    if reader.forum_poster:
        return Byline(reader.forum_poster), None
    scope = reader.tree.body
    for node in scope.css("[class], [id]") if scope is not None else ():
        if not _names_match(_AUTHOR_CLASS, _classes(node)):
            continue
        text = node_text(node)
        if 2 <= len(text) <= 100:
            return parse_byline(text), None
    author = reader.meta.get("author") or reader.meta.get("article:author") or ""
    if author and _looks_like_name(author) and "." not in author:
        return Byline(author), None
    return Byline(), None


def _strip_role(text: str) -> str:
    """ "Tin, ảnh: Vũ Phương Thảo", "Phóng viên Lê Minh" → the name (the labels before it)."""
    return _ROLE_LABEL.sub("", text.strip())


# --- entry point -------------------------------------------------------------------------------
def extract(html: str, url: str | None = None) -> Extraction:
    """Everything this module can read from one page."""
    reader = PageReader(html, url)
    title, title_node = reader.title()
    reader.title_text = title
    published_at, published_text = reader.published(title_node)
    section = reader.section(title)
    lead, lead_node = reader.lead(title_node)
    # A forum CMS's article header (poster, "Published on …") is read like the title, not as body.
    heading = [title_node, lead_node, reader.forum_article_header]
    reader.drop_furniture(heading)
    container = reader.main_container()
    blocks: list[Block] = []
    if container is not None:
        blocks = reader.blocks(container, heading)
        blocks = _strip_furniture_lines(blocks, title, lead, section)
    body_length = sum(len(block.text) for block in blocks)
    page_type = reader.page_type(title_node, container, body_length, bool(lead))
    if page_type != ARTICLE:
        reason = "diễn đàn" if page_type == FORUM else "trang chủ hoặc trang danh sách, không có bài"
        return Extraction(page_type, title=title or reader.html_title, reason=reason)
    after = _strip_furniture_lines(reader.lines_after(container, heading), title, lead, section)
    byline, byline_index = find_byline(reader, blocks, after)
    if byline_index is not None:
        blocks = blocks[:byline_index]
    blocks = attach_captions(blocks)
    description = reader.meta.get("description") or reader.meta.get("og:description", "")
    if not lead:
        lead, blocks = _lead_from_body(blocks, description)
    if not lead and len(description) >= 60 and similarity(description, title) < 0.8:
        lead = description  # the page shows no sapo of its own; its description is the sapo
    return Extraction(
        ARTICLE,
        title=title,
        published_at=published_at,
        published_text=published_text,
        byline=byline.author,
        byline_role=byline.role,
        credit=byline.credit,
        photo_credit=byline.photo_credit,
        section=section,
        lead=lead,
        blocks=blocks,
    )


def _lead_from_body(blocks: list[Block], description: str) -> tuple[str, list[Block]]:
    """Without a marked lead: the first paragraph when the page's description repeats it."""
    for index, block in enumerate(blocks[:3]):
        if (
            block.kind == "paragraph"
            and description
            and similarity(block.text[: len(description)], description) > 0.85
        ):
            return block.text, blocks[:index] + blocks[index + 1 :]
    return "", blocks
