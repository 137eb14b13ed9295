"""Story thread pages and feeds name the site's configured address, never the request's Host.

Replays issue #16: `Host: 127.0.0.1:6666` put that host and port into a thread page's canonical
link and og:url, the thread index's canonical link and the thread feed's links, all of which are
kept and served to every reader.
"""

from __future__ import annotations

import pytest
from defusedxml import ElementTree as ET
from django.urls import reverse

from toasoan.editorial.models import StoryThread, StoryThreadItem

#: The default Site the migrations create (localhost, port 80).
ADDRESS = "http://localhost"
FOREIGN = {"HTTP_HOST": "127.0.0.1:6666", "secure": True}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def thread(home, make_section, make_article):
    news = make_section("Thời sự")
    article = make_article(news, "Bão số 3 đổ bộ", published_at="08:00 07/09/2024")
    thread = StoryThread.objects.create(title="Bão Yagi 2024", description="Diễn biến cơn bão số 3.")
    StoryThreadItem.objects.create(thread=thread, article=article)
    return thread


def test_thread_page_links_name_the_site_address(client, thread):
    html = client.get(thread.get_absolute_url(), **FOREIGN).content.decode()

    expected = f"{ADDRESS}{thread.get_absolute_url()}"
    assert f'<link rel="canonical" href="{expected}">' in html
    assert f'<meta property="og:url" content="{expected}">' in html
    assert ":6666" not in html and "127.0.0.1" not in html  # the port as an address carries it


def test_thread_index_canonical_names_the_site_address(client, thread):
    path = reverse("editorial:threads")
    html = client.get(path, **FOREIGN).content.decode()

    assert f'<link rel="canonical" href="{ADDRESS}{path}">' in html
    assert ":6666" not in html


def test_thread_feed_names_the_site_address(client, thread):
    path = reverse("editorial:thread_rss", args=(thread.slug,))
    response = client.get(path, **FOREIGN)

    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("link") == f"{ADDRESS}{thread.get_absolute_url()}"
    assert channel.find(f"{ATOM}link").get("href") == f"{ADDRESS}{path}"
    assert channel.find("item").findtext("link").startswith(f"{ADDRESS}/thoi-su/")
    assert b":6666" not in response.content
