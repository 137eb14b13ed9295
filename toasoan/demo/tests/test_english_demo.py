"""The demo's English pages (toasoan/demo/english.py): made once, as translations of the
Vietnamese home, introduction, contacts, news section and three articles, linked both ways."""

from __future__ import annotations

from wagtail.models import Locale, Page

from toasoan.demo import english, organisation, pages


def test_the_english_demo_pages_are_translations_made_once(client, home, make_section, make_article):
    pages.ensure_pages(home, None)
    organisation.ensure_organisation(home, None)
    news = make_section("Thời sự", slug=english.NEWS_SECTION)
    for number, title in enumerate(english.ARTICLES):
        make_article(news, title, slug=f"bai-{number}")
    # Home, introduction, contacts, the chart and its named units, the news section, 3 articles.
    expected = 1 + 2 + 1 + len(english.UNITS) + 1 + 3
    assert english.ensure_english(home, None) == expected
    assert english.ensure_english(home, None) == 0
    locale = Locale.objects.get(language_code="en")
    made = Page.objects.filter(locale=locale)
    assert made.count() == expected and all(page.live for page in made)
    chart = client.get("/en/organisation/").content.decode()
    assert '<html lang="en">' in chart
    assert "Justice Division" in chart and "Culture, Information and Sports Centre" in chart
    one_stop = Page.objects.get(locale=locale, title="One-stop shop")
    assert one_stop.url.startswith("/en/organisation/") and client.get(one_stop.url).status_code == 200
    introduction = client.get("/en/introduction/").content.decode()
    assert "Hòa Phong District lies in the west of Đông Sơn Province" in introduction
    assert '<html lang="en">' in introduction
    assert "+84 200 3812 345" in client.get("/en/contact/").content.decode()
    vietnamese = client.get(f"/{pages.INTRODUCTION.slug}/").content.decode()
    assert 'hreflang="en" href="http://localhost/en/introduction/"' in vietnamese
    news_page = client.get("/en/news/").content.decode()
    assert all(spec.title in news_page for spec in english.ARTICLES.values())
