"""Slugs are ASCII with đ→d whichever way a page is made, and text is stored normalized."""

from __future__ import annotations

import unicodedata

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from toasoan.accounts.testing import login_verified
from toasoan.articles.models import ArticlePage

TITLE = "Ba Đình phát động đợt thi đua"


@pytest.fixture
def section(make_section):
    return make_section("Thời sự")


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-rat-dai-123")
    login_verified(client, user)
    return client


def test_page_slug_from_title_keeps_d(section, make_article):
    article = make_article(section, TITLE)
    assert article.slug == "ba-dinh-phat-dong-dot-thi-dua"
    assert article.url == "/thoi-su/ba-dinh-phat-dong-dot-thi-dua/"


def test_same_title_twice_gets_distinct_slugs(section, make_article):
    first = make_article(section, TITLE)
    second = make_article(section, TITLE)
    assert first.slug != second.slug
    assert second.slug.startswith("ba-dinh-phat-dong-dot-thi-dua")


def test_section_slug_is_ascii(make_section):
    assert make_section("Văn hóa - Xã hội").slug == "van-hoa-xa-hoi"


@pytest.mark.parametrize(
    ("typed_slug", "expected"),
    [
        ("", "ba-dinh-phat-dong-dot-thi-dua"),
        ("Ba Đình thi đua", "ba-dinh-thi-dua"),
        ("ba-inh", "ba-inh"),
    ],
    ids=["empty-slug-from-title", "vietnamese-typed-slug", "ascii-slug-kept"],
)
def test_admin_add_form_makes_vietnamese_slug(admin_client, section, typed_slug, expected):
    url = f"/admin/pages/add/articles/articlepage/{section.pk}/"
    response = admin_client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["title"] = TITLE
    data["slug"] = typed_slug
    data["lead"] = "Sapo"
    data["published_at"] = "16:20 16/09/2020"
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Nội dung</p>"))])}))
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ArticlePage.objects.get(title=TITLE)
    assert article.slug == expected
    assert article.live
    # The admin's date field reads day-first Vietnamese input in Hanoi time.
    assert article.published_at.isoformat() == "2020-09-16T09:20:00+00:00"


def test_text_fields_are_stored_normalized(section, make_article):
    decomposed = unicodedata.normalize("NFD", "Hà Nội")
    article = make_article(
        section,
        "Ðồng chí\u00a0Hoàng Minh",
        lead=f"HNP\u00a0- {decomposed}\u00ad",
        byline="Bình\u200bAn",
        body=[
            ("paragraph", f"<p>{decomposed}\u00a0Ðà</p>"),
            ("photo_note", {"caption": "Ðồng chí", "credit": ""}),
        ],
    )
    article.refresh_from_db()
    assert article.title == "Đồng chí Hoàng Minh"
    assert article.lead == "HNP - Hà Nội"
    assert article.byline == "Bình An"
    raw = str(list(article.body.raw_data))
    assert "Hà Nội Đà" in raw
    assert "Đồng chí" in raw
    assert "\u00d0" not in raw
    assert "\u00a0" not in raw
