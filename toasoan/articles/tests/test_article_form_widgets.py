"""The article form's tags and authors, as the editor uses them.

Replays issue #17 (7): tag chips showed literal quotes around every multi-word keyword
(`"trật tự đô thị"`), and the author field was a bare multi-select of every author of the paper,
not searchable, though pen names are common.
"""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from toasoan.articles.models import ArticlePage, Author


@pytest.fixture
def section(make_section):
    return make_section("Thời sự")


@pytest.fixture
def article(section, make_article):
    article = make_article(section, "Ra quân chỉnh trang đô thị")
    article.tags.add("trật tự đô thị", "chỉnh trang đô thị")
    article.save_revision().publish()
    return article


def _edit_html(editor_client, article) -> str:
    response = editor_client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    return response.content.decode()


def _tag_input(html: str) -> dict[str, str]:
    [tag] = re.findall(r"<input[^>]*name=\"tags\"[^>]*>", html)
    return {name: html_lib.unescape(value) for name, value in re.findall(r'([\w-]+)="([^"]*)"', tag)}


def _post(editor_client, article, **fields) -> None:
    url = f"/admin/pages/{article.pk}/edit/"
    data = querydict_from_html(editor_client.get(url).content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))])}))
    data.update(fields)
    data["action-publish"] = "action-publish"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


# --------------------------------------------------------------------------- tags


def test_tag_chips_hold_the_names_without_quotes(editor_client, article):
    tag = _tag_input(_edit_html(editor_client, article))
    assert '"' not in tag["value"]
    names = sorted(name.strip() for name in tag["value"].split(","))
    assert names == ["chỉnh trang đô thị", "trật tự đô thị"]
    options = json.loads(tag["data-w-tag-options-value"])
    assert options["preprocessTag"] is None  # the admin's script adds no quotes to new chips
    assert options["allowSpaces"] is True


@pytest.mark.parametrize(
    ("sent", "saved"),
    [
        ("trật tự đô thị", ["trật tự đô thị"]),  # one chip: one keyword, not four words
        ("trật tự đô thị,Ba Đình", ["Ba Đình", "trật tự đô thị"]),  # what the chips send
        ('"trật tự đô thị", "Ba Đình"', ["Ba Đình", "trật tự đô thị"]),  # a form of the old widget
        (" , Ba Đình ,, ", ["Ba Đình"]),
    ],
    ids=["one-multi-word", "chips", "old-quoted", "stray-commas"],
)
def test_tags_are_saved_as_typed(editor_client, article, sent, saved):
    _post(editor_client, article, tags=sent)
    article = ArticlePage.objects.get(pk=article.pk)
    assert sorted(tag.name for tag in article.tags.all()) == saved


# --------------------------------------------------------------------------- authors


@pytest.fixture
def authors(db):
    return [
        Author.objects.create(name="Nguyễn Minh Khang", pen_name="Minh Khang"),
        Author.objects.create(name="Bùi Thị Hòa", pen_name="Hòa An"),
        Author.objects.create(name="Trần Thị Thu Hà"),
        *(Author.objects.create(name=f"Cộng tác viên {index}") for index in range(30)),
    ]


def test_author_field_is_a_chooser_showing_only_the_chosen(editor_client, article, authors):
    article.authors.set([authors[1]])
    article.save_revision().publish()
    html = _edit_html(editor_client, article)
    widget = html[html.index('<div class="toasoan-authors" data-toasoan-authors ') :]
    widget = widget[: widget.index("data-toasoan-authors-choose")]
    assert f'<option value="{authors[1].pk}" selected>Hòa An (Bùi Thị Hòa)</option>' in widget
    assert "Cộng tác viên" not in widget  # not every author of the paper
    assert "/static/articles/admin/authors-chooser.js" in html
    [chooser_url] = re.findall(r'data-chooser-url="([^"]+)"', widget)

    # The chooser finds a pen name, typed without diacritics, and the real name behind it.
    found = editor_client.get(chooser_url, {"q": "hoa an", "multiple": "1"})
    assert found.status_code == 200
    text = json.loads(found.content)["html"]
    assert "Hòa An (Bùi Thị Hòa)" in text and "Minh Khang" not in text
    assert 'type="checkbox"' in text  # multiple choice
    by_name = editor_client.get(chooser_url, {"q": "Nguyễn Minh"})
    assert "Minh Khang (Nguyễn Minh Khang)" in json.loads(by_name.content)["html"]


def test_chosen_authors_are_saved(editor_client, article, authors):
    _post(editor_client, article, authors=[str(authors[0].pk), str(authors[2].pk)])
    article = ArticlePage.objects.get(pk=article.pk)
    assert sorted(author.pk for author in article.authors.all()) == [authors[0].pk, authors[2].pk]
    assert article.byline_text in ("Minh Khang, Trần Thị Thu Hà", "Trần Thị Thu Hà, Minh Khang")


def test_author_widget_reads_only_the_chosen_rows(editor_client, article, authors):
    article.authors.set(authors[:2])
    article.save_revision().publish()
    with CaptureQueriesContext(connection) as context:
        _edit_html(editor_client, article)
    author_queries = [q["sql"] for q in context.captured_queries if 'FROM "articles_author"' in q["sql"]]
    # The article's own authors and the chosen ones: never the whole list of the paper's authors.
    assert author_queries
    assert all(" IN (" in sql or "INNER JOIN" in sql for sql in author_queries), author_queries
