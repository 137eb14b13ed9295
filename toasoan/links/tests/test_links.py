"""Managed links: only http(s) addresses, refused in Vietnamese otherwise; shown in every page's
footer and on the "Liên kết" page, from a fragment (no query on a warm cache); a change reaches
the very next request, the page cache included."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template
from django.urls import reverse

from toasoan.cache import events, fragments
from toasoan.links.models import Link, LinkGroup, LinkIndexPage
from toasoan.sections.models import ContentPage

from .forms import group_form

UNSAFE = [
    "javascript:alert(document.cookie)",
    "  JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "ftp://ftp.example.vn/",
    "//evil.example/",
    "dichvucong.gov.vn",
    "https://",
    "https://cổng dịch vụ.vn",
    "http://exa mple.vn/",
]


@pytest.fixture
def groups(db, django_capture_on_commit_callbacks):
    """Links saved and committed before the test (their event sent, as after a real commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        return _make_groups()


def _make_groups():
    agencies = LinkGroup.objects.create(title="Cổng thông tin các cơ quan", order=1)
    services = LinkGroup.objects.create(title="Dịch vụ công", order=2)
    hidden = LinkGroup.objects.create(title="Chỉ ở trang liên kết", order=3, show_in_footer=False)
    Link.objects.create(group=services, sort_order=0, title="Cổng Dịch vụ công quốc gia",
                        url="https://dichvucong.gov.vn", description="Thủ tục trực tuyến.")  # fmt: skip
    Link.objects.create(group=services, sort_order=1, title="Dịch vụ công tỉnh", new_tab=True,
                        url="https://dichvucong.dongson.example.vn")  # fmt: skip
    Link.objects.create(
        group=agencies, sort_order=0, title="UBND tỉnh Đông Sơn", url="https://dongson.example.vn"
    )
    Link.objects.create(
        group=agencies, sort_order=1, title="Trang của chính cổng", url="http://localhost/gioi-thieu/"
    )
    Link.objects.create(group=hidden, title="Thư viện tỉnh", url="https://thuvien.dongson.example.vn")
    return agencies, services, hidden


@pytest.fixture
def site(home):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", 80  # URLValidator wants a domain or localhost
    site.save()
    return home


def _footer(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


@pytest.mark.parametrize("url", UNSAFE)
def test_an_unsafe_or_malformed_address_is_refused_in_vietnamese(db, url):
    group = LinkGroup.objects.create(title="Nhóm")
    with pytest.raises(ValidationError) as refused:
        Link(group=group, title="Liên kết", url=url).full_clean()
    message = " ".join(refused.value.message_dict["url"])
    assert "Địa chỉ" in message and ("http://" in message or "không hợp lệ" in message), message


@pytest.mark.parametrize("url", ["https://dichvucong.gov.vn", "http://hoaphong.example.vn/tin-tuc/?trang=2"])
def test_an_http_or_https_address_is_accepted(db, url):
    Link(group=LinkGroup.objects.create(title="Nhóm"), title="Liên kết", url=url).full_clean()


def test_the_admin_refuses_a_javascript_link_with_a_vietnamese_message(client, django_user_model, otp_login):
    otp_login(client, django_user_model.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau"))
    form = group_form("Dịch vụ công", url="javascript:alert(document.cookie)", link_title="Bấm vào đây")
    response = client.post(reverse("wagtailsnippets_links_linkgroup:add"), form)
    assert response.status_code == 200  # the form again, not a 500
    assert "Địa chỉ phải bắt đầu bằng http:// hoặc https://" in response.content.decode()
    assert not LinkGroup.objects.exists() and not Link.objects.exists()
    form["links-0-url"] = "https://dichvucong.gov.vn"
    assert client.post(reverse("wagtailsnippets_links_linkgroup:add"), form).status_code == 302
    assert Link.objects.get().url == "https://dichvucong.gov.vn"


def test_every_page_shows_the_footer_groups_in_order(client, site, groups):
    page = site.add_child(instance=ContentPage(title="Liên hệ", slug="lien-he", show_in_menus=True))
    page.save_revision().publish()
    for url in ("/", page.url):
        footer = _footer(client.get(url).content.decode())
        assert footer.index("Cổng thông tin các cơ quan") < footer.index("Dịch vụ công")
        assert footer.index("UBND tỉnh Đông Sơn") < footer.index("Trang của chính cổng")
        assert "Chỉ ở trang liên kết" not in footer and "Thư viện tỉnh" not in footer
        assert f'<a href="{page.url}">Liên hệ</a>' in footer  # the site's own pages, ticked for menus


def test_external_links_get_noopener_and_stay_in_the_tab_unless_marked(client, site, groups):
    footer = _footer(client.get("/").content.decode())
    assert '<a href="https://dongson.example.vn" rel="noopener">UBND tỉnh Đông Sơn</a>' in footer
    assert '<a href="http://localhost/gioi-thieu/">Trang của chính cổng</a>' in footer
    assert (
        '<a href="https://dichvucong.dongson.example.vn" rel="noopener" target="_blank">Dịch vụ công tỉnh'
        '<span class="visually-hidden"> (mở trong thẻ mới)</span></a>'
    ) in footer
    assert footer.count('target="_blank"') == 1


def test_a_row_written_without_validation_never_reaches_a_page(client, site, groups):
    _, services, _ = groups
    Link.objects.create(group=services, title="Bẫy", url="javascript:alert(document.cookie)")
    Link.objects.create(group=services, title="Bẫy 2", url=" data:text/html,<script>alert(1)</script>")
    html = client.get("/").content.decode()
    assert "Bẫy" not in html and "javascript:" not in html.lower() and "data:text/html" not in html
    assert "Cổng Dịch vụ công quốc gia" in html


def test_the_footer_costs_no_query_on_a_warm_cache(rf, site, groups, django_assert_num_queries):
    template = Template("{% load site_links %}{% footer_links %}")
    request = rf.get("/")
    fragments.known_site(request)  # as the delivery middleware does for every page request
    first = template.render(Context({"request": request}))
    request = rf.get("/")
    with django_assert_num_queries(0):
        fragments.known_site(request)
        again = template.render(Context({"request": request}))
    assert again == first and "Cổng Dịch vụ công quốc gia" in again


def test_the_links_page_lists_every_group_with_descriptions(client, site, groups):
    page = LinkIndexPage(title="Liên kết", slug="lien-ket", intro="Các cổng thông tin.")
    site.add_child(instance=page)
    page.save_revision().publish()
    main = client.get(page.url).content.decode().split('id="noi-dung"', 1)[1].split("</main>", 1)[0]
    assert '<h1 class="link-index__title">Liên kết</h1>' in main
    for title in ("Cổng thông tin các cơ quan", "Dịch vụ công", "Chỉ ở trang liên kết"):
        assert title in main
    assert '<p class="link-index__description">Thủ tục trực tuyến.</p>' in main
    assert '<a href="https://thuvien.dongson.example.vn" rel="noopener">Thư viện tỉnh</a>' in main
    assert LinkIndexPage in type(site).allowed_subpage_models()


def test_a_changed_link_reaches_the_very_next_request(
    client, site, groups, page_cache_on, django_capture_on_commit_callbacks, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(0):  # a cached page: the old footer is served from the cache
        assert "UBND tỉnh Đông Sơn" in client.get("/").content.decode()
    sent = []
    events.content_changed.connect(lambda sender, **details: sent.append(details["kind"]), weak=False,
                                   dispatch_uid="test.links.sent")  # fmt: skip
    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            agencies, _, _ = groups
            link = agencies.links.get(title="UBND tỉnh Đông Sơn")
            link.title = "Ủy ban nhân dân tỉnh Đông Sơn"
            link.save()
            Link.objects.create(group=agencies, title="UBND huyện Tân Lạc", url="https://tanlac.example.vn")
            agencies.save()
    finally:
        events.content_changed.disconnect(dispatch_uid="test.links.sent")
    assert sent == [events.EVERYTHING]  # once for the transaction, after its commit
    footer = _footer(client.get("/").content.decode())
    assert "Ủy ban nhân dân tỉnh Đông Sơn" in footer and "UBND huyện Tân Lạc" in footer
    with django_capture_on_commit_callbacks(execute=True):
        LinkGroup.objects.get(title="Dịch vụ công").delete()
    assert "Cổng Dịch vụ công quốc gia" not in _footer(client.get("/").content.decode())


def test_the_links_page_costs_the_same_queries_with_few_or_many_links(client, site, groups):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = LinkIndexPage(title="Liên kết", slug="lien-ket")
    site.add_child(instance=page)
    page.save_revision().publish()

    def queries() -> int:
        client.get(page.url)  # warm what every page shares (site, routing)
        from toasoan.cache import fragments

        fragments.bump_structure()  # the lists themselves read afresh
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        return len(captured)

    few = queries()
    for number in range(12):
        group = LinkGroup.objects.create(title=f"Nhóm {number}", order=10 + number)
        for link in range(3):
            Link.objects.create(group=group, sort_order=link, title=f"Cổng {number}.{link}",
                                url=f"https://cong{number}-{link}.example.vn")  # fmt: skip
    assert queries() == few


def test_each_portal_shows_its_own_groups_and_those_of_every_portal(
    client, home, settings, django_capture_on_commit_callbacks
):
    from wagtail.models import Page, Site

    from toasoan.sections.models import HomePage

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "xa-dong-son.localhost"]
    commune_home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Xã Đông Sơn", slug="xa-dong-son")
    )
    commune = Site.objects.create(hostname="xa-dong-son.localhost", port=80, root_page=commune_home)
    main = Site.objects.get(is_default_site=True)
    with django_capture_on_commit_callbacks(execute=True):
        for site, title, url in [
            (None, "Dịch vụ công quốc gia", "https://dichvucong.gov.vn"),
            (main, "Sở ngành của tỉnh", "https://so-ngang.dongson.example.vn"),
            (commune, "Thôn, tổ dân phố", "https://thon.dongson.example.vn"),
        ]:
            group = LinkGroup.objects.create(title=title, site=site)
            Link.objects.create(group=group, title=f"Trang {title}", url=url)
    main_html = client.get("/").content.decode()
    commune_html = client.get("/", HTTP_HOST="xa-dong-son.localhost").content.decode()
    assert "Dịch vụ công quốc gia" in main_html and "Dịch vụ công quốc gia" in commune_html
    assert "Sở ngành của tỉnh" in main_html and "Sở ngành của tỉnh" not in commune_html
    assert "Thôn, tổ dân phố" in commune_html and "Thôn, tổ dân phố" not in main_html
