"""A new page exists only once the editor saves it: the add form has no autosave, the edit form has."""

from __future__ import annotations

import re

from django.urls import reverse

from toasoan.accounts.testing import login_verified


def _form_controllers(html: str) -> str:
    form = re.search(r'<form\s+id="page-edit-form".*?data-controller="([^"]*)"', html, re.S)
    assert form is not None, "the page form is missing"
    return form.group(1)


def test_the_add_form_is_not_autosaved_the_edit_form_is(newsroom, make_article, client):
    login_verified(client, newsroom.editor)
    add = client.get(reverse("wagtailadmin_pages:add", args=("articles", "articlepage", newsroom.thoi_su.pk)))
    assert add.status_code == 200
    assert "w-unsaved" in _form_controllers(add.content.decode())
    assert "w-autosave" not in _form_controllers(add.content.decode())

    article = make_article(newsroom.thoi_su, "Bài đang sửa")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))
    assert edit.status_code == 200
    assert "w-autosave" in _form_controllers(edit.content.decode())
