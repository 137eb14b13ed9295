"""Slugs in the admin: a new page finds a free one by itself; any other clash is said in Vietnamese.

Replays issue #17 (4): a second article with the same title failed on "Xuất bản" with Wagtail's
English "The slug … is already in use", shown only inside the "Quảng bá" tab the editor was not
looking at.
"""

from __future__ import annotations

import pytest
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from toasoan import vntext
from toasoan.accounts.testing import login_verified
from toasoan.articles.models import ArticlePage

TITLE = "Ba Đình phát động đợt thi đua"
SLUG = "ba-dinh-phat-dong-dot-thi-dua"


@pytest.fixture
def section(make_section):
    return make_section("Thời sự")


@pytest.fixture
def editor_client(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-rat-dai-123")
    login_verified(client, user)
    return client


def _form(editor_client, url: str):
    response = editor_client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))])}))
    return data


def _add(editor_client, section, title: str, slug: str, action: str = "action-publish"):
    """The add form as the browser sends it: the admin's script has written the slug from the title."""
    url = f"/admin/pages/add/articles/articlepage/{section.pk}/"
    data = _form(editor_client, url)
    data.update({"title": title, "slug": slug, "lead": "Sapo."})
    if action:
        data[action] = action
    return editor_client.post(url, data)


def test_same_title_twice_publishes_with_a_free_slug(editor_client, section):
    assert _add(editor_client, section, TITLE, SLUG).status_code == 302
    response = _add(editor_client, section, TITLE, SLUG)
    assert response.status_code == 302, response.content.decode()[:3000]
    slugs = sorted(ArticlePage.objects.filter(title=TITLE).values_list("slug", flat=True))
    assert slugs == [SLUG, f"{SLUG}-2"]
    assert ArticlePage.objects.get(slug=f"{SLUG}-2").live
    assert _add(editor_client, section, TITLE, "").status_code == 302  # slug left empty
    assert ArticlePage.objects.filter(slug=f"{SLUG}-3").exists()


def test_a_saved_draft_also_gets_a_free_slug_and_keeps_it(editor_client, section):
    assert _add(editor_client, section, TITLE, SLUG).status_code == 302
    assert _add(editor_client, section, TITLE, SLUG, action="").status_code == 302  # "Lưu nháp"
    draft = ArticlePage.objects.get(title=TITLE, live=False)
    assert draft.slug == f"{SLUG}-2"
    edit_url = f"/admin/pages/{draft.pk}/edit/"
    data = _form(editor_client, edit_url)
    data["action-publish"] = "action-publish"
    assert editor_client.post(edit_url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.live and draft.slug == f"{SLUG}-2"


def test_a_typed_slug_that_clashes_says_where_in_vietnamese(editor_client, section, make_article):
    make_article(section, "Bài cũ", slug="tin-thi-dua")
    response = _add(editor_client, section, TITLE, "tin-thi-dua")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thẻ “Quảng bá”, ô “Đường dẫn (slug)”: đường dẫn “tin-thi-dua” đã có trang khác" in html
    assert "Đường dẫn “tin-thi-dua” đã có trang khác trong cùng chuyên mục dùng." in html
    assert "already in use" not in html
    assert not ArticlePage.objects.filter(title=TITLE).exists()


def test_a_published_page_never_changes_address_silently(editor_client, section, make_article):
    make_article(section, TITLE)
    other = make_article(section, "Tin khác")
    edit_url = f"/admin/pages/{other.pk}/edit/"
    data = _form(editor_client, edit_url)
    data.update({"title": TITLE, "slug": SLUG, "action-publish": "action-publish"})
    response = editor_client.post(edit_url, data)
    assert response.status_code == 200
    assert "Thẻ “Quảng bá”, ô “Đường dẫn (slug)”" in response.content.decode()
    other.refresh_from_db()
    assert other.slug == vntext.slugify("Tin khác") and other.title == "Tin khác"


def test_a_new_subsection_with_a_taken_slug_gets_a_free_one(editor_client, section, make_section):
    make_section("Chính quyền", parent=section)
    url = f"/admin/pages/add/sections/sectionpage/{section.pk}/"
    data = querydict_from_html(editor_client.get(url).content.decode(), form_id="page-edit-form")
    data.update({"title": "Chính quyền", "slug": "chinh-quyen", "action-publish": "action-publish"})
    assert editor_client.post(url, data).status_code == 302
    assert sorted(section.get_children().values_list("slug", flat=True)) == ["chinh-quyen", "chinh-quyen-2"]
