"""The admin stays Vietnamese around English pages (docs/english.md): editing a translation, and
making one with the "Dịch" screen (Wagtail's simple_translation), whatever the browser asks for."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Locale

from toasoan.accounts.testing import login_verified
from toasoan.sections.tests.test_english_pages import translate

from .english_on_screen import find_english, html_units


def _english(screen: str, html: str) -> list[str]:
    return [finding.line() for finding in find_english(screen, html_units(html))]


@pytest.fixture
def translated(newsroom, make_article):
    article = make_article(newsroom.thoi_su, "Khánh thành cầu đi bộ", slug="khanh-thanh-cau-di-bo")
    translate(newsroom.home, "Trang chủ (bản tiếng Anh)", "home-en")
    translate(newsroom.thoi_su, "Thời sự (bản tiếng Anh)", "news")
    return article, translate(article, "Cầu đi bộ (bản tiếng Anh)", "footbridge")


def test_editing_an_english_page_the_admin_stays_vietnamese(client, newsroom, translated):
    _, english = translated
    login_verified(client, newsroom.admin)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "Lưu nháp" in html and "Save draft" not in html
    assert "Chuyển ngôn ngữ" in html  # the page's other language, offered in Vietnamese
    assert _english("edit English page", html) == []


def test_the_translate_screen_is_vietnamese_and_makes_the_translation(client, newsroom, translated):
    source = newsroom.thoi_su.add_child(
        instance=type(translated[0])(
            title="Họp báo định kỳ", slug="hop-bao", published_at=translated[0].published_at
        )
    )
    login_verified(client, newsroom.admin)
    url = reverse("simple_translation:submit_page_translation", args=[source.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="vi"' in html
    assert "Dịch" in html and "Ngôn ngữ" in html
    assert _english("translate screen", html) == []
    english = Locale.objects.get(language_code="en")
    response = client.post(url, {"locales": [english.pk]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    copy = source.get_translation(english)
    assert copy.get_parent().pk == translated[1].get_parent().pk  # under the English section
    assert not copy.live  # a draft until an editor translates and publishes it


def test_the_desks_work_on_the_english_pages_as_on_the_vietnamese_ones(newsroom, translated):
    """The English home and sections are made after the newsroom's desks: each desk gets the same
    rights on them as on the originals, and the managing editor may make translations."""
    article, english = translated
    english_news = english.get_parent().specific
    managing = english.permissions_for_user(newsroom.managing_editor)
    assert managing.can_edit() and managing.can_publish()
    assert newsroom.managing_editor.has_perm("simple_translation.submit_translation")
    # The section's own editor edits its English articles, another section's editor does not.
    assert english.permissions_for_user(newsroom.editor).can_edit()
    assert not english.permissions_for_user(newsroom.sports_editor).can_edit()
    assert english_news.permissions_for_user(newsroom.reporter).can_add_subpage()
    assert not english.permissions_for_user(newsroom.reporter).can_publish()
    # As on the Vietnamese article.
    assert article.permissions_for_user(newsroom.editor).can_edit()
    assert not article.permissions_for_user(newsroom.sports_editor).can_edit()
