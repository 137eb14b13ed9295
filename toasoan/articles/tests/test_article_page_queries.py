"""The exact number of queries of the home, a section and an article page."""

from __future__ import annotations

import copy

import pytest
from wagtail.images.models import Image

from conftest import site_home

from .test_article_pages import _png, site_builder


def build_site():
    """Three sections (one a subsection) of six articles each, half with a listing image."""
    image = Image.objects.create(title="Ảnh hội nghị", file=_png())
    return site_builder(site_home(), image)(6)


@pytest.fixture(scope="module")
def built_site(module_db):
    return module_db(build_site)


@pytest.fixture
def site(built_site, db):
    """The site, built once per module."""
    return copy.deepcopy(built_site)


@pytest.mark.parametrize("url_name", ["home", "section", "article"], ids=["home", "section", "article"])
def test_exact_query_counts(client, site, django_assert_num_queries, url_name):
    sections, _, articles = site
    url = {"home": "/", "section": sections[0].url, "article": articles[-1].url}[url_name]
    client.get(url)
    # The article's view count comes joined to its own query. The most-read lists of home and
    # section pages are computed on the first request, then come from the cache. So do, until
    # the content changes (cache.fragments), the Site and its home page, the routing lookup,
    # view restrictions, the navigation and subsection menus, an article's breadcrumbs, newer
    # and older lists, tags, authors, story threads (editorial) and rendered body: what is left
    # of the article is its own row and its comments. Lists are read as rows of what their items
    # show (listing.Teasers): the items are kept (articles.templatetags.teasers), so no image or
    # rendition query. The home page's lists and a section's count and pages are kept too
    # (sections.services): what is read again is their comment counts, in one query.
    expected = {"home": 1, "section": 2, "article": 2}[url_name]
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
