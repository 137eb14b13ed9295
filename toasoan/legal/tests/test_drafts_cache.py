"""A draft's cached copies (page cache, baked files, nginx, a CDN) never outlive its window."""

from __future__ import annotations

import pytest

from toasoan.delivery.services import purge as purges
from toasoan.legal.services import daily, window

pytestmark = pytest.mark.usefixtures("page_cache_on")


def test_the_cached_page_changes_on_the_next_request_after_the_job(
    client, clock, make_draft, django_capture_on_commit_callbacks
):
    clock.set("12:00 31/12/2026")
    draft = make_draft()
    purges.run_pending()
    daily.status_day_job()  # the worker has seen this day
    first = client.get(draft.url)
    assert first["X-Toasoan-Cache"] == "miss" and "data-comment-write" in first.content.decode()
    assert client.get(draft.url)["X-Toasoan-Cache"] == "hit"

    clock.set("00:00 01/01/2027")
    clock.advance(seconds=30)
    # Only the moved clock lets a copy of noon reach midnight here: in real time it expired long
    # before (PAGE_CACHE_SECONDS), and one stored within `window.horizon()` of it was never kept.
    assert client.get(draft.url)["X-Toasoan-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        daily.status_day_job()
    purges.run_pending()
    fresh = client.get(draft.url)
    html = fresh.content.decode()
    assert fresh["X-Toasoan-Cache"] == "miss"
    assert "Đã hết hạn lấy ý kiến" in html and "data-comment-write" not in html


@pytest.mark.parametrize("moment", ["23:55 30/11/2026", "23:55 31/12/2026"], ids=["opening", "closing"])
def test_no_copy_is_kept_close_to_an_opening_or_a_closing(client, clock, registry, make_draft, moment):
    clock.set("12:00 15/11/2026")
    draft = make_draft()
    purges.run_pending()
    clock.set(moment)
    urls = [draft.url, registry.url, f"{registry.url}du-thao/"]
    for url in urls:
        response = client.get(url)
        assert response["Cache-Control"] == window.NOT_STORED, url
        assert client.get(url)["X-Toasoan-Cache"] == "miss", url
    clock.set("12:00 15/12/2026")
    for url in urls:
        assert "public" in client.get(url)["Cache-Control"], url
        assert client.get(url)["X-Toasoan-Cache"] == "hit", url


def test_the_horizon_covers_every_cache(settings):
    settings.PAGE_CACHE_SECONDS, settings.CDN_MAX_AGE, settings.BROWSER_MAX_AGE = 600, 900, 5
    assert window.horizon().total_seconds() >= 900 + 30  # the CDN's, and nginx's own 30 s


def test_approving_a_comment_on_a_draft_purges_the_draft(
    client, clock, make_draft, django_capture_on_commit_callbacks
):
    from toasoan.comments.models import Comment
    from toasoan.comments.services import moderation

    clock.set("12:00 15/12/2026")
    draft = make_draft()
    comment = Comment.objects.create(page=draft, name="Hồ Văn Tư", title="Ý kiến về Điều 3", content="…")
    purges.run_pending()
    client.get(draft.url)
    assert client.get(draft.url)["X-Toasoan-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        moderation.ApproveCommentAction(comment, None).execute(skip_permission_checks=True)
    purges.run_pending()
    fresh = client.get(draft.url)
    assert fresh["X-Toasoan-Cache"] == "miss" and "Ý kiến về Điều 3" in fresh.content.decode()
