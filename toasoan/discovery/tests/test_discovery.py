"""RSS feeds, sitemaps, robots.txt and OpenSearch, against a small portal built once per module."""

from __future__ import annotations

import copy
import itertools
import unicodedata
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from toasoan.articles.models import Agency, ArticlePage
from toasoan.discovery import feeds, sitemaps, stale, views
from toasoan.sections import portal as portal_settings
from toasoan.sections.models import HomePage, SectionPage

#: The site's configured address (the portal's Site), which every absolute URL names.
BASE = "http://testserver"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
DC_NS = "http://purl.org/dc/elements/1.1/"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS, "dc": DC_NS, "os": OPENSEARCH_NS}

VIETNAMESE_TITLE = "Ba Đình phát động đợt thi đua"

#: The sitemap files of a site whose pages all have ids below 50,000 (discovery/sitemaps.py).
PAGES_FILE = "/sitemap-trang-1.xml"
ARTICLES_FILE = "/sitemap-bai-viet-1.xml"

#: Every endpoint that lists articles, by URL.
ARTICLE_LISTS = [
    pytest.param("/rss/", id="site-rss"),
    pytest.param("/thoi-su/rss/", id="section-rss"),
    pytest.param(ARTICLES_FILE, id="sitemap-articles"),
    pytest.param("/sitemap-news.xml", id="news-sitemap"),
]


# The portal ------------------------------------------------------------------------------------


def build_portal() -> dict:
    cache.clear()  # Wagtail caches the site root paths; the cache outlives each test's database
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port = "testserver", 80
    site.root_page = home
    site.save()  # save(), not update(): saving clears Wagtail's cached site root paths
    thoi_su = home.add_child(instance=SectionPage(title="Thời sự", slug="thoi-su", description="Tin thời sự"))
    kinh_te = home.add_child(instance=SectionPage(title="Kinh tế", slug="kinh-te"))
    return {"home": home, "thoi_su": thoi_su, "kinh_te": kinh_te}


@pytest.fixture(scope="module")
def built_portal(module_db) -> dict:
    return module_db(build_portal)


@pytest.fixture
def portal(built_portal, db) -> dict:
    """The home page and two sections, built once per module; articles are each test's own."""
    return copy.deepcopy(built_portal)


@pytest.fixture
def make_article():
    """Publish an article through a revision, as the admin does, `age` before now."""
    numbers = itertools.count(1)

    def make(section, title=None, *, age=timedelta(hours=2), **fields):
        number = next(numbers)
        fields.setdefault("lead", f"Sapo của bài viết số {number}.")
        article = ArticlePage(
            title=title or f"Bài viết số {number}", published_at=timezone.now() - age, **fields
        )
        section.add_child(instance=article)
        article.save_revision().publish()
        article.refresh_from_db()
        return article

    return make


@pytest.fixture
def make_articles(portal, make_article):
    """`count` more articles alternating between the two sections, each a minute older than the last."""
    made = []

    def make(count):
        sections = (portal["thoi_su"], portal["kinh_te"])
        start = len(made)
        made.extend(
            make_article(sections[index % 2], age=timedelta(hours=1, minutes=index))
            for index in range(start, start + count)
        )
        return made

    return make


@pytest.fixture
def agency(db):
    return Agency.objects.create(code="HNP", name="Cổng Giao tiếp điện tử Hà Nội")


def get_xml(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:500]
    return response, ET.fromstring(response.content)  # noqa: S314 (our own response)


def full_url(page) -> str:
    return f"{BASE}{page.url}"


def rss_items(root) -> list[dict]:
    return [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "description": item.findtext("description"),
            "guid": item.findtext("guid"),
            "pubDate": item.findtext("pubDate"),
            "categories": [category.text for category in item.findall("category")],
            "creator": item.findtext("dc:creator", namespaces=NS),
        }
        for item in root.iterfind("channel/item")
    ]


def sitemap_locations(root) -> list[str]:
    return [loc.text for loc in root.iterfind("sm:url/sm:loc", NS)]


def index_entries(root) -> dict[str, str | None]:
    """An index's files (`<sitemap>`): location → lastmod."""
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    return {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.iterfind("sm:sitemap", NS)
    }


def local(url: str) -> str:
    assert url.startswith(f"{BASE}/"), url
    return url[len(BASE) :]


# RSS --------------------------------------------------------------------------------------------


def test_site_feed_is_rss_2(client, portal, make_article):
    article = make_article(portal["thoi_su"], "Khai mạc kỳ họp", age=timedelta(minutes=30))

    response, root = get_xml(client, "/rss/")

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == settings.SITE_NAME
    assert channel.findtext("link") == f"{BASE}/"
    assert channel.findtext("description") == settings.SITE_DESCRIPTION
    assert channel.findtext("language") == "vi"
    [item] = root.findall("channel/item")
    for tag in ("title", "link", "description", "guid", "pubDate"):
        assert item.findtext(tag), tag
    assert item.findtext("title") == "Khai mạc kỳ họp"
    assert item.findtext("link") == f"{BASE}/thoi-su/{article.slug}/"
    assert item.findtext("guid") == item.findtext("link")
    assert item.find("guid").get("isPermaLink") == "true"
    assert [category.text for category in item.findall("category")] == ["Thời sự"]
    published = parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822, as RSS 2.0 wants
    assert published == article.published_at.replace(microsecond=0)
    assert item.findtext("pubDate").endswith("+0700")


def test_site_feed_lists_newest_first_up_to_the_limit(client, portal, make_articles, monkeypatch):
    articles = make_articles(5)
    assert feeds.SiteFeed.limit == 50
    monkeypatch.setattr(feeds.SiteFeed, "limit", 3)

    _, root = get_xml(client, "/rss/")

    assert [item["link"] for item in rss_items(root)] == [full_url(article) for article in articles[:3]]


@pytest.mark.parametrize(
    ("with_agency", "expected"),
    [
        pytest.param(True, "HNP - Sáng nay, Thành ủy họp.", id="agency"),
        pytest.param(False, "Sáng nay, Thành ủy họp.", id="no-agency"),
    ],
)
def test_item_description_is_the_lead_with_agency_prefix(
    client, portal, make_article, agency, with_agency, expected
):
    make_article(portal["thoi_su"], lead="Sáng nay, Thành ủy họp.", agency=agency if with_agency else None)

    _, root = get_xml(client, "/rss/")

    assert rss_items(root)[0]["description"] == expected


def test_byline_is_dc_creator_not_author(client, portal, make_article):
    make_article(portal["thoi_su"], "Có bút danh", byline="Minh Anh", age=timedelta(minutes=1))
    make_article(portal["thoi_su"], "Không bút danh", age=timedelta(minutes=2))

    response, root = get_xml(client, "/rss/")

    assert root.find("channel/item/author") is None
    assert [(item["title"], item["creator"]) for item in rss_items(root)] == [
        ("Có bút danh", "Minh Anh"),
        ("Không bút danh", None),
    ]
    assert response.content.count(DC_NS.encode()) == 1  # declared once, on <rss>


def test_section_feed_has_only_its_own_articles(client, portal, make_article):
    thoi_su, kinh_te = portal["thoi_su"], portal["kinh_te"]
    subsection = thoi_su.add_child(instance=SectionPage(title="Hà Nội", slug="ha-noi"))
    own = make_article(thoi_su, "Tin thời sự", age=timedelta(minutes=1))
    nested = make_article(subsection, "Tin Hà Nội", age=timedelta(minutes=2))
    other = make_article(kinh_te, "Tin kinh tế", age=timedelta(minutes=3))

    response, root = get_xml(client, "/thoi-su/rss/")

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = root.find("channel")
    assert channel.findtext("title") == f"Thời sự – {settings.SITE_NAME}"
    assert channel.findtext("link") == f"{BASE}/thoi-su/"
    assert channel.findtext("description") == "Tin thời sự"
    links = [item["link"] for item in rss_items(root)]
    assert links == [full_url(own), full_url(nested)]
    assert full_url(other) not in links
    _, other_root = get_xml(client, "/kinh-te/rss/")
    assert [item["link"] for item in rss_items(other_root)] == [full_url(other)]


def test_section_feed_needs_a_section(rf):
    with pytest.raises(Http404):
        feeds.SectionFeed()(rf.get("/rss/"))


@pytest.mark.parametrize(
    "request_address",
    [{"secure": True}, {"HTTP_HOST": "testserver:6666"}, {"HTTP_HOST": "localhost"}],
    ids=["https", "foreign-port", "other-host"],
)
def test_feed_urls_name_the_site_address_whatever_the_request_says(
    client, portal, make_article, request_address
):
    article = make_article(portal["thoi_su"])

    response, root = get_xml(client, "/thoi-su/rss/", **request_address)

    assert root.findtext("channel/link") == f"{BASE}/thoi-su/"
    assert rss_items(root)[0]["link"] == f"{BASE}/thoi-su/{article.slug}/"
    self_link = root.find("channel/{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == f"{BASE}/thoi-su/rss/"
    assert b":6666" not in response.content and b"localhost" not in response.content


@pytest.mark.parametrize("path", ["/sitemap.xml", PAGES_FILE, ARTICLES_FILE, "/sitemap-news.xml"])
def test_sitemap_urls_name_the_site_address_whatever_the_request_says(client, portal, make_article, path):
    article = make_article(portal["thoi_su"])

    response, root = get_xml(client, path, secure=True, HTTP_HOST="testserver:6666")

    locations = [loc.text for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]
    assert locations and all(location.startswith(f"{BASE}/") for location in locations)
    if path in (ARTICLES_FILE, "/sitemap-news.xml"):
        assert f"{BASE}/thoi-su/{article.slug}/" in locations
    assert b":6666" not in response.content and b"https" not in response.content


# Sitemaps ---------------------------------------------------------------------------------------


def test_sitemap_is_an_index_of_the_sites_files(client, portal, make_article):
    article = make_article(portal["kinh_te"])

    response, root = get_xml(client, "/sitemap.xml")

    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["X-Robots-Tag"].startswith("noindex")
    entries = index_entries(root)
    assert list(entries) == [f"{BASE}{PAGES_FILE}", f"{BASE}{ARTICLES_FILE}"]
    lastmod = entries[f"{BASE}{ARTICLES_FILE}"]
    assert lastmod.endswith("+07:00")
    assert datetime.fromisoformat(lastmod) == article.last_published_at.replace(microsecond=0)


def test_sitemap_files_list_home_sections_and_articles(client, portal, make_article):
    article = make_article(portal["kinh_te"])

    response, pages = get_xml(client, PAGES_FILE)
    _, articles = get_xml(client, ARTICLES_FILE)

    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert pages.tag == f"{{{SITEMAP_NS}}}urlset"
    assert sitemap_locations(pages) == [f"{BASE}/", f"{BASE}/thoi-su/", f"{BASE}/kinh-te/"]
    assert sitemap_locations(articles) == [f"{BASE}/kinh-te/{article.slug}/"]
    entries = {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in articles.iterfind("sm:url", NS)
    }
    lastmod = datetime.fromisoformat(entries[full_url(article)])
    assert lastmod == article.last_published_at.replace(microsecond=0)
    assert entries[full_url(article)].endswith("+07:00")


def article_file(article, limit: int) -> str:
    """The file that lists `article`: block `pk // limit` of the ids, numbered from 1."""
    return f"/sitemap-bai-viet-{article.pk // limit + 1}.xml"


def test_articles_are_split_into_files_of_at_most_the_limit(
    client, portal, make_articles, make_article, monkeypatch
):
    assert sitemaps.ArticleSitemap.limit == 50_000  # sitemaps.org's limit
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 3)
    articles = make_articles(8)
    withdrawn = make_article(portal["thoi_su"], "Bài đã gỡ")
    withdrawn.unpublish()
    private_section = portal["kinh_te"].add_child(instance=SectionPage(title="Nội bộ", slug="noi-bo"))
    PageViewRestriction.objects.create(page=private_section, restriction_type="password", password="mat-khau")
    private = make_article(private_section, "Bài nội bộ")

    _, root = get_xml(client, "/sitemap.xml")

    files = [local(url) for url in index_entries(root) if "/sitemap-bai-viet-" in url]
    # File n holds the articles whose id is in [(n − 1)·3, n·3): the index names each such file
    # once, in order, and no other.
    numbers = sorted({article.pk // 3 + 1 for article in articles})
    assert len(files) > 1
    assert files == [f"/sitemap-bai-viet-{number}.xml" for number in numbers]
    listed = []
    for path in files:
        _, file_root = get_xml(client, path)
        locations = sitemap_locations(file_root)
        assert 1 <= len(locations) <= 3, path
        listed.extend(locations)
    assert sorted(listed) == sorted(full_url(article) for article in articles)  # none lost, none twice
    for hidden in (withdrawn, private):
        assert not any(hidden.slug in location for location in listed)
        assert hidden.slug.encode() not in client.get(article_file(hidden, 3)).content


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/sitemap-bai-viet-9999.xml", id="empty-block"),
        pytest.param("/sitemap-trang-9999.xml", id="empty-block-pages"),
        pytest.param("/sitemap-bai-viet-0.xml", id="zero"),
        pytest.param("/sitemap-bai-viet-01.xml", id="leading-zero"),
        pytest.param("/sitemap-bai-viet-1234567.xml", id="seven-digits"),
        pytest.param(f"{ARTICLES_FILE}?p=2", id="django-page"),
    ],
)
def test_a_file_with_nothing_or_a_wrong_number_is_not_found(client, portal, make_article, path):
    make_article(portal["thoi_su"])
    assert client.get(ARTICLES_FILE).status_code == 200
    assert client.get(path).status_code == 404


def test_a_change_makes_stale_the_index_and_the_pages_own_file(portal, make_article, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 4)
    article = make_article(portal["thoi_su"])
    site_wide = {"/rss/", "/sitemap.xml", "/sitemap-news.xml"}

    def stale_paths(page) -> set[str]:
        return {entry.path for entry in stale.stale_site_lists(page)}

    assert stale_paths(article) == {*site_wide, article_file(article, 4)}
    assert stale_paths(portal["kinh_te"]) == {*site_wide, PAGES_FILE}
    # The home page (what a CDN is told when the structure changes): every file of the site.
    assert stale_paths(portal["home"]) == {*site_wide, PAGES_FILE, article_file(article, 4)}


def test_news_sitemap_has_the_last_48_hours(client, portal, make_article):
    fresh = make_article(portal["thoi_su"], VIETNAMESE_TITLE, age=timedelta(hours=1))
    old = make_article(portal["thoi_su"], "Tin cũ", age=timedelta(days=3))

    response, root = get_xml(client, "/sitemap-news.xml")

    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert sitemap_locations(root) == [full_url(fresh)]
    assert full_url(old).encode() not in response.content
    news = root.find("sm:url/news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == settings.SITE_NAME
    assert news.findtext("news:publication/news:language", namespaces=NS) == "vi"
    assert news.findtext("news:title", namespaces=NS) == VIETNAMESE_TITLE
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published.endswith("+07:00")
    assert datetime.fromisoformat(published) == fresh.published_at.replace(microsecond=0)


def test_news_sitemap_is_capped(client, portal, make_articles, monkeypatch):
    articles = make_articles(3)
    assert sitemaps.NewsSitemap.limit == 1000
    monkeypatch.setattr(sitemaps.NewsSitemap, "limit", 2)

    _, root = get_xml(client, "/sitemap-news.xml")

    assert sitemap_locations(root) == [full_url(article) for article in articles[:2]]


# What every list shares --------------------------------------------------------------------------


@pytest.mark.parametrize("url", ARTICLE_LISTS)
def test_vietnamese_text_comes_through_intact(client, portal, make_article, url):
    decomposed = unicodedata.normalize("NFD", VIETNAMESE_TITLE)  # as pasted from some editors
    article = make_article(portal["thoi_su"], decomposed, age=timedelta(hours=1))

    response, _ = get_xml(client, url)

    text = response.content.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert full_url(article) in text
    if "sitemap-bai-viet" not in url:  # the sitemap files list URLs only
        assert VIETNAMESE_TITLE in text


@pytest.mark.parametrize("url", ARTICLE_LISTS)
def test_unpublished_and_private_articles_never_appear(client, portal, make_article, url):
    shown = make_article(portal["thoi_su"], "Bài đang đăng", age=timedelta(hours=1))
    withdrawn = make_article(portal["thoi_su"], "Bài đã gỡ", age=timedelta(hours=1))
    withdrawn.unpublish()
    private_section = portal["thoi_su"].add_child(instance=SectionPage(title="Nội bộ", slug="noi-bo"))
    PageViewRestriction.objects.create(
        page=private_section, restriction_type="password", password="mat-khau-123"
    )
    private = make_article(private_section, "Bài nội bộ", age=timedelta(hours=1))

    response, _ = get_xml(client, url)

    assert full_url(shown).encode() in response.content
    for hidden in (withdrawn, private):
        assert hidden.slug.encode() not in response.content
        assert hidden.title.encode() not in response.content


# Query counts -----------------------------------------------------------------------------------

#: Queries per request once the site root paths are cached; none depends on the number of articles.
EXPECTED_QUERIES = {
    # The Site (and the home page as its own type) come from the fragment cache
    # (cache.fragments, kept until the content changes), so no query of their own.
    # articles (view restrictions are a subquery), their authors
    "/rss/": 2,
    # serving the section page (the section's own row; sections.routing's lookup and its view
    # restrictions come from the fragment cache: depends on sections.routing, not on articles)
    # + the feed's (articles, their authors)
    "/thoi-su/rss/": 3,
    # the file's rows: a range of ids, view restrictions as a subquery, no count
    ARTICLES_FILE: 1,
    PAGES_FILE: 1,
    # the rows (at most 1,000; no count)
    "/sitemap-news.xml": 1,
    # one grouped query per kind of file (pages, articles)
    "/sitemap.xml": 2,
}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        *ARTICLE_LISTS,
        pytest.param("/sitemap.xml", id="sitemap-index"),
        pytest.param(PAGES_FILE, id="sitemap-pages"),
    ],
)
def test_query_count_does_not_grow_with_articles(client, make_articles, django_assert_num_queries, url):
    make_articles(5)
    client.get(url)  # warms the site root paths cache
    with_5 = count_queries(client, url)

    make_articles(25)
    client.get(url)
    with_30 = count_queries(client, url)

    assert with_5 == with_30
    with django_assert_num_queries(EXPECTED_QUERIES[url]):
        response = client.get(url)
    listed = sum(response.content.count(tag) for tag in (b"<item>", b"<url>", b"<sitemap>"))
    assert listed >= {"/sitemap.xml": 2, PAGES_FILE: 3}.get(url, 15)


def test_section_feed_alone_costs_three_queries(rf, portal, make_articles, django_assert_num_queries):
    """The feed's own share of `/<section>/rss/`, apart from how Wagtail routes to the section."""
    section = SectionPage.objects.get(pk=portal["thoi_su"].pk)
    Site.get_site_root_paths()  # warm the cache, as any earlier request would
    portal_settings.for_site(Site.objects.get(is_default_site=True))  # the portal's name likewise
    counts = []
    for count in (5, 25):
        make_articles(count)
        with CaptureQueriesContext(connection) as context:
            feeds.SectionFeed()(rf.get("/thoi-su/rss/"), section=section)
        counts.append(len(context.captured_queries))

    assert counts[0] == counts[1]
    # site, articles (with the view-restriction subquery), their authors
    with django_assert_num_queries(3):
        response = feeds.SectionFeed()(rf.get("/thoi-su/rss/"), section=section)
    assert response.content.count(b"<item>") == 15


# robots.txt and OpenSearch ----------------------------------------------------------------------


def test_robots_txt(client, portal):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:3] == ["User-agent: *", "Allow: /", "Disallow: /admin/"]
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert not any(line.startswith("Disallow: /documents") for line in lines)


def test_robots_txt_names_the_site_address_whatever_the_request_says(client, portal):
    response = client.get("/robots.txt", secure=True, HTTP_HOST="localhost:6666")

    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not any("localhost" in line or "6666" in line for line in lines)


def test_site_address_is_the_default_sites_when_no_site_names_the_host(client, portal):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "tin.example.gov.vn", 443
    site.save()

    lines = client.get("/robots.txt", HTTP_HOST="127.0.0.1:6666").content.decode().splitlines()
    assert "Sitemap: https://tin.example.gov.vn/sitemap.xml" in lines
    description = client.get("/opensearch.xml", HTTP_HOST="localhost").content.decode()
    assert 'template="https://tin.example.gov.vn/tim-kiem/?q={searchTerms}"' in description


def test_opensearch_description(client, portal):
    response, root = get_xml(client, "/opensearch.xml")

    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert root.tag == f"{{{OPENSEARCH_NS}}}OpenSearchDescription"
    short_name = root.findtext("os:ShortName", namespaces=NS)
    assert 0 < len(short_name) <= 16
    assert short_name == views.short_name(settings.SITE_NAME)
    assert root.findtext("os:InputEncoding", namespaces=NS) == "UTF-8"
    assert root.findtext("os:Language", namespaces=NS) == "vi"
    assert root.findtext("os:Description", namespaces=NS) == settings.SITE_DESCRIPTION
    html = root.find("os:Url[@type='text/html']", NS)
    assert html.get("template") == "http://testserver/tim-kiem/?q={searchTerms}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Cổng thông tin điện tử Tòa Soạn", "Tòa Soạn", id="generic-prefix"),
        pytest.param("Báo Hà Nội", "Báo Hà Nội", id="short-enough"),
        pytest.param("Cổng TTĐT Thành phố Hồ Chí Minh", "Thành phố Hồ Chí", id="prefix-then-words"),
        pytest.param("Tạp chí Kinh tế và Dự báo", "Tạp chí Kinh tế", id="whole-words"),
        pytest.param("Siêudàiquákhôngcódấucách", "Siêudàiquákhôngc", id="one-long-word"),
        pytest.param(unicodedata.normalize("NFD", "Báo Đà Nẵng"), "Báo Đà Nẵng", id="nfd-counts-letters"),
    ],
)
def test_short_name(name, expected):
    assert views.short_name(name) == expected
    assert len(views.short_name(name)) <= 16
