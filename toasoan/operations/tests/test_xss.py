"""An XSS payload corpus through every field a reader sees: 0 unescaped.

Each payload, if it came through unescaped, would create an element, an attribute or a script
carrying the marker "xss" (or a javascript: URL). Pages are parsed as a browser's tokenizer would
(html.parser), and `injected()` lists any such element, attribute, event handler, javascript:
URL, or script/style text with the marker; JSON-LD must still parse as JSON. Feeds are parsed
as XML, and their descriptions – HTML for feed readers – are parsed again as HTML.

Fields: a comment's name, title and text after approval, and the newsroom's reply; the form
sent back with the reader's text (refused, or the database failing); the search query echoed
in the page and in the header's search box; article titles, leads, bylines and body text, both
typed by an editor and imported by the importer service (JSON lines, in test_xss_import.py: the
articles this module publishes once for all its tests would be on the pages it reads).
"""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils.html import escape

from conftest import new_article, new_section, site_home, sitemap_paths
from toasoan.comments.models import Comment
from toasoan.comments.services import moderation
from toasoan.comments.services.submit import Submission, create_comment

from .conftest import comment_data

PAYLOADS = [
    "<script>alert('xss')</script>",
    '<ScRiPt>alert("xss")</sCrIpT>',
    "\"><script>alert('xss')</script>",
    "'><script>alert('xss')</script>",
    "</title><script>alert('xss')</script>",
    "</textarea><script>alert('xss')</script>",
    "</script><script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    '<img src="x" onerror="alert(\'xss\')">',
    "\"><img src=x onerror=alert('xss')>",
    "<svg/onload=alert('xss')>",
    "<svg><script>alert('xss')</script></svg>",
    "<body onload=alert('xss')>",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('xss')</script>\"></iframe>",
    "<a href=\"javascript:alert('xss')\">xss</a>",
    "<a href=javascript:alert('xss')>bấm vào đây</a>",
    "<div style=\"background:url(javascript:alert('xss'))\">",
    "<input onfocus=alert('xss') autofocus>",
    "<details open ontoggle=alert('xss')>",
    "<marquee onstart=alert('xss')>tin nóng</marquee>",
    "<object data=\"javascript:alert('xss')\"></object>",
    "<embed src=\"javascript:alert('xss')\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')>",
    "<base href=\"javascript:alert('xss')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss\')">',
    "<form action=\"javascript:alert('xss')\"><button>Gửi</button></form>",
    "<button formaction=\"javascript:alert('xss')\">Gửi</button>",
    "<video><source onerror=\"alert('xss')\"></video>",
    '<xss-probe data-xss="1">Đánh dấu</xss-probe>',
    '" onmouseover="alert(\'xss\')" data-xss="',
    "' onmouseover='alert(1)' data-xss='",
    "javascript:alert('xss')",
    "<!--<img src=\"--><img src=x onerror=alert('xss')//\">",
    "<scr<script>ipt>alert('xss')</script>",
    "&lt;script&gt;alert('xss')&lt;/script&gt;",
    "%3Cscript%3Ealert('xss')%3C/script%3E",
    "{{ '<script>alert(\"xss\")</script>'|safe }}{% debug %}",
    "<style>@import 'javascript:alert(\"xss\")';</style>",
    "<link rel=stylesheet href=\"javascript:alert('xss')\">",
    "\\u003cscript\\u003ealert('xss')\\u003c/script\\u003e",
    "<svg><animate onbegin=alert('xss') attributeName=x dur=1s>",
]
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
    "codebase",
}
MARKER = "xss"


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._raw: tuple[str, str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        if MARKER in tag:
            self.found.append(f"element <{tag}>")
        attributes = dict(attrs)
        for name, value in attrs:
            text = re.sub(r"\s", "", value or "").lower()
            if MARKER in name or name.startswith("on") or name == "srcdoc":
                self.found.append(f"attribute {name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and text.startswith("javascript:"):
                self.found.append(f"javascript: URL in {name}= on <{tag}>")
            elif name == "style" and "javascript:" in text:
                self.found.append(f"javascript: in style= on <{tag}>")
            elif tag == "meta" and name == "content" and "http-equiv" in attributes and "javascript:" in text:
                self.found.append("meta refresh to javascript:")
        if tag in ("script", "style"):
            self._raw = (tag, (attributes.get("type") or "").lower(), [])

    def handle_data(self, data):
        if self._raw is not None:
            self._raw[2].append(data)

    def handle_endtag(self, tag):
        if self._raw is None or tag != self._raw[0]:
            return
        kind, script_type, parts = self._raw
        self._raw = None
        content = "".join(parts)
        if script_type == "application/ld+json":
            try:
                json.loads(content)
            except ValueError:
                self.found.append("JSON-LD broken open")
        elif MARKER in content.lower():
            self.found.append(f"{kind} text with the marker: {content[:80]!r}")


def injected(html: str) -> list[str]:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    if checker._raw is not None:  # a script or style opened and never closed: the page broke
        checker.found.append(f"unclosed <{checker._raw[0]}>")
    return checker.found


def injected_in_feed(xml: bytes) -> list[str]:
    root = ET.fromstring(xml)  # noqa: S314 (our own output)
    found = [f"XML element <{element.tag}>" for element in root.iter() if MARKER in element.tag.lower()]
    for element in root.iter("description"):
        found += injected(element.text or "")  # readers render an item's description as HTML
    return found


def test_the_checker_sees_every_payload_unescaped_and_none_escaped():
    """The instrument first: each payload raw is caught, each escaped is clean."""
    for payload in PAYLOADS:
        if payload.startswith(("javascript:", "&lt;", "%3C", "{{", "\\u003c", "<scr<")):
            continue  # dangerous only in a URL, through double decoding, or past a naive filter
        if not payload.startswith(('" on', "' on")):  # those break out of attributes only
            assert injected(f"<p>{payload}</p>"), payload
        if payload.startswith('"'):  # made to break out of a double-quoted attribute
            assert injected(f'<input value="{payload}">'), payload
        assert injected(f"<p>{escape(payload)}</p>") == [], payload
        assert injected(f'<input value="{escape(payload)}">') == [], payload


def build_newsroom() -> tuple:
    section = new_section(site_home(), "Thời sự")
    articles = []
    for index, payload in enumerate(PAYLOADS):
        article = new_article(
            section,
            f"{payload} tin số {index}",
            published_at=f"08:{index:02d} 16/09/2025",
            lead=f"Sapo {payload}",
            byline=payload[:100],
            seo_title=payload[:255],
            search_description=payload,
            body=[("paragraph", f"<p>{escape(payload)}</p>")],
        )
        article.tags.add(f"chủ đề {index}")
        article.save_revision().publish()
        articles.append(article)
    return section, articles


@pytest.fixture(scope="module")
def built_newsroom(module_db):
    return module_db(build_newsroom)


@pytest.fixture
def newsroom(built_newsroom, db):
    """One article per payload, published once for the module."""
    return copy.deepcopy(built_newsroom)


def _page(client: Client, path: str, **params) -> str:
    response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


@pytest.mark.django_db
def test_article_titles_leads_and_bylines_are_escaped_everywhere(client, newsroom):
    section, articles = newsroom
    found = {}
    for article in articles:
        for path in (article.url, f"{article.url}in/"):
            found[path] = injected(_page(client, path))
    found["/"] = injected(_page(client, "/"))
    found[section.url] = injected(_page(client, section.url))
    found[f"{section.url}?trang=2"] = injected(_page(client, section.url, trang="2"))
    found["/chu-de/chu-de-1/"] = injected(_page(client, "/chu-de/chu-de-1/"))
    found["/tim-kiem/?q=tin"] = injected(_page(client, "/tim-kiem/", q="tin"))
    for hit in client.get("/tim-kiem.json", {"q": "tin"}).json()["results"]:
        found[f"json snippet of {hit['url']}"] = injected(hit["snippet"])
    found["/rss/"] = injected_in_feed(client.get("/rss/").content)
    found[f"{section.url}rss/"] = injected_in_feed(client.get(f"{section.url}rss/").content)
    for path in (*sitemap_paths(client), "/sitemap-news.xml"):
        ET.fromstring(client.get(path).content)  # noqa: S314 (still well-formed XML)
    assert {path: items for path, items in found.items() if items} == {}
    assert len(found) >= 2 * len(PAYLOADS) + 6


@pytest.mark.django_db
def test_search_query_echo_is_escaped(client, newsroom):
    found = {}
    for payload in PAYLOADS:
        html = _page(client, "/tim-kiem/", q=payload, tu=payload, den=payload, **{"chuyen-muc": payload})
        found[f"search {payload}"] = injected(html)
        # The header's search box echoes q on every page.
        found[f"header {payload}"] = injected(_page(client, newsroom[1][0].url, q=payload))
    assert {key: items for key, items in found.items() if items} == {}


@pytest.mark.django_db
def test_comments_after_approval_and_replies_are_escaped(client, newsroom, django_user_model):
    _, articles = newsroom
    article = articles[0]
    moderator = django_user_model.objects.create_superuser("kiemduyet", password="mat-khau-kiem-duyet-dai")
    for payload in PAYLOADS:
        comment = create_comment(
            article, Submission(name=payload[:100], title=payload[:200], content=f"{payload}\n{payload}")
        )
        moderation.ApproveCommentAction(comment, moderator).execute()
        moderation.ReplyToCommentAction(comment, moderator, text=payload).execute()
    assert Comment.objects.filter(status="approved").count() == len(PAYLOADS)
    html = _page(client, article.url)
    assert html.count("Trả lời của Ban biên tập") == len(PAYLOADS)  # every comment and reply is shown
    assert injected(html) == []
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html  # shown, as text


@pytest.mark.django_db
@pytest.mark.parametrize("fragment", [False, True], ids=["page", "script"])
def test_comment_form_sent_back_with_the_readers_text_is_escaped(client, newsroom, fragment):
    article = newsroom[1][0]
    headers = {"X-Requested-With": "XMLHttpRequest"} if fragment else {}
    for payload in PAYLOADS:
        data = comment_data(
            article.pk,
            name=payload[:100],
            title=payload[:200],
            content=payload,
            captcha="00000",
            phone=payload[:30],
        )
        response = client.post(f"/binh-luan/viet/{article.pk}/", data, headers=headers)
        assert response.status_code == 400
        assert injected(response.content.decode()) == [], payload
