"""Content checks before publishing: reported to the editor, never fixed silently."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from toasoan.accounts.testing import login_verified
from toasoan.editorial.services.checks import check_article, check_submitted_text, tone_style, tone_styles


@pytest.mark.parametrize(
    ("word", "style"),
    [
        ("hoà", "old"),
        ("hòa", "new"),
        ("Hoà", "old"),
        ("khoẻ", "old"),
        ("khỏe", "new"),
        ("thuỷ", "old"),
        ("thủy", "new"),
        ("uỷ", "old"),
        ("ủy", "new"),
        ("tuỳ", "old"),
        ("tùy", "new"),
        ("xoá", "old"),
        ("xóa", "new"),
        ("hoạ", "old"),
        ("họa", "new"),
        ("nguỵ", "old"),
        ("ngụy", "new"),
        ("hoàn", None),  # a final consonant: one way only
        ("quý", None),  # qu + y: the u belongs to the consonant
        ("quỳ", None),
        ("khuya", None),
        ("hoa", None),  # no tone mark
        ("ngoài", None),
        ("thuyền", None),
        ("Hà", None),
    ],
    ids=lambda value: value if isinstance(value, str) else str(value),
)
def test_tone_style(word, style):
    assert tone_style(word) == style
    assert tone_style(unicodedata.normalize("NFD", word)) == style


def test_tone_styles_counts_both():
    found = tone_styles(["Hội nghị hoà giải ở Thuỷ Nguyên", "hòa bình và hoà hợp"])
    assert found["old"] == {"hoà": 2, "thuỷ": 1}
    assert found["new"] == {"hòa": 1}


def _codes(issues) -> list[str]:
    return [issue.code for issue in issues]


def test_clean_article_has_no_issue(newsroom, make_article):
    article = make_article(
        newsroom.thoi_su, "Hà Nội hòa nhịp mùa thu", lead="Sáng nay, Hà Nội khai mạc lễ hội."
    )
    assert check_article(article) == []


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"lead": ""}, "lead_missing"),
        ({"lead": " ".join(["từ"] * 101)}, "lead_too_long"),
        ({"title": "T" * 151}, "title_too_long"),
        ({"title": "Hoà giải", "lead": "Cuộc hòa giải thành công."}, "mixed_tone_style"),
    ],
    ids=["lead-missing", "lead-101-words", "title-151-chars", "mixed-tones"],
)
def test_article_issues(newsroom, make_article, fields, code):
    title = fields.pop("title", "Tin thời sự")
    article = make_article(newsroom.thoi_su, title, **fields)
    assert _codes(check_article(article)) == [code]


def test_lead_of_exactly_100_words_and_title_of_150_characters_pass(newsroom, make_article):
    article = make_article(newsroom.thoi_su, "T" * 150, lead=" ".join(["từ"] * 100))
    assert check_article(article) == []


def test_images_without_alt_text(newsroom, make_article):
    from wagtail.images import get_image_model

    from toasoan.editorial.tests.test_admin_i18n import _png

    image = get_image_model().objects.create(title="Ảnh", file=_png())
    article = make_article(
        newsroom.thoi_su,
        "Tin ảnh",
        listing_image=image,
        body=[
            ("image", {"image": image, "alt": "", "caption": "", "credit": ""}),
            ("image", {"image": image, "alt": "", "caption": "Toàn cảnh hội nghị", "credit": ""}),
            ("image", {"image": image, "alt": "Toàn cảnh", "caption": "", "credit": ""}),
        ],
    )
    issues = [issue for issue in check_article(article) if issue.code == "image_alt"]
    assert [issue.field for issue in issues] == ["body", "listing_image"]
    assert "Ảnh thứ 1" in issues[0].message
    image.description = "Toàn cảnh hội nghị"
    image.save()
    article.refresh_from_db()
    assert [issue for issue in check_article(article) if issue.code == "image_alt"] == []


def test_unsaved_text_not_nfc_or_with_lookalikes_is_reported(newsroom):
    from toasoan.articles.models import ArticlePage

    article = ArticlePage(
        title=unicodedata.normalize("NFD", "Hà Nội"),
        lead="Ðà Nẵng\u00a0mở cửa",  # Icelandic eth and a no-break space
    )
    assert _codes(check_article(article)) == ["not_nfc", "lookalike"]


def test_submitted_text_reports_what_normalize_will_fix():
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data["title"] = unicodedata.normalize("NFD", "Hòa bình")
    data["lead"] = "Ðồng Nai"
    data["body-0-value"] = "Nội dung\u200b"
    data["slug"] = "hoa-binh"
    data["byline"] = "Văn An\r\nHà Nội"  # browsers send CRLF: not an issue
    issues = check_submitted_text(data, {"title": "Tiêu đề", "lead": "Sapo", "body": "Nội dung"})
    assert [(issue.field, issue.code) for issue in issues] == [
        ("title", "not_nfc"),
        ("lead", "lookalike"),
        ("body", "lookalike"),
    ]
    assert "Tiêu đề" in issues[0].message


def test_editor_shows_the_checks_and_saves_unchanged(newsroom, make_article, client):
    article = make_article(newsroom.thoi_su, "Hoà giải thành", lead="")
    login_verified(client, newsroom.editor)
    url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    html = client.get(url).content.decode()
    assert "Kiểm tra trước khi xuất bản:" in html
    assert "Bài viết chưa có sapo." in html

    data = querydict_from_html(html, form_id="page-edit-form")
    data.setdefault("body-count", "0")
    data["lead"] = "Ðà Nẵng hòa giải thành."
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "Văn bản sẽ được chuẩn hóa:" in page
    assert "Ð thay cho Đ" in page
    assert "kiểu cũ (hoà)" in page and "kiểu mới (hòa)" in page
    article.refresh_from_db()
    article.get_latest_revision().publish()
    article.refresh_from_db()
    assert article.lead == "Đà Nẵng hòa giải thành."  # normalize fixed Ð; the tone marks stay as written
