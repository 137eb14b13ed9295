"""The demo's own pages: the five content pages and the links, clean Vietnamese, built once; the
personal-data policy says what the comments code really keeps, and for how long."""

from __future__ import annotations

import re
import unicodedata
from html import unescape

import pytest

from toasoan.comments.models import Comment
from toasoan.demo import pages
from toasoan.links.models import Link, LinkGroup, LinkIndexPage
from toasoan.links.services.urls import is_safe
from toasoan.sections.models import ContentPage

from .test_demo import BAD_CHARACTERS, OTHER_TONE_STYLE

#: Comment fields that hold nothing about the reader: the page, the moderators' work, keys
#: computed from the reader's own fields. Any other field must be named by the policy.
NOT_ABOUT_THE_READER = {
    "id", "page", "status", "held_reason", "search_key", "decided_by", "decided_at", "reply_text",
    "replied_by", "replied_at", "phone_erased_at",
}  # fmt: skip
TAG = re.compile(r"<[^>]+>")


def _text(html: str) -> str:
    main = html.split('id="noi-dung"', 1)[1].split("</main>", 1)[0]
    return " ".join(unescape(TAG.sub(" ", main)).split())


def _all_texts() -> list[str]:
    texts = [pages.AGENCY, pages.LINKS_TITLE, pages.LINKS_INTRO]
    specs = (pages.INTRODUCTION, pages.DUTIES, pages.CONTACT, pages.policy_spec(), pages.accessibility_spec())
    for spec in specs:
        texts += [spec.title, spec.lead]
        texts += [text for heading, paragraphs in spec.parts for text in (heading, *paragraphs)]
    for group in pages.GROUPS:
        texts += [group.title, *(text for link in group.links for text in (link.title, link.description))]
    return texts


def test_the_demo_texts_are_clean_vietnamese():
    for text in _all_texts():
        assert unicodedata.is_normalized("NFC", text), text
        assert not any(char in text for char in BAD_CHARACTERS), text
        assert not OTHER_TONE_STYLE.search(text), text
    assert all(is_safe(link.url) for group in pages.GROUPS for link in group.links)


@pytest.fixture
def demo_pages(home, settings):
    settings.COMMENTS_PHONE_RETENTION_DAYS = 47
    settings.COMMENTS_IP_RETENTION_DAYS = 19
    made = pages.ensure_pages(home, None)
    return home, made


def test_the_pages_and_links_are_made_once_under_the_home_page(client, demo_pages):
    home, made = demo_pages
    titles = list(ContentPage.objects.child_of(home).live().values_list("title", flat=True))
    assert titles == [
        "Giới thiệu",
        "Chức năng, nhiệm vụ",
        "Liên hệ",
        "Chính sách bảo vệ dữ liệu cá nhân",
        "Tuyên bố về khả năng tiếp cận",
    ]
    assert LinkIndexPage.objects.child_of(home).live().get().slug == "lien-ket"
    groups = list(LinkGroup.objects.values_list("title", flat=True))
    assert groups == ["Cổng thông tin các cơ quan", "Dịch vụ công"]
    assert Link.objects.filter(url="https://dichvucong.gov.vn").exists()
    assert made == 6 + Link.objects.count()
    assert pages.ensure_pages(home, None) == 0  # a second run makes nothing
    footer = client.get("/").content.decode().split('<footer class="site-footer">', 1)[1]
    for page in (*ContentPage.objects.child_of(home), LinkIndexPage.objects.get()):
        assert f'<a href="{page.url}">{page.title}</a>' in footer  # the crawl and readers reach them
    assert '<a href="https://dichvucong.gov.vn" rel="noopener">Cổng Dịch vụ công quốc gia</a>' in footer


def test_the_policy_names_every_field_kept_and_the_configured_retention(client, demo_pages):
    policy = ContentPage.objects.get(slug=pages.POLICY_SLUG)
    html = client.get(policy.url).content.decode()
    text = _text(html).lower()
    personal = [field for field in Comment._meta.concrete_fields if field.name not in NOT_ABOUT_THE_READER]
    named = {field.name for field in personal}
    assert named >= {"name", "phone", "ip_hash", "user_agent", "phone_consent_at"}
    for field in personal:  # each named in bold, where the policy says what is kept and how long
        assert f"<b>{field.verbose_name}</b>".lower() in html.lower(), f"not named: {field.name}"
    assert "tự động xóa 47 ngày sau khi bình luận được kiểm duyệt" in text  # COMMENTS_PHONE_RETENTION_DAYS
    assert "tự động xóa 19 ngày sau khi gửi" in text  # COMMENTS_IP_RETENTION_DAYS
    assert "không lưu địa chỉ ip" in text and "hết hạn sau 30 phút" in text  # CAPTCHA_TIMEOUT
    assert "cookie “tsr”" in text and "365 ngày" in text


def test_the_accessibility_statement_names_the_standard_the_gaps_and_where_to_report(client, demo_pages):
    statement = ContentPage.objects.get(slug=pages.ACCESSIBILITY_SLUG)
    html = client.get(statement.url).content.decode()
    text = _text(html)
    assert "Thông tư 26/2020/TT-BTTTT" in text and "WCAG 2.1" in text and "mức AA" in text
    assert "Những hạn chế đã biết" in text and "chưa được một tổ chức độc lập đánh giá" in text
    contact = ContentPage.objects.get(slug=pages.CONTACT_SLUG)
    assert f'<a href="{contact.url}">trang Liên hệ</a>' in html
