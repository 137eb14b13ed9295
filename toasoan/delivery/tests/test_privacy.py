"""Privacy reaches every copy at once: a view restriction added or removed through Wagtail (its
privacy dialog saves a restriction without publishing) changes the very next anonymous request."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from toasoan.delivery.middleware import CACHE_HEADER
from toasoan.delivery.services import purge as purges
from toasoan.delivery.tests import fake_backend

SECRET = "Bài thời sự số 2"


def _lists(portal) -> list[str]:
    news = portal["news"]
    return [
        "/",
        news.url,
        news.url + "rss/",
        "/rss/",
        "/sitemap.xml",
        "/sitemap-bai-viet-1.xml",
        "/sitemap-news.xml",
        "/chu-de/ba-dinh/",
    ]


def _routes(article) -> list[str]:
    return [article.url, article.url + "in/", article.url + "tai-ve/"]


@pytest.fixture
def warmed(client, portal):
    article = portal["articles"][2]
    assert article.title == SECRET
    for url in [*_routes(article), *_lists(portal)]:
        assert client.get(url).status_code == 200, url
        if not url.endswith("tai-ve/"):  # the saved file is an attachment, never kept
            assert client.get(url)[CACHE_HEADER] == "hit", url  # the copy is in the page cache
    return article


@pytest.mark.parametrize("kind", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD])
def test_a_restriction_takes_the_article_out_of_every_copy_at_once(
    client, portal, warmed, kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=warmed, restriction_type=kind, password="mat-khau-1"
        )

    for url in _routes(warmed):
        response = client.get(url)
        if kind == PageViewRestriction.LOGIN:
            assert response.status_code == 302 and "/login/" in response["Location"], url
        else:
            assert response.status_code == 200 and "password" in response.content.decode(), url
        assert "Nội dung bài " + SECRET not in response.content.decode(), url
        assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"], url
    for url in _lists(portal):
        assert SECRET not in client.get(url).content.decode(), url
    assert SECRET not in client.get("/tim-kiem.json", {"q": "thoi su so 2"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()

    for url in _routes(warmed):
        response = client.get(url)
        assert response.status_code == 200 and "Nội dung bài " + SECRET in response.content.decode(), url
    for url in [*_lists(portal)[:2], "/rss/"]:
        assert SECRET in client.get(url).content.decode(), url
    assert SECRET in client.get("/tim-kiem.json", {"q": "thoi su so 2"}).content.decode()


def test_a_restricted_section_takes_every_article_below_it(
    client, portal, warmed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=portal["news"], restriction_type=PageViewRestriction.LOGIN)
    for article in portal["articles"]:
        assert client.get(article.url).status_code == 302, article.url
    home = client.get("/").content.decode()
    assert not any(article.title in home for article in portal["articles"])
    assert portal["other"].title in home


def test_the_privacy_purge_names_the_page_and_everything_below_it_for_a_cdn(portal, settings):
    settings.WAGTAILFRONTENDCACHE = {"fake": {"BACKEND": fake_backend.__name__ + ".RecordingBackend"}}
    purge = purges.privacy_purge(portal["news"].pk)
    assert purge.everything
    assert {portal["news"].url, *(_routes(portal["articles"][0]))} <= purge.all_paths
    assert portal["other"].url not in purge.all_paths


def test_without_a_cdn_the_privacy_purge_reads_nothing_below_the_page(portal, django_assert_num_queries):
    with django_assert_num_queries(0):  # a section of 14,000 articles costs what an empty one does
        purge = purges.privacy_purge(portal["news"].pk)
    assert purge.everything and purge.all_paths == set()


def test_what_the_app_never_caches_no_shared_cache_keeps(client, portal):
    for url in ("/tim-kiem/?q=thoi+su", "/tim-kiem.json?q=thoi+su"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-cache", url
