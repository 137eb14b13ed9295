"""The review chain end to end, through the admin: reporter → section editor → managing editor."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.signals import page_published
from wagtail.test.utils.form_data import querydict_from_html

from toasoan.accounts.testing import login_verified
from toasoan.articles.models import ArticlePage

# Wagtail 8.0's workflow e-mails call django.core.mail.get_connection(), deprecated in Django 6.1
# (wagtail/admin/mail.py); only that warning from that module is ignored.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:get_connection\(\) is deprecated:django.utils.deprecation.RemovedInDjango2028Warning"
)


def _form(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    return data


def _create_and_submit(client, section, title: str) -> ArticlePage:
    url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", section.pk))
    data = _form(client, url)
    data.update(
        {
            "title": title,
            "slug": "",
            "lead": "Sáng nay, Hà Nội tổ chức lễ khai mạc.",
            "published_at": "08:00 16/09/2020",
            "action-submit": "1",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ArticlePage.objects.get(title=title)


def _act(client, page, action: str, comment: str = ""):
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk))
    return client.post(url, {"comment": comment} if comment else {})


def _recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


@pytest.fixture
def published_signals():
    received = []

    def receiver(sender, instance, **kwargs):
        received.append(instance.pk)

    page_published.connect(receiver, dispatch_uid="test-workflow-published")
    yield received
    page_published.disconnect(dispatch_uid="test-workflow-published")


def test_review_chain_end_to_end(newsroom, client, published_signals):
    # 1. The reporter writes in Thời sự and submits; the section's editors are told.
    login_verified(client, newsroom.reporter)
    article = _create_and_submit(client, newsroom.thoi_su, "Khai mạc lễ hội mùa thu")
    assert not article.live
    state = article.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Biên tập viên duyệt"
    assert _recipients() == {"bientap@toasoan.test"}  # not the sports editor, not the superuser
    mail.outbox.clear()

    # The reporter cannot approve, nor can the editor of another section.
    for outsider in (newsroom.reporter, newsroom.sports_editor):
        assert state.current_task_state.task.specific.get_actions(article, outsider) == []
        login_verified(client, outsider)
        _act(client, article, "approve")
        assert article.current_workflow_task_state.task.name == "Biên tập viên duyệt"

    # 2. The editor sends it back with a comment; the reporter gets the comment by e-mail.
    login_verified(client, newsroom.editor)
    _act(client, article, "reject", "Sapo cần nêu rõ thời gian khai mạc.")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert _recipients() == {"phongvien@toasoan.test"}
    assert "Sapo cần nêu rõ thời gian khai mạc." in mail.outbox[0].body
    mail.outbox.clear()

    # 3. The reporter fixes and resubmits; the editor approves; the managing editors are told.
    login_verified(client, newsroom.reporter)
    url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    data = _form(client, url)
    data.update({"lead": "Sáng 16/9, Hà Nội khai mạc lễ hội mùa thu.", "action-submit": "1"})
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.current_workflow_task.name == "Biên tập viên duyệt"
    mail.outbox.clear()
    login_verified(client, newsroom.editor)
    _act(client, article, "approve")
    article.refresh_from_db()
    assert article.current_workflow_task.name == "Thư ký tòa soạn duyệt và xuất bản"
    assert _recipients() == {"thuky@toasoan.test"}
    assert not article.live
    mail.outbox.clear()

    # 4. The managing editor approves: the article goes live and the reporter is told.
    login_verified(client, newsroom.managing_editor)
    _act(client, article, "approve")
    article.refresh_from_db()
    assert article.live
    assert article.lead == "Sáng 16/9, Hà Nội khai mạc lễ hội mùa thu."
    assert article.current_workflow_state is None
    assert published_signals == [article.pk]
    assert _recipients() == {"phongvien@toasoan.test"}


def test_review_waits_on_the_right_dashboards(newsroom, client):
    login_verified(client, newsroom.reporter)
    article = _create_and_submit(client, newsroom.thoi_su, "Tin chờ duyệt")
    login_verified(client, newsroom.editor)
    assert article.title in client.get("/admin/").content.decode()
    login_verified(client, newsroom.sports_editor)
    assert article.title not in client.get("/admin/").content.decode()


def test_page_under_review_is_locked_for_its_reporter(newsroom, client):
    login_verified(client, newsroom.reporter)
    article = _create_and_submit(client, newsroom.thoi_su, "Tin đang duyệt")
    task = article.current_workflow_task.specific
    assert task.locked_for_user(article, newsroom.reporter)
    assert not task.locked_for_user(article, newsroom.editor)
    assert task.locked_for_user(article, newsroom.sports_editor)
