"""What runs when a transaction commits: these tests commit, so the portal is built for each of them
(`fresh_portal`), not shared by the module."""

from __future__ import annotations

import pytest
from django.db import transaction

from toasoan.delivery.middleware import CACHE_HEADER
from toasoan.delivery.services import purge as purges
from toasoan.delivery.wsgi import CachedApplication, django_application

from .test_page_cache import _environ


@pytest.fixture
def portal(fresh_portal):
    return fresh_portal


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_transaction_purges_nothing(portal, publish, monkeypatch):
    executed = []
    monkeypatch.setattr(purges, "execute", executed.append)
    one, other = portal["articles"][0], portal["other"]
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(one)
        raise RuntimeError("the editor's save failed")
    assert executed == []
    with transaction.atomic():
        publish(other)
    assert len(executed) == 1
    assert other.url in executed[0].all_paths
    assert one.url not in executed[0].all_paths


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the purge runs on commit
def test_wsgi_fast_path_publishes_what_is_due_before_answering_from_the_cache(
    client, portal, make_article, settings
):
    """The publishing safety net runs before a cached page is answered, as Django's middleware
    runs it: with the worker down, a due article is not hidden behind a cached home page."""
    from datetime import timedelta

    from django.utils import timezone

    from toasoan.editorial.services import scheduling

    article = make_article(portal["economy"], "Tin hẹn giờ đã đến", published_at=timezone.now(), live=False)
    article.go_live_at = timezone.now() + timedelta(seconds=30)
    article.save_revision().publish()  # scheduled: not live yet
    article.refresh_from_db()
    assert not article.live
    client.get("/")
    assert client.get("/")[CACHE_HEADER] == "hit"  # cached after the schedule was made
    settings.EDITORIAL_SAFETY_NET_SECONDS = 60
    scheduling.reset_safety_net()
    later = timezone.now() + timedelta(seconds=31)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timezone, "now", lambda: later)
            body = b"".join(CachedApplication(django_application)(_environ("/"), lambda *args: None))
    finally:
        scheduling.reset_safety_net()
    article.refresh_from_db()
    assert article.live
    assert "Tin hẹn giờ đã đến" in body.decode()
