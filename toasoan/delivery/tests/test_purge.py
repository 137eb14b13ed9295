"""Purges: exactly the pages a change shows up on, fresh on the next request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from toasoan.delivery import frontend
from toasoan.delivery.middleware import CACHE_HEADER
from toasoan.delivery.services import purge as purges
from toasoan.delivery.tests import fake_backend
from toasoan.editorial.services.threads import thread_paths


def _warm(client, urls):
    for url in urls:
        client.get(url)
        assert client.get(url)[CACHE_HEADER] == "hit", url


def _state(client, url):
    return client.get(url)[CACHE_HEADER]


def test_article_purge_names_exactly_its_pages(portal):
    news, articles = portal["news"], portal["articles"]
    middle = articles[2]
    paths = purges.article_purge(middle).all_paths
    expected = {
        middle.url,
        middle.url + "in/",
        middle.url + "tai-ve/",
        news.url,
        news.url + "rss/",
        "/",
        "/rss/",
        "/sitemap.xml",
        f"/sitemap-bai-viet-{middle.pk // 50_000 + 1}.xml",  # the sitemap file that lists it
        "/sitemap-news.xml",
        "/chu-de/ba-dinh/",
        *(article.url for article in articles if article.pk != middle.pk),  # its neighbours
    }
    assert paths == expected
    assert portal["other"].url not in paths
    assert portal["economy"].url not in paths


def test_subsection_article_purges_every_section_above(portal, make_article, publish):
    article = publish(make_article(portal["local"], "Bài chính quyền"))
    paths = purges.article_purge(article).all_paths
    assert {
        portal["local"].url,
        portal["local"].url + "rss/",
        portal["news"].url,
        portal["news"].url + "rss/",
    } <= paths


def test_publish_new_article_is_fresh_everywhere_it_shows(
    client, portal, make_article, publish, django_capture_on_commit_callbacks
):
    news, articles = portal["news"], portal["articles"]
    watched = ["/", news.url, news.url + "?trang=2", "/rss/", news.url + "rss/", "/sitemap-news.xml",
               articles[-1].url, "/chu-de/ba-dinh/"]  # fmt: skip
    untouched = [portal["economy"].url, portal["other"].url]
    _warm(client, watched + untouched)
    article = make_article(news, "Tin nóng: bão số 3", published_at=timezone.now())
    article.tags.add("Ba Đình")
    with django_capture_on_commit_callbacks(execute=True):
        publish(article)
    for url in watched:
        response = client.get(url)
        assert response[CACHE_HEADER] == "miss", url
    assert "Tin nóng: bão số 3" in client.get("/").content.decode()
    assert "Tin nóng: bão số 3" in client.get(articles[-1].url).content.decode()  # its newer list
    for url in untouched:
        assert _state(client, url) == "hit", url


def test_edit_title_is_fresh_on_article_lists_and_neighbours(
    client, portal, publish, django_capture_on_commit_callbacks
):
    articles = portal["articles"]
    target = articles[2]
    watched = [target.url, portal["news"].url, "/", articles[1].url, articles[3].url, "/rss/"]
    _warm(client, watched)
    target.title = "Bài đã sửa tiêu đề"
    with django_capture_on_commit_callbacks(execute=True):
        publish(target)
    for url in watched:
        assert "Bài đã sửa tiêu đề" in client.get(url).content.decode(), url
    assert _state(client, portal["other"].url) in ("miss", "hit")


def test_edit_that_changes_time_purges_old_and_new_neighbours(
    client, portal, make_article, publish, django_capture_on_commit_callbacks
):
    articles = portal["articles"]
    target = articles[0]
    old_neighbour = articles[1]
    _warm(client, [old_neighbour.url])
    before = purges.article_purge(target).all_paths
    target.published_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        publish(target)
    assert old_neighbour.url in before
    assert _state(client, old_neighbour.url) == "miss"


def test_edit_removing_a_tag_purges_that_tag_page(
    client, portal, publish, django_capture_on_commit_callbacks
):
    target = portal["articles"][3]
    _warm(client, ["/chu-de/ba-dinh/"])
    target.tags.clear()
    target.tags.add("Hoàn Kiếm")
    with django_capture_on_commit_callbacks(execute=True):
        publish(target)
    assert _state(client, "/chu-de/ba-dinh/") == "miss"
    assert target.title not in client.get("/chu-de/ba-dinh/").content.decode()


def test_unpublish(client, portal, django_capture_on_commit_callbacks):
    target = portal["articles"][4]
    _warm(client, [target.url, "/", portal["news"].url])
    with django_capture_on_commit_callbacks(execute=True):
        target.unpublish()
    assert client.get(target.url).status_code == 404
    assert target.title not in client.get("/").content.decode()
    assert target.title not in client.get(portal["news"].url).content.decode()


def test_move_purges_old_and_new_places(client, portal, django_capture_on_commit_callbacks):
    target = portal["articles"][2]
    old_url = target.url
    economy = portal["economy"]
    _warm(client, [old_url, portal["news"].url, economy.url, portal["other"].url])
    with django_capture_on_commit_callbacks(execute=True):
        target.move(economy, pos="last-child")
    target.refresh_from_db()
    assert client.get(old_url).status_code == 301  # Wagtail's automatic redirect, not the cached page
    assert target.title not in client.get(portal["news"].url).content.decode()
    assert target.title in client.get(economy.url).content.decode()
    assert _state(client, portal["other"].url) == "miss"  # its new neighbour lists it


def test_delete(client, portal, django_capture_on_commit_callbacks):
    target = portal["articles"][1]
    url = target.url
    _warm(client, [url, "/", portal["articles"][0].url])
    with django_capture_on_commit_callbacks(execute=True):
        target.delete()
    assert client.get(url).status_code == 404
    assert target.title not in client.get("/").content.decode()
    assert target.title not in client.get(portal["articles"][0].url).content.decode()


def test_scheduled_article_going_live_is_fresh(
    client, portal, make_article, django_capture_on_commit_callbacks
):
    news = portal["news"]
    article = make_article(news, "Bài hẹn giờ", live=False)
    revision = article.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    _warm(client, ["/", news.url])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert "Bài hẹn giờ" in client.get("/").content.decode()
    assert "Bài hẹn giờ" in client.get(news.url).content.decode()


def test_section_change_purges_everything(client, portal, publish, django_capture_on_commit_callbacks):
    economy = portal["economy"]
    _warm(client, ["/", portal["articles"][0].url, portal["other"].url])
    economy.title = "Kinh tế – Tài chính"
    with django_capture_on_commit_callbacks(execute=True):
        publish(economy)
    for url in ["/", portal["articles"][0].url, portal["other"].url]:
        assert "Kinh tế – Tài chính" in client.get(url).content.decode(), url  # the navigation


def test_purge_waits_for_the_commit(client, portal, publish, django_capture_on_commit_callbacks):
    target = portal["articles"][2]
    _warm(client, [target.url])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        target.title = "Chưa commit"
        publish(target)
        assert _state(client, target.url) == "hit"
    assert callbacks


def test_comment_hook_purges_the_article_page_only(client, portal):
    from toasoan.comments.services import cache as comment_cache

    target, neighbour = portal["articles"][2], portal["articles"][3]
    _warm(client, [target.url, neighbour.url, "/"])
    comment_cache.purge_page(target)
    assert _state(client, target.url) == "miss"
    assert _state(client, neighbour.url) == "hit"
    assert _state(client, "/") == "hit"


def test_frontend_cache_gets_the_same_urls(portal, publish, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {
        "fake": {"BACKEND": "toasoan.delivery.tests.fake_backend.RecordingBackend"}
    }
    settings.FRONTEND_CACHE_LIST_PAGES = 2
    fake_backend.PURGED.clear()
    target = portal["articles"][2]
    with django_capture_on_commit_callbacks(execute=True):
        publish(target)
    root = "http://localhost"
    purged = set(fake_backend.PURGED)
    assert {root + target.url, root + "/", root + "/rss/", root + portal["news"].url + "?trang=2"} <= purged
    assert root + portal["other"].url not in purged


@pytest.mark.parametrize(
    ("kwargs", "backends"),
    [
        ({}, {}),
        ({"http_url": "http://127.0.0.1:6081"}, {"proxy": frontend.HTTP_BACKEND}),
        ({"cloudflare_zone_id": "z1", "cloudflare_token": "t"}, {"cloudflare": frontend.CLOUDFLARE_BACKEND}),
        ({"cloudfront_distribution_id": "E123"}, {"cloudfront": frontend.CLOUDFRONT_BACKEND}),
    ],
    ids=["none", "varnish-or-nginx", "cloudflare", "cloudfront"],
)
def test_frontend_cache_settings_from_env_values(kwargs, backends):
    configured = frontend.frontend_cache_settings(**kwargs)
    assert {name: value["BACKEND"] for name, value in configured.items()} == backends


def test_frontend_cache_backends_load(settings):
    from wagtail.contrib.frontend_cache.utils import get_backends

    configured = frontend.frontend_cache_settings(
        http_url="http://127.0.0.1:6081", cloudflare_zone_id="z1", cloudflare_token="t", hostnames=["tin.vn"]
    )
    loaded = get_backends(configured)
    assert set(loaded) == {"proxy", "cloudflare"}
    assert loaded["proxy"].invalidates_hostname("tin.vn")
    assert not loaded["proxy"].invalidates_hostname("khac.vn")


def test_cloudflare_needs_both_values():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        frontend.frontend_cache_settings(cloudflare_zone_id="z1")


@pytest.mark.parametrize(
    ("engine", "pooled"),
    [("django.db.backends.postgresql", True), ("django.db.backends.sqlite3", False)],
    ids=["postgresql", "sqlite"],
)
def test_pool_only_on_postgresql(engine, pooled):
    database = frontend.with_pool({"ENGINE": engine, "CONN_MAX_AGE": 60}, 5)
    assert ("pool" in database.get("OPTIONS", {})) is pooled
    if pooled:
        assert database["CONN_MAX_AGE"] == 0
        assert database["OPTIONS"]["pool"]["max_size"] == 5


def test_purge_cache_command(client, portal):
    from io import StringIO

    target = portal["articles"][0]
    _warm(client, [target.url, "/"])
    call_command("purge_cache", target.url, stdout=StringIO())
    assert _state(client, target.url) == "miss"
    assert _state(client, "/") == "hit"
    call_command("purge_cache", stdout=StringIO())
    assert _state(client, "/") == "miss"


@pytest.mark.parametrize(
    ("before", "after"),
    [("pending", "approved"), ("approved", "rejected")],
    ids=["approve", "hide"],
)
def test_comment_status_change_purges_the_article_page(
    client, portal, before, after, django_capture_on_commit_callbacks
):
    from toasoan.comments.models import Comment

    target, neighbour = portal["articles"][2], portal["articles"][3]
    comment = Comment.objects.create(
        page=target, status=before, name="Bạn đọc", title="Góp ý", content="Một ý kiến về bài viết."
    )
    _warm(client, [target.url, neighbour.url])
    comment.status = after
    with django_capture_on_commit_callbacks(execute=True):
        comment.save()
    assert _state(client, target.url) == "miss"
    assert _state(client, neighbour.url) == "hit"


def test_story_thread_edits_are_fresh_on_their_articles_and_thread_pages(
    client, portal, django_capture_on_commit_callbacks
):
    from toasoan.editorial.models import StoryThread, StoryThreadItem

    articles = portal["articles"]
    first, second, outside = articles[1], articles[3], articles[0]
    with django_capture_on_commit_callbacks(execute=True):
        thread = StoryThread.objects.create(title="Bão Yagi 2024")
        StoryThreadItem.objects.create(thread=thread, article=first)
    thread_page = thread.get_absolute_url()
    _warm(client, [first.url, second.url, outside.url, "/dong-su-kien/", thread_page])
    assert "Bão Yagi 2024" in client.get(first.url).content.decode()
    assert "Bão Yagi 2024" not in client.get(second.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # an article joins the thread
        StoryThreadItem.objects.create(thread=thread, article=second)
    second_html = client.get(second.url).content.decode()
    assert "Bão Yagi 2024" in second_html and first.title in second_html  # its box, fresh
    assert first.title in second_html
    assert second.title in client.get(first.url).content.decode()  # the other article's box
    assert second.title in client.get(thread_page).content.decode()
    assert _state(client, outside.url) == "hit"

    with django_capture_on_commit_callbacks(execute=True):  # renamed, new address
        thread.title, thread.slug = "Siêu bão Yagi", "sieu-bao-yagi"
        thread.save()
    assert "Siêu bão Yagi" in client.get(first.url).content.decode()
    assert "Siêu bão Yagi" in client.get("/dong-su-kien/").content.decode()
    assert client.get(thread_page).status_code == 404  # the old address is not kept alive

    with django_capture_on_commit_callbacks(execute=True):  # an article leaves it
        StoryThreadItem.objects.filter(article=second).delete()
    assert "Siêu bão Yagi" not in client.get(second.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        thread.delete()
    assert "Siêu bão Yagi" not in client.get(first.url).content.decode()
    assert _state(client, outside.url) == "hit"


def test_a_thread_change_names_the_thread_pages_and_its_articles(portal):
    article = portal["articles"][2]
    paths = purges.content_purge(thread_paths(["bao-yagi", None]), [article.pk]).all_paths
    own = {article.url, article.url + "in/", article.url + "tai-ve/"}
    assert paths == {"/dong-su-kien/", "/dong-su-kien/bao-yagi/", "/dong-su-kien/bao-yagi/rss/", *own}
