"""What readers see: approved comments only, escaped, in order, counted; nothing personal anywhere."""

from __future__ import annotations

import itertools
import re
from datetime import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from conftest import sitemap_paths
from toasoan.accounts.testing import login_verified
from toasoan.articles.services import listing
from toasoan.comments.models import Comment, CommentStatus
from toasoan.comments.services import moderation, public
from toasoan.vntext.dates import VIETNAM_TZ

XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">bấm</a>',
    "</textarea><script>alert(1)</script>",
    "{{ request.META }}{% debug %}",
    "<iframe src=//evil.example></iframe>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<img src="x" onerror="alert(\'Xin chào\')">',
    "'';!--\"<XSS>=&{()}",
    "<body onload=alert(1)>",
    "<style>body{display:none}</style>",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
]


def _escaped(text: str) -> str:
    from django.utils.html import escape

    return escape(text)


DANGEROUS = re.compile(r"<(script|img|svg|iframe|body|style|a href=\"javascript|xss)\b", re.I)


@pytest.fixture
def article_page_with_comments(tmp_path, settings):
    """The article page with the one include line the lead adds to pages/article_page.html."""
    folder = tmp_path / "templates" / "pages"
    folder.mkdir(parents=True)
    (folder / "article_page.html").write_text(
        '{% extends "pages/article_page.html" %}\n'
        '{% block comments %}{% include "comments/article_comments.html" %}{% endblock %}\n',
        encoding="utf-8",
    )
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0] = {**templates[0], "DIRS": [tmp_path / "templates", *templates[0]["DIRS"]]}
    settings.TEMPLATES = templates
    return tmp_path


@pytest.fixture
def make_comment(article):
    def make(**fields) -> Comment:
        fields.setdefault("name", "Đỗ Văn Dũng")
        fields.setdefault("title", "Ý kiến")
        fields.setdefault("content", "Nội dung")
        fields.setdefault("page", article)
        fields.setdefault("status", CommentStatus.APPROVED)
        return Comment.objects.create(**fields)

    return make


def _render(article) -> str:
    return render_to_string("comments/article_comments.html", {"page": article})


def test_only_approved_comments_are_public(article, make_comment):
    for status in CommentStatus.values:
        make_comment(status=status, title=f"Tiêu đề {status}")
    html = _render(article)
    assert "Tiêu đề approved" in html
    for hidden in ("pending", "rejected", "spam"):
        assert f"Tiêu đề {hidden}" not in html
    assert "1 bình luận" in html


def test_oldest_first_with_name_title_time_content_and_reply(article, make_comment, moderator):
    make_comment(
        title="Thứ hai",
        created_at=datetime(2020, 9, 16, 17, 0, tzinfo=VIETNAM_TZ),
        content="Dòng một\nDòng hai",
    )
    first = make_comment(
        title="Thứ nhất", name="Vũ Thị Em", created_at=datetime(2020, 9, 16, 16, 20, tzinfo=VIETNAM_TZ)
    )
    moderation.reply(first, moderator, "Ban biên tập cảm ơn bạn.")
    html = _render(article)
    assert html.index("Thứ nhất") < html.index("Thứ hai")
    assert '<time datetime="2020-09-16T16:20:00+07:00">16:20 16/09/2020</time>' in html
    assert "Vũ Thị Em" in html
    assert "<p>Dòng một<br>Dòng hai</p>" in html
    reply = html[html.index("Trả lời của Ban biên tập") :]
    assert "Ban biên tập cảm ơn bạn." in reply
    assert html.index("Trả lời của Ban biên tập") < html.index("Thứ hai")  # under its own comment


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_escaped_in_every_field(
    client, article, valid_data, write_url, moderator, payload, clock
):
    response = client.post(
        write_url,
        valid_data(name=payload[:100], title=payload, content=f"{payload}\n{payload}"),
        REMOTE_ADDR="192.0.2.9",
    )
    assert response.status_code == 303
    comment = Comment.objects.get()
    moderation.approve(comment, moderator)
    moderation.reply(comment, moderator, payload)
    html = _render(article)
    listed = html[html.index('<ol class="comment-list">') : html.index("</ol>")]
    assert not DANGEROUS.search(listed), listed
    assert _escaped(payload) in listed
    if any(char in payload for char in "<>\"'&"):
        assert payload not in html
    login_verified(client, moderator)
    for url in ("/admin/binh-luan/?status=all", f"/admin/binh-luan/{comment.pk}/"):
        page = client.get(url).content.decode()
        if any(char in payload for char in "<>\"'&"):
            assert payload not in page, url
        assert _escaped(payload) in page, url


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_escaped_when_the_form_is_shown_again(
    client, article, valid_data, write_url, payload
):
    response = client.post(
        write_url, valid_data(name=payload, title=payload, content=payload, captcha="x", phone=payload)
    )
    assert response.status_code == 400
    html = response.content.decode()
    form = html[html.index("<form") : html.index("</form>")]
    assert not DANGEROUS.search(form.replace('<img class="captcha__image"', "")), form
    if any(char in payload for char in "<>\"'&"):
        assert payload not in html


def test_approved_comments_in_one_query(article, make_comment, django_assert_num_queries):
    for index in range(12):
        make_comment(title=f"Bình luận {index}", reply_text="Trả lời")
    with django_assert_num_queries(1):
        html = _render(article)
    assert html.count('class="comment"') == 12


def test_public_query_never_loads_personal_fields(article, make_comment):
    make_comment(phone="+84912345678", ip_hash="a" * 64, user_agent="UA")
    with CaptureQueriesContext(connection) as queries:
        comments = public.approved_comments(article)
    sql = queries.captured_queries[0]["sql"]
    for column in ("phone", "ip_hash", "user_agent", "consent", "search_key"):
        assert column not in sql
    assert comments[0].title == "Ý kiến"


def test_comment_count_annotation_for_listings(
    article, other_article, make_comment, django_assert_num_queries
):
    make_comment()
    make_comment()
    make_comment(status=CommentStatus.PENDING)
    make_comment(page=other_article, status=CommentStatus.SPAM)
    with django_assert_num_queries(1):
        articles = list(listing.articles(images=False).annotate(comment_count=public.approved_count()))
    counts = {a.pk: a.comment_count for a in articles}
    assert counts == {article.pk: 2, other_article.pk: 0}
    assert public.comment_count(articles[0]) in (0, 2)  # uses the annotation, no query
    # Window queries (latest_by_section) keep working with it.
    home = article.get_parent().get_parent()
    grouped = listing.latest_by_section(home, 5)
    assert sum(len(items) for items in grouped.values()) == 2


def test_comment_count_tag(article, make_comment):
    make_comment()
    rendered = Template("{% load comments_tags %}{% comment_count page %}").render(Context({"page": article}))
    assert rendered == "1"


def test_article_page_with_comments_stays_cacheable(
    client, article, make_comment, article_page_with_comments
):
    make_comment(title="Đã duyệt và hiện", phone="+84912345678", ip_hash="f" * 64)
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã duyệt và hiện" in html  # the include is in place
    # No per-reader token, code or cookie in the cached page.
    assert "csrfmiddlewaretoken" not in html and "captcha" not in html.lower()
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    # Without JavaScript, a plain link to the full-page form; with it, the form's uncached URL.
    assert f'href="/binh-luan/viet/{article.pk}/"' in html and ">Viết bình luận</a>" in html
    assert f'data-comment-form-url="/binh-luan/form/{article.pk}/"' in html


def test_article_page_with_comments_queries_do_not_grow(
    client, article, make_comment, article_page_with_comments
):
    make_comment()
    client.get(article.url)
    with CaptureQueriesContext(connection) as few:
        client.get(article.url)
    for index in range(15):
        make_comment(title=f"Thêm {index}", reply_text="Đã trả lời")
    with CaptureQueriesContext(connection) as many:
        html = client.get(article.url).content.decode()
    assert html.count('class="comment"') == 16
    assert len(many.captured_queries) == len(few.captured_queries)


def test_article_page_structure_with_comments(client, article, make_comment, article_page_with_comments):
    make_comment()
    html = client.get(article.url).content.decode()
    headings = [int(level) for level in re.findall(r"<h([1-6])", html)]
    for previous, current in itertools.pairwise(headings):
        assert current <= previous + 1, headings
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    section = html[html.index('id="binh-luan"') :]
    assert section.index('<h2 class="block-heading" id="binh-luan-tieu-de">Bình luận</h2>') < section.index(
        'class="comment-list"'
    )


PHONE_SPELLINGS = ("+84912345678", "0912345678", "0912 345 678", "912345678", "84912345678")


def test_phone_ip_hash_and_consent_never_public(
    client, article, make_comment, article_page_with_comments, moderator
):
    comment = make_comment(
        title="Ý kiến có số điện thoại",
        content="Nội dung riêng để tìm",
        phone="+84912345678",
        ip_hash="0123456789abcdef" * 4,
        user_agent="TrinhDuyetRiengTu/1.0",
        phone_consent_notice="2025-07-v1",
    )
    moderation.reply(comment, moderator, "Đã liên hệ")
    urls = [
        article.url,
        f"{article.url}in/",
        f"{article.url}tai-ve/",
        "/",
        article.get_parent().url,
        "/rss/",
        f"{article.get_parent().url}rss/",
        *sitemap_paths(client),
        "/sitemap-news.xml",
        # (search pages echo their query, so they are asked for the comment's words, not its number)
        "/tim-kiem/?q=Nội+dung+riêng",
        "/tim-kiem/?q=Ý+kiến+có+số+điện+thoại",
        "/tim-kiem.json?q=Nội+dung+riêng",
        "/tim-kiem/goi-y.json?q=Ý+kiến",
        "/opensearch.xml",
    ]
    for url in urls:
        body = client.get(url).content.decode("utf-8", "replace")
        for secret in (*PHONE_SPELLINGS, comment.ip_hash, "TrinhDuyetRiengTu", "2025-07-v1"):
            assert secret not in body, (url, secret)


def test_write_page_is_accessible(client, article):
    html = client.get(f"/binh-luan/viet/{article.pk}/").content.decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert re.findall(r"<h([1-6])", html)[0] == "1" and re.findall(r"<h([1-6])", html).count("1") == 1
    for img in re.findall(r"<img[^>]*>", html):
        assert re.search(r'alt="[^"]+"', img), img
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert src.startswith(("/", "#")), src  # nothing from another host


def test_comment_list_tag_ignores_missing_article():
    from toasoan.comments.templatetags.comments_tags import approved_comments

    assert approved_comments(None) == []


@override_settings(COMMENTS_PRIVACY_CONTACT="bbt@example.gov.vn")
def test_privacy_contact_is_shown_next_to_the_phone(client, article):
    html = client.get(f"/binh-luan/form/{article.pk}/").content.decode()
    assert "bbt@example.gov.vn" in html


def test_request_factory_render_without_request(article, make_comment):
    make_comment()
    request = RequestFactory().get("/")
    assert "Ý kiến" in render_to_string("comments/article_comments.html", {"page": article}, request=request)


# ---------------------------------------------------------------------------------------------
# Directional controls: stripped from what readers send, and readers' words isolated wherever shown.

RLO = "\u202e"  # right-to-left override: unclosed, it prints what follows backwards
BIDI_NAME = f"Trần Thị Bích{RLO}"


def test_directional_controls_are_stripped_from_what_readers_send(client, article, valid_data, write_url):
    response = client.post(
        write_url,
        valid_data(
            name=BIDI_NAME,
            title=f"\u2067Ý kiến\u2069 về{chr(0x200F)} giao thông\u202a",
            content=f"Dòng một{RLO}\ne\u202d\u0301 \u061cdòng hai\u200e\u202c",
        ),
    )
    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.name == "Trần Thị Bích"
    assert comment.title == "Ý kiến về giao thông"
    assert comment.content == "Dòng một\né dòng hai"  # the tone mark joins its letter once the control goes


def _isolated(html: str) -> None:
    assert f"<bdi>{RLO}Góp ý</bdi>" in html  # the title
    assert f"{BIDI_NAME}</bdi>" in html  # the name: the override ends with its element
    assert re.search(r'dir="auto"[^>]*>\s*(<p>)?Nội dung có \u202e', html)  # the text


def test_readers_words_are_isolated_in_the_public_list(article, make_comment):
    # Stored before the form stripped controls (or by any other way in): the page still holds them in.
    make_comment(name=BIDI_NAME, title=f"{RLO}Góp ý", content=f"Nội dung có {RLO}đảo chiều")
    html = _render(article)
    _isolated(html)
    meta = re.search(r'<p class="comment__meta">(.*?)</p>', html).group(1)
    # The name is a closed isolate before the time: the time keeps its own direction.
    assert meta.index("</bdi>") < meta.index("<time")
    assert meta.startswith('<bdi class="comment__author">')
    assert '<div class="comment__content" dir="auto">' in html


def test_readers_words_are_isolated_in_the_moderation_views(client, article, make_comment, moderator):
    comment = make_comment(
        name=BIDI_NAME,
        title=f"{RLO}Góp ý",
        content=f"Nội dung có {RLO}đảo chiều",
        status=CommentStatus.PENDING,
    )
    login_verified(client, moderator)
    for url in ("/admin/binh-luan/", f"/admin/binh-luan/{comment.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        _isolated(html)
        assert f"<bdi>{BIDI_NAME}</bdi>" in html, url
