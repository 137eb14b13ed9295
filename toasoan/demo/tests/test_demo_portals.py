"""`load_demo_portals`: a department and a commune next to the main portal, on `*.localhost`."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from conftest import site_home
from toasoan.articles.models import ArticlePage, Author
from toasoan.demo import portals
from toasoan.editorial.services import newsroom


@pytest.fixture
def main(db, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    home = site_home()
    newsroom.setup_newsroom()
    return home


def test_the_command_makes_two_portals_and_prints_their_addresses_and_accounts(main, client):
    out = StringIO()
    call_command("load_demo_portals", "--port", "8000", stdout=out)
    text = out.getvalue()
    assert "Trang cho người đọc: http://so-van-hoa.localhost:8000/" in text
    assert "Trang cho người đọc: http://xa-hoa-an.localhost:8000/" in text
    accounts = dict(re.findall(r"(thuky\.[a-z-]+|bientap\.[a-z-]+) / (\S+)", text))
    assert set(accounts) == {"thuky.so-van-hoa", "bientap.so-van-hoa", "thuky.xa-hoa-an", "bientap.xa-hoa-an"}
    user = get_user_model().objects.get(username="thuky.xa-hoa-an")
    assert user.check_password(accounts["thuky.xa-hoa-an"]) and not user.is_superuser
    groups = [group.name for group in user.groups.all()]
    assert groups == ["Thư ký tòa soạn – Cổng thông tin điện tử xã Hòa An"]
    # Each portal answers at its own address with its own name and articles.
    html = client.get("/", HTTP_HOST="xa-hoa-an.localhost:8000").content.decode()
    assert "Cổng thông tin điện tử xã Hòa An" in html and "Khánh thành cầu treo thôn Đông Hòa" in html
    assert "Ủy ban nhân dân xã Hòa An" in html and "Liên hoan nghệ thuật" not in html
    html = client.get("/", HTTP_HOST="so-van-hoa.localhost:8000").content.decode()
    assert "Liên hoan nghệ thuật quần chúng" in html and "cầu treo" not in html


def test_running_it_again_adds_nothing_and_gives_new_passwords(main):
    first = portals.load_portals(8000)
    counts = (Page.objects.count(), Site.objects.count(), Author.objects.count())
    again = portals.load_portals(8000)
    assert (Page.objects.count(), Site.objects.count(), Author.objects.count()) == counts
    assert [portal.articles for portal in again] == [0, 0] and not any(portal.created for portal in again)
    assert first[0].accounts[0].password != again[0].accounts[0].password


def test_each_portals_articles_are_by_a_writer_of_that_portal_only(main, client):
    portals.load_portals(8000)
    for spec in portals.PORTALS:
        site = Site.objects.get(hostname=spec.host)
        writer = Author.objects.get(name=spec.writer.name)
        assert writer.site_id == site.pk
        articles = ArticlePage.objects.descendant_of(site.root_page)
        assert articles.count() == len(spec.articles)
        assert all(list(article.authors.all()) == [writer] for article in articles)
    page = ArticlePage.objects.get(title="Khánh thành cầu treo thôn Đông Hòa")
    html = client.get(page.get_url_parts()[2], HTTP_HOST="xa-hoa-an.localhost:8000").content.decode()
    assert "Văn Tài" in html
