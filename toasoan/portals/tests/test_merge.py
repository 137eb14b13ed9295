"""merge_portals: two former communes' portals merged into the new commune's; every old address,
asked with the old Host, answers 301 to where its page now is."""

from __future__ import annotations

import copy
import json
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from conftest import new_article, new_section, site_home
from toasoan.articles.models import Agency, Author
from toasoan.articles.tests.portals import new_portal, publish
from toasoan.cache.pagecache import page_cache
from toasoan.delivery.middleware import CACHE_HEADER
from toasoan.links.models import LinkIndexPage
from toasoan.portals.services import merge
from toasoan.sections.models import ContentPage, SectionPage

OLD_A, OLD_B, NEW = "xa-an-binh.localhost", "xa-binh-minh.localhost", "xa-an-minh.localhost"
HOSTS = [OLD_A, OLD_B, NEW]


def build():
    site_home()  # the province's main portal, left alone
    an_binh = new_portal("UBND xã An Bình", OLD_A)
    news = new_section(an_binh, "Tin tức")
    notices = new_section(an_binh, "Thông báo", parent=news)
    first = new_article(news, "Xã An Bình khánh thành trường mầm non", published_at="08:00 01/03/2025")
    first.tags.add("Giáo dục")
    publish(first)
    publish(new_article(notices, "Lịch tiếp công dân tháng 4", published_at="09:00 02/04/2025"))
    an_binh.add_child(instance=ContentPage(title="Giới thiệu", lead="Xã An Bình cũ."))
    binh_minh = new_portal("UBND xã Bình Minh", OLD_B)
    publish(new_article(new_section(binh_minh, "Tin tức"), "Bình Minh làm đường liên thôn"))
    binh_minh.add_child(instance=LinkIndexPage(title="Liên kết"))  # no section may hold it
    an_minh = new_portal("UBND xã An Minh", NEW)
    publish(new_article(new_section(an_minh, "Tin tức"), "Xã An Minh ra mắt"))
    return {"an_binh": an_binh, "binh_minh": binh_minh, "an_minh": an_minh}


@pytest.fixture(scope="module")
def built(module_db):
    return module_db(build)


@pytest.fixture
def portals(built, db, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *HOSTS]
    return copy.deepcopy(built)


def old_addresses(home: Page) -> dict[str, tuple[int, str]]:
    """Every address the portal's live pages answer at → (page id, route), read before the merge."""
    found = {"/": (0, "")}
    for page in Page.objects.descendant_of(home).live().specific():
        own = "/" + page.url_path[len(home.url_path) :]
        for route in page.get_cached_paths():
            found[own if route == "/" else own.rstrip("/") + route] = (page.pk, route.lstrip("/"))
    return found


def test_every_old_address_answers_301_to_where_its_page_is(client, portals):
    links = "/lien-ket/"
    before = {OLD_A: old_addresses(portals["an_binh"]), OLD_B: old_addresses(portals["binh_minh"])}
    assert before[OLD_B].pop(links)  # left in place, see below
    # The home page; two sections (list and feed), two articles (page, print, download), a content
    # page (page, print); the other portal's home, section and article.
    assert len(before[OLD_A]) == 1 + 2 * 2 + 2 * 3 + 2 and len(before[OLD_B]) == 1 + 2 + 3
    for host, addresses in before.items():
        for path in addresses:
            assert client.get(path, HTTP_HOST=host).status_code == 200, (host, path)

    report = merge.merge_portals([OLD_A, OLD_B], into=NEW)

    new_root = f"http://{NEW}"
    for host, addresses in before.items():
        for path, (page_id, route) in addresses.items():
            response = client.get(path, HTTP_HOST=host)
            assert response.status_code == 301, (host, path)
            location = response["Location"]
            if page_id == 0:
                assert location == new_root + "/", (host, path)
                continue
            page = Page.objects.get(pk=page_id)
            assert location == new_root + page.get_url_parts()[2] + route, (host, path)
            assert page.get_url_parts()[2].startswith("/truoc-day-ubnd-xa-"), path
            moved = client.get(location.removeprefix(new_root), HTTP_HOST=NEW)  # and it is there
            assert moved.status_code == 200 and page.title in moved.content.decode(), location
    # A page no section may hold stays where it was, the report says so; its old address, as any
    # address of the old host without a redirect of its own, leads to the new home page.
    assert report.portals[1].left == ["Liên kết"] and report.portals[0].left == []
    for path in (links, "/sitemap.xml", "/robots.txt", "/khong-co-trang-nay/"):
        response = client.get(path, HTTP_HOST=OLD_B)
        assert response.status_code == 301 and response["Location"] == new_root + "/", path
    assert client.get("/rss/", HTTP_HOST=OLD_B)["Location"] == new_root + "/rss/"
    news = SectionPage.objects.get(pk=before[OLD_A]["/tin-tuc/"][0])
    listed = client.get("/tin-tuc/?trang=2", HTTP_HOST=OLD_A)  # a list's later page: to the list
    assert listed.status_code == 301 and listed["Location"] == new_root + news.get_url_parts()[2]
    assert client.head("/tin-tuc/", HTTP_HOST=OLD_A).status_code == 301
    tag = client.get("/chu-de/giao-duc/", HTTP_HOST=OLD_A)
    assert tag.status_code == 301 and tag["Location"] == new_root + "/chu-de/giao-duc/"

    first, second = report.portals
    assert (first.name, second.name) == ("UBND xã An Bình", "UBND xã Bình Minh")
    assert first.moved == ["Tin tức", "Giới thiệu"] and second.moved == ["Tin tức"]
    assert first.retired and second.retired and not report.nothing_to_do
    assert first.redirects_created == 13 + 2 and second.redirects_created == 6 + 1  # a tag, the feed


def test_the_old_sections_live_under_a_former_section_of_the_new_portal(portals):
    merge.merge_portals([OLD_A, OLD_B], into=NEW)
    an_minh = portals["an_minh"]
    archives = {section.title: section for section in SectionPage.objects.child_of(an_minh)}
    assert set(archives) == {"Tin tức", "Trước đây: UBND xã An Bình", "Trước đây: UBND xã Bình Minh"}
    former = archives["Trước đây: UBND xã An Bình"]
    assert former.live and not former.show_in_menus
    assert [page.title for page in former.get_children()] == ["Tin tức", "Giới thiệu"]
    notices = SectionPage.objects.get(title="Thông báo")
    assert notices.get_parent().get_parent().pk == former.pk  # subsections keep their place
    assert not Page.objects.child_of(portals["an_binh"]).exists()
    assert not Page.objects.get(pk=portals["an_binh"].pk).live  # the old home is retired
    assert Site.objects.filter(hostname=OLD_A).exists()  # its host still leads to its redirects


def test_a_second_run_has_nothing_to_do(portals):
    merge.merge_portals([OLD_A, OLD_B], into=NEW)
    redirects = Redirect.objects.count()
    again = merge.merge_portals([OLD_A, OLD_B], into=NEW)
    assert again.nothing_to_do
    assert all(portal.moved == [] and portal.redirects_created == 0 for portal in again.portals)
    assert all(portal.already_retired for portal in again.portals)
    assert (
        again.portals[0].redirects_kept == 2
    )  # the home page and the feed; the moved pages' need no second look
    assert Redirect.objects.count() == redirects
    assert SectionPage.objects.filter(title__startswith="Trước đây:").count() == 2


def test_a_dry_run_reports_the_same_and_changes_nothing(client, portals):
    assert client.get("/tin-tuc/", HTTP_HOST=OLD_A).status_code == 200
    dry = merge.merge_portals([OLD_A], into=NEW, dry_run=True)
    assert client.get("/tin-tuc/", HTTP_HOST=OLD_A).status_code == 200  # the old host still serves
    assert dry.dry_run and Redirect.objects.count() == 0
    assert Page.objects.child_of(portals["an_binh"]).count() == 2
    assert Page.objects.get(pk=portals["an_binh"].pk).live
    assert not SectionPage.objects.filter(title__startswith="Trước đây:").exists()
    real = merge.merge_portals([OLD_A], into=NEW)
    assert dry.portals[0].moved == real.portals[0].moved and dry.portals[0].redirects_created == 15
    assert real.portals[0].redirects_created == 15


def test_the_command_prints_a_report_in_text_and_json(portals):
    out = StringIO()
    call_command("merge_portals", OLD_A, OLD_B, "--into", NEW, "--dry-run", stdout=out)
    text = out.getvalue()
    assert "CHẠY THỬ" in text and "UBND xã An Bình" in text and "chuyển hướng 301: 15 mới" in text
    out = StringIO()
    call_command("merge_portals", OLD_A, OLD_B, "--into", NEW, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["into"] == NEW and not data["dry_run"] and not data["nothing_to_do"]
    assert [portal["host"] for portal in data["portals"]] == [OLD_A, OLD_B]
    out = StringIO()
    call_command("merge_portals", OLD_A, OLD_B, "--into", NEW, stdout=out)
    assert "Không có gì phải làm." in out.getvalue()


def test_the_old_portals_authors_and_agencies_become_the_new_portals(portals):
    site = {host: Site.objects.get(hostname=host) for host in HOSTS}
    main = Site.objects.get(is_default_site=True)
    writers = {
        OLD_A: Author.objects.create(name="Nguyễn An Bình", site=site[OLD_A]),
        OLD_B: Author.objects.create(name="Trần Bình Minh", site=site[OLD_B]),
        NEW: Author.objects.create(name="Lê An Minh", site=site[NEW]),
        "main": Author.objects.create(name="Phạm Tỉnh", site=main),
        "every": Author.objects.create(name="Cộng tác viên tỉnh", site=None),
    }
    source = Agency.objects.create(code="XAB", name="UBND xã An Bình", site=site[OLD_A])
    national = Agency.objects.create(code="TTXVN", name="Thông tấn xã Việt Nam", site=None)

    def portal_of(row) -> int | None:
        return type(row).objects.get(pk=row.pk).site_id

    dry = merge.merge_portals([OLD_A, OLD_B], into=NEW, dry_run=True)
    assert [(p.authors_moved, p.agencies_moved) for p in dry.portals] == [(1, 1), (1, 0)]
    assert portal_of(writers[OLD_A]) == site[OLD_A].pk and portal_of(source) == site[OLD_A].pk

    report = merge.merge_portals([OLD_A, OLD_B], into=NEW)
    assert [(p.authors_moved, p.agencies_moved) for p in report.portals] == [(1, 1), (1, 0)]
    assert {key: portal_of(row) for key, row in writers.items()} == {
        OLD_A: site[NEW].pk,
        OLD_B: site[NEW].pk,
        NEW: site[NEW].pk,
        "main": main.pk,
        "every": None,
    }
    assert (portal_of(source), portal_of(national)) == (site[NEW].pk, None)

    again = merge.merge_portals([OLD_A, OLD_B], into=NEW)
    assert again.nothing_to_do and all(p.authors_moved == p.agencies_moved == 0 for p in again.portals)


def test_the_command_says_how_many_authors_and_agencies_moved(portals):
    Author.objects.create(name="Nguyễn An Bình", site=Site.objects.get(hostname=OLD_A))
    out = StringIO()
    call_command("merge_portals", OLD_A, "--into", NEW, stdout=out)
    assert "chuyển sang cổng mới: 1 tác giả, 0 nguồn tin" in out.getvalue()


@pytest.mark.parametrize(
    ("old", "into", "message"),
    [
        pytest.param(["xa-khong-co.localhost"], NEW, "Không có cổng thông tin nào", id="unknown"),
        pytest.param([NEW], NEW, "vào chính nó", id="itself"),
        pytest.param(["localhost"], NEW, "cổng mặc định", id="main-portal"),
    ],
)
def test_bad_addresses_are_refused_in_vietnamese(portals, old, into, message):
    with pytest.raises(CommandError, match=message):
        call_command("merge_portals", *old, "--into", into, stdout=StringIO())
    assert Redirect.objects.count() == 0


def test_pages_cached_for_the_old_host_give_way_to_the_redirects(
    client, portals, settings, django_capture_on_commit_callbacks
):
    """Page cache on: what readers of the old host had cached is purged by the merge itself."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_KEY_PREFIX = f"t{uuid.uuid4().hex[:12]}"
    settings.WAGTAILFRONTENDCACHE = {}
    page_cache.forget_local()
    addresses = old_addresses(portals["an_binh"])
    for path in addresses:
        client.get(path, HTTP_HOST=OLD_A)
        if not path.endswith("tai-ve/"):  # the saved file is an attachment, never kept
            assert client.get(path, HTTP_HOST=OLD_A)[CACHE_HEADER] == "hit", path
    with django_capture_on_commit_callbacks(execute=True):
        merge.merge_portals([OLD_A], into=NEW)
    for path in addresses:
        assert client.get(path, HTTP_HOST=OLD_A).status_code == 301, path
    page_cache.forget_local()
