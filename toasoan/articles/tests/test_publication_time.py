"""The publication time readers see is the moment the article went live, unless the editor set one.

Replays issue #17 (3): an article scheduled for 07:47 went live at 07:47:01, but its page and the
RSS feed said 07:41, the moment the editor had opened the form; one scheduled for tomorrow
carried today's time.
"""

from __future__ import annotations

import json
import re

import pytest
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from toasoan import vntext
from toasoan.articles.models import ArticlePage
from toasoan.editorial.services import scheduling

TITLE = "Quận Ba Đình công bố kết quả thi đua"


@pytest.fixture
def section(make_section):
    return make_section("Thời sự")


def _form(editor_client, url: str):
    response = editor_client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The body's fields are drawn by the admin's script: the test writes them as the browser would.
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))])}))
    return data


def _add_form(editor_client, section) -> tuple[str, dict]:
    url = f"/admin/pages/add/articles/articlepage/{section.pk}/"
    data = _form(editor_client, url)
    data["title"] = TITLE
    data["slug"] = ""
    data["lead"] = "Sapo của bài."
    data["action-publish"] = "action-publish"
    return url, data


def _json_ld(html: str) -> dict:
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script)


def test_scheduled_article_shows_its_go_live_time(editor_client, client, section, clock):
    clock.set("07:41 16/09/2020")
    url, data = _add_form(editor_client, section)  # the form is opened at 07:41 …
    data["go_live_at"] = "07:47 16/09/2020"  # … and the article scheduled for 07:47
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live

    clock.set("07:47:01 16/09/2020")
    assert len(scheduling.publish_due().published) == 1
    article.refresh_from_db()
    assert article.live
    assert article.published_at == vntext.parse_datetime("07:47:01 16/09/2020")

    html = client.get(article.url).content.decode()
    assert "07:47 16/09/2020" in html
    assert "07:41" not in html
    assert _json_ld(html)["datePublished"].startswith("2020-09-16T07:47:01")
    assert 'content="2020-09-16T07:47:01+07:00"' in html  # article:published_time
    section_html = client.get(section.url).content.decode()
    assert "07:47 16/09/2020" in section_html and "07:41" not in section_html
    rss = client.get("/rss/").content.decode()
    assert "<pubDate>Wed, 16 Sep 2020 07:47:01 +0700</pubDate>" in rss


def test_scheduled_for_tomorrow_carries_tomorrows_time(editor_client, section, clock):
    clock.set("16:20 16/09/2020")
    url, data = _add_form(editor_client, section)
    data["go_live_at"] = "06:00 17/09/2020"
    assert editor_client.post(url, data).status_code == 302
    clock.set("06:00:20 17/09/2020")
    scheduling.publish_due()
    article = ArticlePage.objects.get(title=TITLE)
    assert article.live
    assert vntext.format_datetime(article.published_at) == "06:00 17/09/2020"


def test_a_time_the_editor_typed_is_kept(editor_client, section, clock):
    clock.set("07:41 16/09/2020")
    url, data = _add_form(editor_client, section)
    data["published_at"] = "06:30 16/09/2020"  # the event's time, on purpose
    data["go_live_at"] = "07:47 16/09/2020"
    assert editor_client.post(url, data).status_code == 302
    clock.set("07:47:01 16/09/2020")
    scheduling.publish_due()
    article = ArticlePage.objects.get(title=TITLE)
    assert article.live
    assert article.published_at == vntext.parse_datetime("06:30 16/09/2020")


def test_publishing_now_takes_the_moment_of_publishing(editor_client, section, clock):
    clock.set("07:41 16/09/2020")
    url, data = _add_form(editor_client, section)
    clock.set("07:52:30 16/09/2020")  # the editor wrote for eleven minutes
    assert editor_client.post(url, data).status_code == 302
    article = ArticlePage.objects.get(title=TITLE)
    assert article.live
    assert article.published_at == vntext.parse_datetime("07:52:30 16/09/2020")


def test_editing_a_live_article_keeps_its_time(editor_client, section, clock):
    clock.set("07:41 16/09/2020")
    url, data = _add_form(editor_client, section)
    assert editor_client.post(url, data).status_code == 302
    article = ArticlePage.objects.get(title=TITLE)
    went_live = article.published_at
    assert went_live == vntext.parse_datetime("07:41 16/09/2020")

    clock.set("10:15 16/09/2020")
    edit_url = f"/admin/pages/{article.pk}/edit/"
    edit = _form(editor_client, edit_url)
    assert edit["published_at"] == "16/09/2020 07:41"  # the form shows the time it has
    # A draft saved with the field emptied, then published: the time stays.
    edit["published_at"] = ""
    edit["lead"] = "Sapo đã sửa."
    assert editor_client.post(edit_url, edit).status_code == 302
    article.refresh_from_db()
    assert article.published_at == went_live
    edit["action-publish"] = "action-publish"
    assert editor_client.post(edit_url, edit).status_code == 302
    article.refresh_from_db()
    assert article.lead == "Sapo đã sửa."
    assert article.published_at == went_live


def test_a_page_made_live_in_code_without_a_time_gets_now(section, clock):
    clock.set("09:00 16/09/2020")
    article = section.add_child(instance=ArticlePage(title="Bài tạo bằng mã", lead="Sapo."))
    assert article.published_at == clock.now
    draft = section.add_child(instance=ArticlePage(title="Bản nháp", lead="Sapo.", live=False))
    assert draft.published_at is None
