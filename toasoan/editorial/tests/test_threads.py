"""Story threads (dòng sự kiện): the thread page and feed, the box on the article page, the admin."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree as ET
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from toasoan.accounts.testing import login_verified
from toasoan.editorial.models import StoryThread, StoryThreadItem
from toasoan.editorial.services import threads


@pytest.fixture
def story(newsroom, make_article):
    first = make_article(newsroom.thoi_su, "Bão số 3 đổ bộ", published_at="08:00 07/09/2024")
    second = make_article(newsroom.thoi_su, "Khắc phục hậu quả bão số 3", published_at="08:00 08/09/2024")
    unrelated = make_article(newsroom.the_thao, "Đội tuyển thắng", published_at="09:00 08/09/2024")
    thread = StoryThread.objects.create(title="Bão Yagi 2024", description="Diễn biến cơn bão số 3.")
    for article in (first, second):
        StoryThreadItem.objects.create(thread=thread, article=article)
    return {"thread": thread, "first": first, "second": second, "unrelated": unrelated}


def test_slug_is_made_from_the_title(db):
    thread = StoryThread.objects.create(title="Đại hội Đảng lần thứ XIV")
    assert thread.slug == "dai-hoi-dang-lan-thu-xiv"
    assert StoryThread.objects.create(title="Đại hội Đảng lần thứ XIV").slug == "dai-hoi-dang-lan-thu-xiv-2"
    assert thread.get_absolute_url() == "/dong-su-kien/dai-hoi-dang-lan-thu-xiv/"


def test_thread_page_lists_its_live_articles_newest_first(story, client):
    story["first"].unpublish()
    response = client.get(story["thread"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bão Yagi 2024" in html
    assert "Khắc phục hậu quả bão số 3" in html
    assert "Bão số 3 đổ bộ" not in html  # unpublished
    assert "Đội tuyển thắng" not in html
    assert reverse("editorial:thread_rss", args=(story["thread"].slug,)) in html


def test_thread_page_order(story, client):
    html = client.get(story["thread"].get_absolute_url()).content.decode()
    assert html.index("Khắc phục hậu quả bão số 3") < html.index("Bão số 3 đổ bộ")


def test_hidden_thread_is_not_found(story, client):
    story["thread"].is_live = False
    story["thread"].save()
    assert client.get(story["thread"].get_absolute_url()).status_code == 404
    assert client.get(reverse("editorial:thread_rss", args=(story["thread"].slug,))).status_code == 404


def test_thread_feed(story, client):
    response = client.get(reverse("editorial:thread_rss", args=(story["thread"].slug,)))
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title").startswith("Bão Yagi 2024 – ")
    assert [item.findtext("title") for item in channel.findall("item")] == [
        "Khắc phục hậu quả bão số 3",
        "Bão số 3 đổ bộ",
    ]


def test_thread_index(story, client):
    StoryThread.objects.create(title="Dòng sự kiện trống")
    html = client.get(reverse("editorial:threads")).content.decode()
    assert "Bão Yagi 2024" in html
    assert "2 bài viết" in html
    assert "Dòng sự kiện trống" not in html


def _request_for(article):
    from wagtail.models import Site

    request = RequestFactory().get(article.url)
    Site.find_for_request(request)  # found (and cached on the request) while routing the page
    Site.get_site_root_paths()  # cached across requests
    return request


def _render_box(article, request=None) -> str:
    """The box as the article page shows it: context from the service, then the component."""
    request = request or _request_for(article)
    template = Template('{% include "editorial/components/article_thread.html" %}')
    return template.render(Context({"page": article, "request": request, **threads.article_context(article)}))


def test_article_box_links_to_the_thread_and_its_other_articles(story, django_assert_num_queries):
    request = _request_for(story["first"])
    with django_assert_num_queries(2):
        html = _render_box(story["first"], request)
    assert story["thread"].get_absolute_url() in html
    assert "Khắc phục hậu quả bão số 3" in html
    assert "Bão số 3 đổ bộ" not in html  # not itself


def test_article_box_costs_one_query_when_not_in_a_thread(story, django_assert_num_queries):
    request = _request_for(story["unrelated"])
    with django_assert_num_queries(1):
        assert "dong-su-kien" not in _render_box(story["unrelated"], request)


def test_article_in_two_threads(story):
    other = StoryThread.objects.create(title="Thiên tai miền Bắc")
    StoryThreadItem.objects.create(thread=other, article=story["first"])
    StoryThreadItem.objects.create(thread=other, article=story["unrelated"])
    boxes = threads.article_box(story["first"])
    assert {box["thread"].title: [a.title for a in box["articles"]] for box in boxes} == {
        "Bão Yagi 2024": ["Khắc phục hậu quả bão số 3"],
        "Thiên tai miền Bắc": ["Đội tuyển thắng"],
    }


def test_editor_groups_articles_in_the_admin(newsroom, story, client):
    login_verified(client, newsroom.editor)
    html = client.get(reverse("wagtailsnippets_editorial_storythread:add")).content.decode()
    assert "Các bài trong dòng sự kiện" in html
    html = client.get(reverse("wagtailsnippets_editorial_storythread:list")).content.decode()
    assert "Bão Yagi 2024" in html
    login_verified(client, newsroom.reporter)
    assert client.get(reverse("wagtailsnippets_editorial_storythread:add")).status_code in {302, 403}


def _grow(story, make_article, newsroom, count: int) -> None:
    for number in range(count):
        extra = make_article(
            newsroom.thoi_su, f"Cập nhật bão số 3, lần {number + 1}", published_at="10:00 09/09/2024"
        )
        StoryThreadItem.objects.create(thread=story["thread"], article=extra)


#: Index: the threads with their counts, the header's sections. Page and feed: the thread, its
#: articles (through the listing module), the header's sections or the site.
THREAD_QUERIES = {"index": 2, "page": 3, "feed": 3}


@pytest.mark.parametrize("kind", ["index", "page", "feed"])
def test_thread_queries_do_not_grow_with_articles(story, make_article, newsroom, client, kind):
    """The thread index, a thread's page and its feed cost a fixed number of queries."""
    url = {
        "index": reverse("editorial:threads"),
        "page": story["thread"].get_absolute_url(),
        "feed": reverse("editorial:thread_rss", args=(story["thread"].slug,)),
    }[kind]

    def count() -> int:
        client.get(url)  # warm the per-process caches (site, fragments)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count() == THREAD_QUERIES[kind]
    _grow(story, make_article, newsroom, 6)
    assert count() == THREAD_QUERIES[kind]


def test_article_box_is_kept_until_the_content_changes(story, django_assert_num_queries):
    request = _request_for(story["first"])
    _render_box(story["first"], request)
    with django_assert_num_queries(0):
        assert "Khắc phục hậu quả bão số 3" in _render_box(story["first"], request)
    story["second"].title = "Khắc phục hậu quả bão số 3 (cập nhật)"
    story["second"].save_revision().publish()
    fresh = _render_box(story["first"], _request_for(story["first"]))
    assert "Khắc phục hậu quả bão số 3 (cập nhật)" in fresh


def test_a_publish_outside_the_threads_keeps_every_box(story, django_assert_num_queries):
    """Another article's publish (same section, in no thread) leaves the box kept: the first reader
    after it does not compute the box again."""
    _render_box(story["first"])
    story["unrelated"].title = "Đội tuyển thắng đậm"
    story["unrelated"].save_revision().publish()
    request = _request_for(story["first"])
    with django_assert_num_queries(0):
        assert "Khắc phục hậu quả bão số 3" in _render_box(story["first"], request)


@pytest.mark.parametrize("change", ["unpublish", "leave-thread", "thread-hidden", "move"])
def test_the_box_follows_its_thread_and_articles_on_the_next_render(story, newsroom, change):
    from wagtail.models import Page

    assert "Khắc phục hậu quả bão số 3" in _render_box(story["first"])
    second, thread = story["second"], story["thread"]
    if change == "unpublish":
        second.unpublish()
    elif change == "leave-thread":
        StoryThreadItem.objects.filter(article=second).delete()
    elif change == "thread-hidden":
        thread.is_live = False
        thread.save()
    else:
        second.move(newsroom.the_thao, pos="last-child")
    html = _render_box(story["first"])
    if change == "move":
        moved = Page.objects.get(pk=second.pk)
        assert moved.url.startswith(newsroom.the_thao.url)
        assert f'href="{moved.url}"' in html
    else:
        assert "Khắc phục hậu quả bão số 3" not in html
