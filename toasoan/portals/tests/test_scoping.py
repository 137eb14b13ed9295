"""Two component portals next to the main one: each shows, lists, feeds, maps and searches its own
articles only (the main portal may search them all), and each one's staff see and change their
own portal's pages, comments and questions only (docs/portals.md)."""

from __future__ import annotations

import copy
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from conftest import new_article, new_section, site_home
from toasoan.analytics.models import ArticleViewStats
from toasoan.comments.models import Comment, CommentStatus
from toasoan.editorial.models import NewsroomGroup
from toasoan.editorial.services import newsroom
from toasoan.portals.services import provision
from toasoan.questions.models import Question, QuestionIndexPage, QuestionStatus, QuestionTopic
from toasoan.sections.models import PortalSettings, SectionPage

MAIN = "localhost"
HOA_AN = "xa-hoa-an.localhost"
VAN_HOA = "so-van-hoa.localhost"
HOSTS = (MAIN, HOA_AN, VAN_HOA)
PHONE = "+84987111222"
TITLES = {
    MAIN: "Khánh thành đường tỉnh lộ mới",
    HOA_AN: "Khánh thành cầu treo Hòa An",
    VAN_HOA: "Khánh thành nhà văn hóa tỉnh",
}


def _question_index(home, title: str) -> QuestionIndexPage:
    page = QuestionIndexPage(title="Hỏi đáp", slug="hoi-dap", intro=f"Hỏi đáp của {title}.")
    page.topics = [QuestionTopic(name="Hộ tịch")]
    home.add_child(instance=page)
    page.save_revision().publish()
    return QuestionIndexPage.objects.get(pk=page.pk)


def _question(index: QuestionIndexPage, title: str) -> Question:
    from toasoan.comments.services import clock
    from toasoan.questions.services import deadlines

    now = clock.now()
    question = Question(
        index=index,
        topic=index.topics.first(),
        name="Trần Văn Bình",
        email="binh@example.invalid",
        phone="+84987111222",
        address="Thôn Đông",
        title=title,
        content="Xin hỏi thủ tục.",
        created_at=now,
        consent_at=now,
        due_on=deadlines.due_on(now),
    )
    question.refresh_search_key()
    question.save()
    return question


def _build() -> dict:
    main_home = site_home()
    Site.objects.filter(pk=Site.objects.get(is_default_site=True).pk).update(hostname=MAIN, port=80)
    main_section = new_section(main_home, "Thời sự")
    newsroom.setup_newsroom()
    reports = {
        HOA_AN: provision.create_portal(name="Cổng thông tin điện tử xã Hòa An", host=HOA_AN, kind="xa"),
        VAN_HOA: provision.create_portal(name="Sở Văn hóa và Thể thao", host=VAN_HOA, kind="so"),
    }
    homes = {MAIN: main_home, **{host: report.home for host, report in reports.items()}}
    sections = {MAIN: main_section}
    for host, report in reports.items():
        sections[host] = SectionPage.objects.child_of(report.home).order_by("path").first()
    articles, comments, questions = {}, {}, {}
    for number, host in enumerate(HOSTS):
        article = new_article(sections[host], TITLES[host], published_at=f"08:0{number} 01/09/2020")
        articles[host] = article
        ArticleViewStats.objects.create(article=article, total=100 * (number + 1))
        comments[host] = Comment.objects.create(
            page=article,
            name="Bạn đọc",
            title=f"Góp ý {host}",
            content="Rất hay.",
            status=CommentStatus.PENDING,
        )
        questions[host] = _question(_question_index(homes[host], host), f"Câu hỏi ở {host}")
    return {
        "homes": homes,
        "sections": sections,
        "articles": articles,
        "comments": comments,
        "questions": questions,
    }


@pytest.fixture(scope="module")
def built_portals(module_db) -> dict:
    return module_db(_build)


@pytest.fixture
def portals(built_portals, db, settings) -> dict:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
    return copy.deepcopy(built_portals)


def _get(client, host: str, url: str, **params):
    response = client.get(url, params, HTTP_HOST=host)
    assert response.status_code == 200, (host, url, response.status_code)
    return response.content.decode()


def _others(host: str) -> list[str]:
    return [TITLES[other] for other in HOSTS if other != host]


# ----------------------------------------------------------------------------- what readers see


@pytest.mark.parametrize("host", HOSTS)
def test_home_page_shows_its_own_name_and_articles(client, portals, host):
    html = _get(client, host, "/")
    assert TITLES[host] in html
    assert not any(title in html for title in _others(host))
    name = PortalSettings.objects.filter(site__hostname=host).values_list("name", flat=True).first()
    if host == MAIN:
        from django.conf import settings

        assert name is None and f"<title>{settings.SITE_NAME}" in html.replace("\n", "")  # unchanged
    else:
        assert f'<h1 class="brand__name">{name}</h1>' in html


@pytest.mark.parametrize("host", HOSTS)
def test_article_page_names_only_its_portals_articles(client, portals, host):
    article = portals["articles"][host]
    html = _get(client, host, article.url_path[len(portals["homes"][host].url_path) - 1 :])
    assert TITLES[host] in html and not any(title in html for title in _others(host))


@pytest.mark.parametrize("host", HOSTS)
def test_feed_lists_its_own_articles_under_its_name_and_address(client, portals, host):
    xml = _get(client, host, "/rss/")
    assert TITLES[host] in xml and not any(title in xml for title in _others(host))
    name = Site.objects.get(hostname=host).site_name or "Tòa Soạn"
    assert name in xml.split("<item>")[0]
    assert f"<link>http://{host}/" in xml


def _locations(xml: str) -> list[str]:
    return [part.split("</loc>")[0] for part in xml.split("<loc>")[1:]]


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-news.xml"])
@pytest.mark.parametrize("host", HOSTS)
def test_sitemaps_list_its_own_pages_at_its_address(client, portals, host, path, clock):
    clock.set(portals["articles"][host].published_at)  # inside the news sitemap's 48 hours
    xml = _get(client, host, path)
    locations = _locations(xml)
    assert locations and all(location.startswith(f"http://{host}/") for location in locations)
    if "<sitemapindex" in xml:  # the index: what its files list, each file at the portal's address
        files = locations
        xml = "".join(_get(client, host, location.removeprefix(f"http://{host}")) for location in files)
        locations = _locations(xml)
        assert locations and all(location.startswith(f"http://{host}/") for location in locations)
    assert any(portals["articles"][host].slug in location for location in locations)
    others = [portals["articles"][other].slug for other in HOSTS if other != host]
    assert not any(slug in location for slug in others for location in locations)
    assert not any(title in xml for title in _others(host))


@pytest.mark.parametrize("host", HOSTS)
def test_robots_names_its_own_sitemaps(client, portals, host):
    text = _get(client, host, "/robots.txt")
    assert f"Sitemap: http://{host}/sitemap.xml" in text
    assert all(f"http://{other}/" not in text for other in HOSTS if other != host)


def test_most_read_lists_keep_to_their_portal(client, portals):
    # The Sở's article has the most views of the install; the commune's home never lists it.
    html = _get(client, HOA_AN, "/")
    assert "most-read" in html or "Đọc nhiều" in html
    assert TITLES[VAN_HOA] not in html and TITLES[HOA_AN] in html


# ----------------------------------------------------------------------------- search


def _titles(payload: dict) -> set[str]:
    return {result["title"] for result in payload["results"]}


@pytest.mark.parametrize("host", HOSTS)
def test_search_finds_its_own_portals_articles_by_default(client, portals, host):
    payload = client.get("/tim-kiem.json", {"q": "khanh thanh"}, HTTP_HOST=host).json()
    assert _titles(payload) == {TITLES[host]}
    html = _get(client, host, "/tim-kiem/", q="khánh thành")
    article = portals["articles"][host]
    assert f"/{article.slug}/" in html
    assert not any(
        f"/{other.slug}/" in html for other in portals["articles"].values() if other.pk != article.pk
    )


def test_the_main_portal_may_search_the_whole_province(client, portals):
    payload = client.get(
        "/tim-kiem.json", {"q": "khanh thanh", "pham-vi": "toan-tinh"}, HTTP_HOST=MAIN
    ).json()
    assert _titles(payload) == set(TITLES.values())
    urls = {result["title"]: result["url"] for result in payload["results"]}
    assert urls[TITLES[HOA_AN]].startswith(f"http://{HOA_AN}/")  # each at its own portal's address
    html = _get(client, MAIN, "/tim-kiem/", q="khánh thành")
    assert 'name="pham-vi" value="toan-tinh"' in html  # the option is offered on the main portal


def test_a_component_portal_may_not_search_the_province(client, portals):
    response = client.get("/tim-kiem.json", {"q": "khanh thanh", "pham-vi": "toan-tinh"}, HTTP_HOST=HOA_AN)
    assert response.status_code == 400 and "Chỉ cổng chính" in response.json()["errors"]["pham-vi"]
    html = _get(client, HOA_AN, "/tim-kiem/", q="khánh thành", **{"pham-vi": "toan-tinh"})
    assert "Chỉ cổng chính của tỉnh" in html
    assert f"/{portals['articles'][HOA_AN].slug}/" in html and portals["articles"][VAN_HOA].slug not in html
    assert 'name="pham-vi"' not in html


def test_a_section_filter_names_the_portals_own_section(client, portals):
    # Both component portals have a "tin-tuc-su-kien" section: the filter takes this portal's.
    payload = client.get(
        "/tim-kiem.json", {"q": "khanh thanh", "chuyen-muc": "tin-tuc-su-kien"}, HTTP_HOST=VAN_HOA
    ).json()
    assert _titles(payload) == {TITLES[VAN_HOA]}


def test_suggestions_keep_to_the_portal(client, portals):
    payload = client.get("/tim-kiem/goi-y.json", {"q": "khanh th"}, HTTP_HOST=HOA_AN).json()
    assert [item["title"] for item in payload["suggestions"]] == [TITLES[HOA_AN]]


# ----------------------------------------------------------------------------- staff


def _member(django_user_model, username: str, *groups: Group):
    user = django_user_model.objects.create_user(username, password=f"mat-khau-{username}")
    user.groups.add(*groups)
    return user


def _group(role: str, section) -> Group:
    return NewsroomGroup.objects.select_related("group").get(role=role, section=section).group


def test_an_editor_of_one_portal_can_neither_see_nor_change_anothers_pages(
    client, portals, django_user_model, otp_login
):
    editors = _group(newsroom.EDITOR, portals["sections"][HOA_AN])
    user = _member(django_user_model, "btv-hoa-an", editors)
    own, other = portals["articles"][HOA_AN], portals["articles"][VAN_HOA]
    assert own.permissions_for_user(user).can_edit()
    for page in (other, portals["homes"][VAN_HOA], portals["articles"][MAIN]):
        assert not page.permissions_for_user(user).can_edit()
    otp_login(client, user)
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code in (302, 403)
    title = other.title
    client.post(f"/admin/pages/{other.pk}/edit/", {"title": "Bị sửa", "slug": other.slug})
    other.refresh_from_db()
    assert other.title == title and not other.has_unpublished_changes
    # The explorer starts at what they edit: the other portal's pages are not listed.
    html = client.get(f"/admin/pages/{portals['sections'][HOA_AN].pk}/").content.decode()
    assert TITLES[HOA_AN] in html and TITLES[VAN_HOA] not in html


def test_a_managing_editor_edits_only_their_portals_settings(client, portals, django_user_model, otp_login):
    chiefs = _group(newsroom.MANAGING_EDITOR, portals["homes"][HOA_AN])
    user = _member(django_user_model, "tk-hoa-an", chiefs)
    otp_login(client, user)
    own_site = Site.objects.get(hostname=HOA_AN)
    other_site = Site.objects.get(hostname=VAN_HOA)
    assert client.get(f"/admin/settings/sections/portalsettings/{own_site.pk}/").status_code == 200
    assert client.get(f"/admin/settings/sections/portalsettings/{other_site.pk}/").status_code in (302, 403)
    # Their last workflow step is their portal's only.
    assert portals["articles"][HOA_AN].get_workflow().name.endswith("xã Hòa An")
    assert portals["articles"][VAN_HOA].get_workflow().name.endswith("Sở Văn hóa và Thể thao")


def test_moderators_see_and_decide_only_their_portals_comments(client, portals, django_user_model, otp_login):
    moderators = _group(newsroom.MODERATOR, portals["homes"][HOA_AN])
    user = _member(django_user_model, "kd-hoa-an", moderators)
    otp_login(client, user)
    own, other = portals["comments"][HOA_AN], portals["comments"][VAN_HOA]
    html = client.get("/admin/binh-luan/", {"status": "all"}).content.decode()
    assert own.title in html and other.title not in html and portals["comments"][MAIN].title not in html
    assert client.get(f"/admin/binh-luan/{own.pk}/").status_code == 200
    assert client.get(f"/admin/binh-luan/{other.pk}/").status_code == 404
    assert client.post(f"/admin/binh-luan/{other.pk}/approve/").status_code == 404
    client.post("/admin/binh-luan/hang-loat/", {"action": "approve", "ids": [own.pk, other.pk]})
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.status == CommentStatus.APPROVED and other.status == CommentStatus.PENDING


def test_the_main_portals_moderators_keep_to_the_main_portal(client, portals, django_user_model, otp_login):
    user = _member(django_user_model, "kd-tinh", _group(newsroom.MODERATOR, None))
    otp_login(client, user)
    html = client.get("/admin/binh-luan/", {"status": "all"}).content.decode()
    assert portals["comments"][MAIN].title in html
    assert not any(portals["comments"][host].title in html for host in (HOA_AN, VAN_HOA))


def test_question_handlers_see_and_act_only_on_their_portals_questions(
    client, portals, django_user_model, otp_login
):
    from toasoan.questions.signal_handlers import HANDLERS_GROUP

    handlers = Group.objects.get(name=HANDLERS_GROUP)
    assert handlers.permissions.filter(codename="change_question").exists()
    user = _member(
        django_user_model, "hd-hoa-an", handlers, _group(newsroom.MODERATOR, portals["homes"][HOA_AN])
    )
    otp_login(client, user)
    own, other = portals["questions"][HOA_AN], portals["questions"][VAN_HOA]
    html = client.get("/admin/hoi-dap/").content.decode()
    assert own.title in html and other.title not in html and portals["questions"][MAIN].title not in html
    assert client.get(f"/admin/hoi-dap/{own.pk}/").status_code == 200
    assert client.get(f"/admin/hoi-dap/{other.pk}/").status_code == 404
    response = client.post(f"/admin/hoi-dap/{other.pk}/xu-ly/", {"action": "in_progress"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == QuestionStatus.NEW
    # Someone of the whole install (no portal's group) is the main portal's.
    plain = _member(django_user_model, "hd-tinh", handlers)
    otp_login(client, plain)
    html = client.get("/admin/hoi-dap/").content.decode()
    assert portals["questions"][MAIN].title in html and own.title not in html


def test_a_portals_managing_editor_answers_for_their_portals_personal_data_only(
    client, portals, django_user_model, otp_login
):
    Comment.objects.update(phone=PHONE)
    chiefs = _group(newsroom.MANAGING_EDITOR, portals["homes"][HOA_AN])
    assert chiefs.permissions.filter(codename="manage_personal_data").exists()
    otp_login(client, _member(django_user_model, "tk-du-lieu", chiefs))
    own = portals["comments"][HOA_AN]
    html = client.get("/admin/binh-luan/du-lieu-ca-nhan/", {"phone": "0987 111 222"}).content.decode()
    assert "1 bình luận có số điện thoại này" in html, html[html.find("<main") :][:3000]
    assert f"#{own.pk} —" in html and TITLES[HOA_AN] in html and TITLES[VAN_HOA] not in html
    response = client.post("/admin/binh-luan/du-lieu-ca-nhan/", {"phone": "0987111222", "action": "export"})
    assert [item["id"] for item in json.loads(response.content)["comments"]] == [own.pk]
    client.post(
        "/admin/binh-luan/du-lieu-ca-nhan/", {"phone": "0987111222", "action": "erase", "confirm": "yes"}
    )
    assert set(Comment.objects.values_list("pk", flat=True)) == {
        portals["comments"][MAIN].pk,
        portals["comments"][VAN_HOA].pk,
    }


def test_the_personal_data_command_answers_for_one_portal_when_asked(portals):
    Comment.objects.update(phone=PHONE)

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command("comments_personal_data", *args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    everything = json.loads(run("export", "0987111222"))
    assert len(everything["comments"]) == len(everything["questions"]) == 3
    one = json.loads(run("export", "0987111222", "--portal", HOA_AN))
    assert [item["id"] for item in one["comments"]] == [portals["comments"][HOA_AN].pk]
    assert [item["id"] for item in one["questions"]] == [portals["questions"][HOA_AN].pk]
    by_email = json.loads(run("export", "binh@example.invalid", "--portal", VAN_HOA))
    assert [item["id"] for item in by_email["questions"]] == [portals["questions"][VAN_HOA].pk]
    assert run("erase", "0987111222", "--portal", HOA_AN, "--yes").strip() == (
        "deleted: 1 comments, 1 questions"
    )
    assert not Comment.objects.filter(pk=portals["comments"][HOA_AN].pk).exists()
    assert Comment.objects.count() == 2 and Question.objects.count() == 2
    with pytest.raises(CommandError, match="Không có cổng thông tin nào"):
        run("export", "0987111222", "--portal", "xa-khac.localhost")


def test_a_superuser_sees_every_portals_queue(client, portals, django_user_model, otp_login):
    user = django_user_model.objects.create_superuser("quantri", password="mat-khau-quan-tri")
    otp_login(client, user)
    html = client.get("/admin/binh-luan/", {"status": "all"}).content.decode()
    assert all(portals["comments"][host].title in html for host in HOSTS)


# ----------------------------------------------------------------------------- costs


def test_a_component_portals_pages_cost_what_the_main_portals_do(client, portals):
    counts = {}
    for host in HOSTS:
        for url in ("/", "/rss/", "/sitemap.xml"):
            client.get(url, HTTP_HOST=host)  # warm: site root paths, fragments, the portal's settings

    for host in HOSTS:
        for url in ("/", "/rss/", "/sitemap.xml"):
            with CaptureQueriesContext(connection) as captured:
                client.get(url, HTTP_HOST=host)
            counts[(host, url)] = len(captured.captured_queries)
    for url in ("/", "/rss/", "/sitemap.xml"):
        assert counts[(HOA_AN, url)] == counts[(MAIN, url)] == counts[(VAN_HOA, url)], counts


def test_settings_saved_show_at_once_and_in_the_admins_brand(client, portals):
    settings = PortalSettings.objects.get(site__hostname=HOA_AN)
    settings.name = "Cổng TTĐT phường Hòa An"
    settings.agency = "Ủy ban nhân dân phường Hòa An"
    settings.phone = "0236 3888 999"
    settings.save()
    html = _get(client, HOA_AN, "/")
    assert (
        "Cổng TTĐT phường Hòa An" in html
        and "Ủy ban nhân dân phường Hòa An" in html
        and "0236 3888 999" in html
    )
    assert Site.objects.get(hostname=HOA_AN).site_name == "Cổng TTĐT phường Hòa An"
    assert "Cổng TTĐT phường Hòa An" not in _get(client, VAN_HOA, "/")


def test_a_managing_editors_dashboard_shows_only_their_portal(client, portals, django_user_model, otp_login):
    user = _member(
        django_user_model, "tk2-hoa-an", _group(newsroom.MANAGING_EDITOR, portals["homes"][HOA_AN])
    )
    otp_login(client, user)
    html = client.get("/admin/").content.decode()
    assert portals["comments"][HOA_AN].title in html
    assert not any(portals["comments"][host].title in html for host in (MAIN, VAN_HOA))
