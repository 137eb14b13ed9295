"""Page locking while someone edits: taken when the editor opens, released when they leave or act."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.models import EditingSession

from toasoan.accounts.testing import login_verified
from toasoan.editorial.models import EditLock
from toasoan.editorial.services import locking


def _open_editor(client, user, page):
    login_verified(client, user)
    return client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))


def test_opening_the_editor_locks_the_page_for_others(newsroom, make_article, client):
    article = make_article(newsroom.thoi_su, "Bài đang sửa")
    assert _open_editor(client, newsroom.editor, article).status_code == 200
    article.refresh_from_db()
    assert article.locked and article.locked_by == newsroom.editor
    assert article.get_lock().for_user(newsroom.managing_editor)
    assert not article.get_lock().for_user(newsroom.editor)
    html = _open_editor(client, newsroom.managing_editor, article).content.decode()
    assert "bientap" in html  # whose lock it is, shown to the other editor


def test_users_who_may_not_lock_do_not(newsroom, make_article, client):
    article = make_article(newsroom.thoi_su, "Bài của người khác")
    login_verified(client, newsroom.sports_editor)
    client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))
    article.refresh_from_db()
    assert not article.locked


@override_settings(EDITORIAL_LOCK_ON_EDIT=False)
def test_lock_on_edit_can_be_turned_off(newsroom, make_article, client):
    article = make_article(newsroom.thoi_su, "Bài không khóa")
    _open_editor(client, newsroom.editor, article)
    article.refresh_from_db()
    assert not article.locked


def _session(user, page, last_seen):
    return EditingSession.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(page.specific_class),
        object_id=str(page.pk),
        last_seen_at=last_seen,
    )


def test_worker_releases_the_lock_once_the_editor_has_left(newsroom, make_article, client, clock):
    article = make_article(newsroom.thoi_su, "Bài bị bỏ quên")
    _open_editor(client, newsroom.editor, article)
    session = _session(newsroom.editor, article, clock.now)

    clock.advance(seconds=30)
    assert locking.release_stale_locks() == []
    clock.advance(seconds=60)
    session.last_seen_at = clock.now - timedelta(seconds=5)  # the editor page still pings
    session.save()
    assert locking.release_stale_locks() == []
    article.refresh_from_db()
    assert article.locked

    clock.advance(minutes=5)  # the tab was closed: no ping since
    released = locking.release_stale_locks()
    article.refresh_from_db()
    assert len(released) == 1
    assert not article.locked
    assert not EditLock.objects.exists()


def test_a_lock_taken_by_hand_is_never_released(newsroom, make_article, clock):
    article = make_article(newsroom.thoi_su, "Bài khóa tay")
    article.locked, article.locked_by, article.locked_at = True, newsroom.editor, timezone.now()
    article.save()
    clock.advance(hours=2)
    assert locking.release_stale_locks() == []
    article.refresh_from_db()
    assert article.locked


@pytest.mark.filterwarnings(
    r"ignore:get_connection\(\) is deprecated:django.utils.deprecation.RemovedInDjango2028Warning"
)
def test_reviewing_releases_the_reviewers_lock(newsroom, client):
    from toasoan.editorial.tests.test_workflow import _act, _create_and_submit

    login_verified(client, newsroom.reporter)
    article = _create_and_submit(client, newsroom.thoi_su, "Tin chờ biên tập")
    _open_editor(client, newsroom.editor, article)
    article.refresh_from_db()
    assert article.locked_by == newsroom.editor
    _act(client, article, "reject", "Bổ sung nguồn tin.")
    article.refresh_from_db()
    assert not article.locked
    # A reviewer looking at an article sent back to its writer does not lock them out.
    _open_editor(client, newsroom.editor, article)
    article.refresh_from_db()
    assert not article.locked
