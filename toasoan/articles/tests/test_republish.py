"""Republishing ("đăng lại"): a component portal's article shown in the main portal as a reference.

The main portal is the default Site (localhost); the component portal is a Site of its own
(so-y-te.localhost). Its article, republished in a section of the main portal, is listed there,
points its canonical link to the origin, follows every change of the origin on the very next
request (page cache on) and disappears with it.
"""

from __future__ import annotations

import copy

import pytest
from wagtail.models import PageViewRestriction

from conftest import new_article, new_section, site_home
from toasoan.articles.models import ArticlePage
from toasoan.articles.services import republish
from toasoan.delivery.middleware import CACHE_HEADER
from toasoan.delivery.services import purge as purges
from toasoan.search.models import SearchDocument

from .portals import new_portal, publish

HOST = "so-y-te.localhost"
ORIGIN_TITLE = "Sở Y tế triển khai tiêm chủng mùa mưa"


def build():
    main = site_home()
    province = new_section(main, "Tin tỉnh")
    publish(new_article(province, "Tỉnh họp bàn kế hoạch năm", published_at="07:00 01/09/2020"))
    health = new_portal("Sở Y tế", HOST)
    news = new_section(health, "Tin y tế")
    origin = new_article(news, ORIGIN_TITLE, published_at="09:00 01/09/2020")
    origin.tags.add("Tiêm chủng")
    publish(origin)
    other = publish(new_article(news, "Bài chỉ của Sở Y tế", published_at="10:00 01/09/2020"))
    alias = republish.republish(origin, province).page
    purges.run_pending()
    return {"main": main, "province": province, "health": health, "news": news, "origin": origin,
            "other": other, "alias": alias}  # fmt: skip


@pytest.fixture(scope="module")
def built(module_db):
    return module_db(build)


@pytest.fixture
def portals(built, db, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    return copy.deepcopy(built)


def _html(client, url, host=None) -> str:
    response = client.get(url, **({"HTTP_HOST": host} if host else {}))
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_republished_article_is_an_alias_in_the_main_portal(portals):
    alias, origin = portals["alias"], portals["origin"]
    assert isinstance(alias, ArticlePage) and alias.alias_of_id == origin.pk
    assert alias.get_parent().pk == portals["province"].pk and alias.live
    assert alias.published_at == origin.published_at  # the article's own time, not the republishing's
    assert republish.origin_of(alias).pk == origin.pk


def _path(page) -> str:
    """The page's path on its own site (with several Sites, `page.url` is a full URL)."""
    return page.get_url_parts()[2]


def _origin_url(portals) -> str:
    return f"http://{HOST}{_path(portals['origin'])}"


def test_listed_in_the_main_portal_and_once_in_each(client, portals):
    """Each portal lists the article under one address: the main portal its copy, the component
    portal its origin (a list item names the article once, whatever block it is in)."""
    alias, origin = portals["alias"], portals["origin"]
    origin_path = _path(origin)
    for url in ["/", _path(portals["province"]), _path(portals["province"]) + "rss/", "/chu-de/tiem-chung/"]:
        html = _html(client, url)
        assert ORIGIN_TITLE in html and _path(alias) in html, url
        assert origin_path not in html, url  # never the origin beside its copy
        assert "Bài chỉ của Sở Y tế" not in html, url  # only what was republished
    for url in ["/", _path(portals["news"]), "/chu-de/tiem-chung/"]:
        html = _html(client, url, HOST)
        assert ORIGIN_TITLE in html and origin_path in html, url
        assert _path(alias) not in html, url


def test_search_lists_the_copy_in_the_main_portal_and_the_origin_province_wide(client, portals):
    """A portal's search finds the articles it shows (the copy in the main portal); a search of
    every portal finds the article once, at its origin's address."""
    alias = portals["alias"]
    query = {"q": "tiem chung mua mua"}

    def found(**extra) -> list[str]:
        payload = client.get("/tim-kiem.json", {**query, **extra}).json()
        return [result["url"] for result in payload["results"] if result["title"] == ORIGIN_TITLE]

    assert found() == [f"http://localhost{_path(alias)}"]
    assert found(**{"pham-vi": "toan-tinh"}) == [_origin_url(portals)]
    component = client.get("/tim-kiem.json", query, HTTP_HOST=HOST).json()
    assert [result["url"] for result in component["results"]] == [_origin_url(portals)]


def test_the_canonical_link_points_to_the_origin_at_its_own_site(client, portals):
    origin_url = _origin_url(portals)
    html = _html(client, _path(portals["alias"]))
    assert f'<link rel="canonical" href="{origin_url}">' in html
    assert f'<meta property="og:url" content="{origin_url}">' in html
    assert f'href="{origin_url}"' in html.split('class="article__origin"')[1]  # readers see the source
    printed = _html(client, _path(portals["alias"]) + "in/")
    assert f'<link rel="canonical" href="{origin_url}">' in printed
    own = _html(client, _path(portals["origin"]), HOST)
    assert f'<link rel="canonical" href="{origin_url}">' in own
    assert "article__origin" not in own


def test_republishing_again_does_nothing_and_bad_requests_say_why(portals):
    again = republish.republish(portals["origin"], portals["province"])
    assert not again.created and again.page.pk == portals["alias"].pk
    via_alias = republish.republish(portals["alias"], new_section(portals["main"], "Tin khác"))
    assert not via_alias.created  # the alias leads to its origin, already carried in this portal
    with pytest.raises(republish.RepublishError, match="đã thuộc cổng này"):
        republish.republish(portals["other"], portals["news"])
    portals["other"].unpublish()
    with pytest.raises(republish.RepublishError, match="chưa đăng hoặc đang bị giới hạn"):
        republish.republish(portals["other"], portals["province"])
    assert ArticlePage.objects.filter(alias_of__isnull=False).count() == 1


def test_an_edit_of_the_origin_shows_through_on_the_next_request(
    client, portals, page_cache_on, django_capture_on_commit_callbacks
):
    alias, province = portals["alias"], portals["province"]
    watched = ["/", _path(province), _path(province) + "rss/", _path(alias), _path(alias) + "in/"]
    for url in watched:
        client.get(url)
        assert client.get(url)[CACHE_HEADER] == "hit", url
    origin = ArticlePage.objects.get(pk=portals["origin"].pk)
    origin.title = "Sở Y tế mở rộng tiêm chủng cho trẻ em"
    origin.lead = "Sapo mới của bài gốc."
    with django_capture_on_commit_callbacks(execute=True):
        publish(origin)
    for url in watched:
        response = client.get(url)
        assert response[CACHE_HEADER] == "miss", url
        assert "Sở Y tế mở rộng tiêm chủng cho trẻ em" in response.content.decode(), url
    assert "Sapo mới của bài gốc." in _html(client, _path(alias))
    assert SearchDocument.objects.get(pk=alias.pk).title == "Sở Y tế mở rộng tiêm chủng cho trẻ em"


def test_an_unpublished_origin_takes_the_republished_article_away(
    client, portals, page_cache_on, django_capture_on_commit_callbacks
):
    alias, province = portals["alias"], portals["province"]
    for url in ["/", _path(province), _path(alias)]:
        client.get(url)
    assert SearchDocument.objects.filter(pk=alias.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=portals["origin"].pk).unpublish()
    assert client.get(_path(alias)).status_code == 404
    assert ORIGIN_TITLE not in _html(client, "/")
    assert ORIGIN_TITLE not in _html(client, _path(province))
    assert not SearchDocument.objects.filter(pk=alias.pk).exists()


def test_a_restriction_above_the_origin_hides_the_republished_article(
    client, portals, page_cache_on, django_capture_on_commit_callbacks
):
    alias, province = portals["alias"], portals["province"]
    for url in ["/", _path(province), _path(province) + "rss/", _path(alias)]:
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        # On the origin's section, not the origin: Wagtail's own check would miss it.
        PageViewRestriction.objects.create(page=portals["news"], restriction_type=PageViewRestriction.LOGIN)
    response = client.get(_path(alias))
    assert response.status_code == 302 and "/login/" in response["Location"]
    for url in ["/", _path(province), _path(province) + "rss/"]:
        assert ORIGIN_TITLE not in _html(client, url), url
    assert not SearchDocument.objects.filter(pk=alias.pk).exists()
    assert republish.republished_in(portals["origin"], portals["main"]) is not None  # kept, only hidden


def test_a_deleted_origin_takes_its_republished_copies(portals):
    ArticlePage.objects.get(pk=portals["origin"].pk).delete()
    assert not ArticlePage.objects.filter(pk=portals["alias"].pk).exists()
    assert ArticlePage.objects.filter(pk=portals["other"].pk).exists()


def test_a_change_to_the_origin_purges_the_pages_of_its_copies(portals):
    alias, province = portals["alias"], portals["province"]
    origin = ArticlePage.objects.get(pk=portals["origin"].pk)
    purge = purges.article_purge(origin)
    main_paths = purge.paths["http://localhost"]
    assert {
        _path(alias),
        _path(alias) + "in/",
        _path(alias) + "tai-ve/",
        _path(province),
        _path(province) + "rss/",
        "/",
    } <= (main_paths)
    assert purge.paths[f"http://{HOST}"] >= {"/"}  # and the origin's own portal
    # Moving the origin within its portal: the copy's pages are purged with it.
    target = new_section(portals["health"], "Thông báo")
    origin.move(target, pos="last-child")
    moved = purges.page_purge(ArticlePage.objects.get(pk=origin.pk))
    assert _path(alias) in moved.paths["http://localhost"]


#: As for a portal without republished articles (articles/tests/test_article_page_queries.py,
#: discovery/tests/test_discovery.py).
EXPECTED_QUERIES = {"home": 1, "section": 2, "article": 2, "section-rss": 3, "site-rss": 2, "sitemap": 1}


@pytest.mark.parametrize("name", list(EXPECTED_QUERIES))
def test_query_counts_do_not_go_up(client, portals, django_assert_num_queries, name):
    """The main portal's pages, feeds and sitemap showing a republished article cost what they
    cost without one, and so does the republished article's own page."""
    province = _path(portals["province"])
    urls = {"home": "/", "section": province, "article": _path(portals["alias"])}
    urls.update({"section-rss": province + "rss/", "site-rss": "/rss/", "sitemap": "/sitemap-bai-viet-1.xml"})
    url = urls[name]
    client.get(url)
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        response = client.get(url)
    assert response.status_code == 200 and _path(portals["alias"]).encode() in response.content


def test_the_admin_republishes_by_address(client, portals, otp_login, django_user_model):
    editor = django_user_model.objects.create_superuser(
        "bientap-tinh", "tinh@example.vn", "mat-khau-rat-dai-123"
    )
    otp_login(client, editor)
    other = portals["other"]
    form = client.get("/admin/dang-lai/", {"bai": other.pk})
    html = form.content.decode()
    assert form.status_code == 200 and "Đăng lại bài từ cổng khác" in html and f'value="{other.pk}"' in html
    other_url = f"http://{HOST}{_path(other)}"
    response = client.post("/admin/dang-lai/", {"address": other_url, "section": portals["province"].pk})
    assert response.status_code == 302
    alias = ArticlePage.objects.get(alias_of=other)
    assert alias.get_parent().pk == portals["province"].pk
    bad = client.post(
        "/admin/dang-lai/", {"address": f"http://{HOST}/khong-co/", "section": portals["province"].pk}
    )
    assert "Không tìm thấy bài viết nào ở địa chỉ này" in bad.content.decode()
    same = client.post("/admin/dang-lai/", {"address": other_url, "section": portals["news"].pk})
    assert "đã thuộc cổng này" in same.content.decode()
    edit = client.get(f"/admin/pages/{other.pk}/edit/")
    assert "Đăng lại lên cổng khác" in edit.content.decode()


def test_an_editor_republishes_only_where_they_may_publish(client, portals, otp_login, django_user_model):
    """A main portal's editor (publish rights on the main home page only) sees its sections alone,
    and the component portal's article needs no right over the component portal."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name="Biên tập cổng tỉnh")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=portals["main"], permission=Permission.objects.get(codename=codename)
        )
    editor = django_user_model.objects.create_user(
        "bientap-cong-tinh", "ct@example.vn", "mat-khau-rat-dai-123"
    )
    editor.groups.add(group)
    otp_login(client, editor)
    html = client.get("/admin/dang-lai/").content.decode()
    assert f'value="{portals["province"].pk}"' in html and f'value="{portals["news"].pk}"' not in html
    address = f"http://{HOST}{_path(portals['other'])}"
    refused = client.post("/admin/dang-lai/", {"address": address, "section": portals["news"].pk})
    assert refused.status_code == 200 and not ArticlePage.objects.filter(alias_of=portals["other"]).exists()
    done = client.post("/admin/dang-lai/", {"address": address, "section": portals["province"].pk})
    assert done.status_code == 302
    assert ArticlePage.objects.get(alias_of=portals["other"]).owner == editor
    with pytest.raises(republish.RepublishError, match="không có quyền"):
        third = new_section(new_portal("Sở Tài chính", "so-tai-chinh.localhost"), "Tin tài chính")
        republish.republish(portals["origin"], third, user=editor)
