"""Pages say what a change makes stale; delivery merges the purges of one transaction."""

from __future__ import annotations

from django.db import transaction
from django.test import Client

from toasoan.delivery.middleware import CACHE_HEADER
from toasoan.delivery.services import purge as purges
from toasoan.sections import registry


def test_each_page_type_declares_its_own_routes_and_they_are_served(portal):
    article, section = portal["articles"][2], portal["news"]
    assert article.get_cached_paths() == ["/", "/in/", "/tai-ve/"]
    assert section.get_cached_paths() == ["/", "/rss/"]
    assert [stale.paginated for stale in registry.own_paths(section)] == [True, False]
    client = Client()
    for page in (article, section):
        for path in page.get_cached_paths():
            assert client.get(page.url.rstrip("/") + path).status_code == 200, path


def test_an_app_adds_the_pages_that_show_an_article_by_declaring_them(portal, monkeypatch):
    article, other = portal["articles"][2], portal["other"]
    monkeypatch.setattr(registry, "_stale_providers", list(registry._stale_providers))

    def shown_on_a_board(page, tag_slugs):
        return [registry.Stale("/bang-tin/"), registry.Stale("/in/", other)] if page.pk == article.pk else []

    before = purges.article_purge(article).all_paths
    registry.declare_stale(shown_on_a_board)
    registry.declare_stale(shown_on_a_board)  # twice is once
    after = purges.article_purge(article).all_paths
    assert after - before == {"/bang-tin/", other.url + "in/"}
    assert "/bang-tin/" not in purges.article_purge(other).all_paths


def test_publishing_an_article_of_a_story_thread_refreshes_the_thread_and_its_other_articles(
    client, portal, publish, django_capture_on_commit_callbacks
):
    from toasoan.editorial.models import StoryThread, StoryThreadItem

    first, second, outside = portal["articles"][1], portal["articles"][3], portal["other"]
    with django_capture_on_commit_callbacks(execute=True):
        thread = StoryThread.objects.create(title="Bão Yagi 2024")
        StoryThreadItem.objects.create(thread=thread, article=first)
        StoryThreadItem.objects.create(thread=thread, article=second)
    watched = [thread.get_absolute_url(), "/dong-su-kien/", second.url]
    for url in [*watched, outside.url]:
        client.get(url)
        assert client.get(url)[CACHE_HEADER] == "hit", url

    first.title = "Bão Yagi đổ bộ Quảng Ninh"
    with django_capture_on_commit_callbacks(execute=True):
        publish(first)
    for url in watched:
        response = client.get(url)
        assert response[CACHE_HEADER] == "miss", url
        if url != "/dong-su-kien/":  # the index lists threads, not their articles
            assert "Bão Yagi đổ bộ Quảng Ninh" in response.content.decode(), url
    assert client.get(outside.url)[CACHE_HEADER] == "hit"


def test_the_purges_of_one_transaction_run_once_merged(portal, publish, monkeypatch):
    executed = []
    monkeypatch.setattr(purges, "execute", executed.append)
    one, other = portal["articles"][0], portal["other"]
    with transaction.atomic():
        publish(one)
        publish(other)
        assert executed == []  # nothing before the commit
    # The test's own transaction stands for the request's: run what its commit would run.
    purges.run_pending()
    assert len(executed) == 1
    assert {one.url, other.url, one.url + "in/", other.url + "tai-ve/"} <= executed[0].all_paths
    purges.run_pending()
    assert len(executed) == 1  # each purge runs once
