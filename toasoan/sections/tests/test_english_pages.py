"""English pages (docs/english.md): translations under /en/, `hreflang`, the language switch, the
English sitemap, and no page of one language in the other language's lists."""

from __future__ import annotations

import re
from copy import deepcopy

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Locale, PageViewRestriction, Site

from conftest import new_article, new_section, site_home
from toasoan.delivery.services.purge import article_purge
from toasoan.search.models import SearchDocument
from toasoan.search.services import indexing
from toasoan.sections import languages

ADDRESS = "http://localhost"  # the default Site's own address (localhost:80), whatever Host is asked


def translate(page, title: str, slug: str, *, publish: bool = True, **fields):
    """What the admin's "Dịch" does (Wagtail's copy for translation), then the English text."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    copy = page.specific.copy_for_translation(english)
    copy.title = copy.draft_title = title
    copy.slug = slug
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    if publish:
        copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def build_portal() -> dict:
    """A Vietnamese home, section and two articles; the home, the section and one article in English."""
    home = site_home()
    news = new_section(home, "Thời sự", slug="thoi-su")
    article = new_article(news, "Khánh thành cầu đi bộ", slug="khanh-thanh-cau-di-bo")
    article.tags.add("giao thông")
    article.save()
    alone = new_article(news, "Họp báo định kỳ", slug="hop-bao-dinh-ky", published_at="09:00 02/09/2020")
    home_en = translate(home, "Home", "home-en")
    news_en = translate(news, "News", "news")
    article_en = translate(
        article,
        "Footbridge opens",
        "footbridge-opens",
        lead="The bridge shortens the way to school.",
        body=[("paragraph", "<p>The footbridge opened.</p>")],
    )
    return {
        "home": home,
        "news": news,
        "article": article,
        "alone": alone,
        "home_en": home_en,
        "news_en": news_en,
        "article_en": article_en,
    }


@pytest.fixture(scope="module")
def built_portal(module_db) -> dict:
    return module_db(build_portal)


@pytest.fixture
def portal(built_portal, db) -> dict:
    """The portal, built once for the module (a test without it is in test_english_absent.py)."""
    return deepcopy(built_portal)


def _html(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def test_english_pages_live_under_en_and_vietnamese_urls_are_unchanged(client, portal):
    assert portal["article"].url == "/thoi-su/khanh-thanh-cau-di-bo/"
    assert portal["home_en"].url == "/en/"
    assert portal["article_en"].url == "/en/news/footbridge-opens/"
    vietnamese = _html(client, portal["article"].url)
    english = _html(client, portal["article_en"].url)
    assert '<html lang="vi">' in vietnamese and "Bỏ qua, đến nội dung chính" in vietnamese
    assert '<html lang="en">' in english and "Skip to main content" in english
    assert "The footbridge opened." in english
    # The base template's words and the date, in English; the header's home link is the English home.
    assert ">Home</a>" in english and 'class="brand" href="/en/"' in english
    assert re.search(r"<time [^>]*>\d\d:\d\d, \d{1,2} [A-Z][a-z]+ \d{4}</time>", english)
    assert "08:00 01/09/2020" in vietnamese
    assert client.get("/vi/thoi-su/khanh-thanh-cau-di-bo/").status_code == 404
    assert client.get("/en/thoi-su/khanh-thanh-cau-di-bo/").status_code == 404


def test_hreflang_names_both_versions_at_the_site_address(client, portal):
    vi_url = f"{ADDRESS}/thoi-su/khanh-thanh-cau-di-bo/"
    en_url = f"{ADDRESS}/en/news/footbridge-opens/"
    for url in (portal["article"].url, portal["article_en"].url):
        html = _html(client, url, HTTP_HOST="127.0.0.1:6666")
        assert f'<link rel="alternate" hreflang="vi" href="{vi_url}">' in html
        assert f'<link rel="alternate" hreflang="en" href="{en_url}">' in html
        assert f'<link rel="alternate" hreflang="x-default" href="{vi_url}">' in html
        assert "127.0.0.1:6666" not in html
    # An article without a translation has no alternates.
    assert "hreflang" not in _html(client, portal["alone"].url).split("</head>")[0]


def test_alternates_cost_one_query_then_none(portal, django_assert_num_queries):
    request = RequestFactory().get("/thoi-su/khanh-thanh-cau-di-bo/")
    Site.find_for_request(request)
    Site.get_site_root_paths()  # Wagtail's own cache, shared by every URL a page writes
    with django_assert_num_queries(1):
        found = languages.alternates(portal["article"], request)
    assert [alternate.language for alternate in found] == ["vi", "en"]
    with django_assert_num_queries(0):
        assert languages.alternates(portal["article"], request) == found


def test_the_language_switch_leads_to_the_translation_or_the_other_home(client, portal):
    switch = re.compile(
        r'<a class="language-switch__link" href="([^"]+)" hreflang="(\w+)" lang="(\w+)">([^<]+)</a>'
    )
    assert switch.findall(_html(client, portal["article"].url)) == [
        (f"{ADDRESS}/en/news/footbridge-opens/", "en", "en", "English")
    ]
    assert switch.findall(_html(client, portal["alone"].url)) == [(f"{ADDRESS}/en/", "en", "en", "English")]
    assert switch.findall(_html(client, portal["article_en"].url)) == [
        (f"{ADDRESS}/thoi-su/khanh-thanh-cau-di-bo/", "vi", "vi", "Tiếng Việt")
    ]
    assert switch.findall(_html(client, "/en/")) == [(f"{ADDRESS}/", "vi", "vi", "Tiếng Việt")]


def test_vietnamese_lists_never_show_english_pages_and_the_other_way_round(client, portal):
    english_title, vietnamese_title = "Footbridge opens", "Khánh thành cầu đi bộ"
    for url in (
        "/",
        "/thoi-su/",
        "/thoi-su/rss/",
        "/rss/",
        "/sitemap-bai-viet-1.xml",  # the sitemap's file of articles (the index names files)
        "/chu-de/giao-thong/",
    ):
        body = client.get(url).content.decode()
        assert vietnamese_title in body or "khanh-thanh-cau-di-bo" in body, url
        assert english_title not in body and "footbridge-opens" not in body, url
    for url in ("/en/", "/en/news/"):
        body = _html(client, url)
        assert english_title in body, url
        assert vietnamese_title not in body and "Họp báo định kỳ" not in body, url
    # Search reads Vietnamese: the English article is never in its index, rebuilt or not.
    assert SearchDocument.objects.filter(pk=portal["article"].pk).exists()
    assert not SearchDocument.objects.filter(pk=portal["article_en"].pk).exists()
    indexing.rebuild()
    assert not SearchDocument.objects.filter(pk=portal["article_en"].pk).exists()
    assert english_title not in client.get("/tim-kiem/", {"q": "footbridge"}).content.decode()


def test_the_english_sitemap_lists_english_pages_with_their_alternates(
    client, portal, make_article, django_assert_num_queries
):
    client.get("/en/sitemap.xml")  # the site and the homes kept
    # The pages (one slice, no paginator count: discovery/sitemaps.py), their language versions.
    with django_assert_num_queries(2):
        xml = client.get("/en/sitemap.xml").content.decode()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in xml
    assert f"<loc>{ADDRESS}/en/news/footbridge-opens/</loc>" in xml
    assert f"<loc>{ADDRESS}/en/</loc>" in xml
    assert (
        f'<xhtml:link rel="alternate" hreflang="vi" href="{ADDRESS}/thoi-su/khanh-thanh-cau-di-bo/"/>'
        f'<xhtml:link rel="alternate" hreflang="en" href="{ADDRESS}/en/news/footbridge-opens/"/>'
        f'<xhtml:link rel="alternate" hreflang="x-default" href="{ADDRESS}/thoi-su/khanh-thanh-cau-di-bo/"/>'
    ) in xml
    assert "khanh-thanh-cau-di-bo/</loc>" not in xml
    # More English pages, the same queries.
    for number in range(3):
        source = make_article(portal["news"], f"Tin số {number}", slug=f"tin-so-{number}")
        translate(source, f"News item {number}", f"news-item-{number}")
    client.get("/en/sitemap.xml")
    with django_assert_num_queries(2):
        assert "news-item-2" in client.get("/en/sitemap.xml").content.decode()
    robots = client.get("/robots.txt").content.decode().splitlines()
    assert f"Sitemap: {ADDRESS}/en/sitemap.xml" in robots


def test_a_draft_or_restricted_translation_is_never_named(client, portal):
    draft = translate(portal["alone"], "Press briefing", "press-briefing", publish=False)

    def named(url: str) -> bool:
        html = _html(client, url)
        return "press-briefing" in html or 'hreflang="en"' in html.split("</head>")[0]

    assert not named(portal["alone"].url)
    assert client.get("/en/news/press-briefing/").status_code == 404
    assert "press-briefing" not in client.get("/en/sitemap.xml").content.decode()
    assert "press-briefing" not in _html(client, "/en/news/")

    draft.save_revision().publish()
    PageViewRestriction.objects.create(
        page=draft, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert not named(portal["alone"].url)
    assert "press-briefing" not in client.get("/en/sitemap.xml").content.decode()
    assert "press-briefing" not in _html(client, "/en/news/")
    assert "press-briefing" not in _html(client, "/en/")
    assert "press-briefing" not in client.get("/en/news/rss/").content.decode()
    assert "footbridge-opens" in client.get("/en/news/rss/").content.decode()


def test_vietnamese_pages_keep_their_headers_whatever_the_browser_asks(client, portal):
    response = client.get(portal["article"].url, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Vary"] == "Accept-Language, Accept-Encoding"
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()
    english = client.get(portal["article_en"].url, HTTP_ACCEPT_LANGUAGE="vi")
    assert english["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode()


def test_publishing_a_translation_purges_both_languages(portal):
    english_paths = article_purge(portal["article_en"]).all_paths
    assert {"/en/news/footbridge-opens/", "/en/news/", "/en/"} <= english_paths
    assert "/thoi-su/khanh-thanh-cau-di-bo/" in english_paths  # its hreflang and switch
    assert "/" not in english_paths and "/thoi-su/" not in english_paths
    vietnamese_paths = article_purge(portal["article"]).all_paths
    assert "/en/news/footbridge-opens/" in vietnamese_paths


def test_a_page_and_its_translation_never_share_a_cache_entry(client, portal, settings):
    settings.PAGE_CACHE_ENABLED = True
    for _ in range(2):
        vietnamese = client.get(portal["article"].url, HTTP_ACCEPT_LANGUAGE="en")
        english = client.get(portal["article_en"].url, HTTP_ACCEPT_LANGUAGE="vi")
    assert vietnamese["X-Toasoan-Cache"] == english["X-Toasoan-Cache"] == "hit"
    assert '<html lang="vi">' in vietnamese.content.decode()
    assert '<html lang="en">' in english.content.decode()


def test_the_translate_screen_is_reached_from_the_admin(portal):
    assert reverse("simple_translation:submit_page_translation", args=[portal["alone"].pk]).startswith(
        "/admin/"
    )
