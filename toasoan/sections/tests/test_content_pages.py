"""Content pages (Trang nội dung): the introduction, contacts, policies… under the home page or a
section, with the date they were last updated, a print view, and a fixed cost per request."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from toasoan.links.models import Link, LinkGroup
from toasoan.sections.models import ContentPage, HomePage, SectionPage

#: The page itself (its specific row); routing, the Site, the navigation, the body and the
#: footer's pages and links come from fragments on a warm cache, however many links there are.
QUERIES = 1


@pytest.fixture
def content_page(home, clock):
    clock.set("09:30 05/06/2025")
    page = ContentPage(
        title="Giới thiệu",
        slug="gioi-thieu",
        lead="Huyện Hòa Phong có 16 xã và 2 thị trấn.",
        body=[("paragraph", "<h2>Vị trí</h2><p>Phía tây tỉnh Đông Sơn.</p>")],
        show_in_menus=True,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    clock.set("10:00 07/06/2025")
    return ContentPage.objects.get(pk=page.pk)


def test_a_content_page_shows_its_title_lead_body_and_update_date(client, content_page):
    html = client.get(content_page.url).content.decode()
    assert '<h1 class="article__title" id="tieu-de-trang">Giới thiệu</h1>' in html
    assert "Huyện Hòa Phong có 16 xã và 2 thị trấn." in html
    assert "<h2>Vị trí</h2>" in html and "Phía tây tỉnh Đông Sơn." in html
    assert 'Cập nhật: <time datetime="2025-06-05T' in html and ">05/06/2025</time>" in html
    assert '<html lang="vi">' in html and "site-footer" in html  # the site's layout


def test_the_print_view_is_the_page_on_its_own(client, content_page):
    response = client.get(content_page.url + "in/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phía tây tỉnh Đông Sơn." in html and 'class="site-footer"' not in html
    assert '<meta name="robots" content="noindex">' in html
    assert f'href="{content_page.url}in/"' in client.get(content_page.url).content.decode()


def test_the_page_declares_its_own_routes_stale(content_page):
    assert content_page.get_cached_paths() == ["/", "/in/"]


def test_where_content_pages_may_be_made(home):
    assert ContentPage in HomePage.allowed_subpage_models()
    assert ContentPage in SectionPage.allowed_subpage_models()
    assert ContentPage.allowed_subpage_models() == []
    assert set(ContentPage.allowed_parent_page_models()) == {HomePage, SectionPage}


def test_a_content_page_under_a_section(client, make_section):
    section = make_section("Thông tin cần biết")
    page = section.add_child(instance=ContentPage(title="Liên hệ", slug="lien-he"))
    page.save_revision().publish()
    assert client.get(page.url).status_code == 200
    assert page.url == "/thong-tin-can-biet/lien-he/"


def test_a_warm_content_page_costs_a_fixed_number_of_queries(client, content_page, django_assert_num_queries):
    group = LinkGroup.objects.create(title="Dịch vụ công")
    for number in range(5):
        Link.objects.create(group=group, title=f"Cổng {number}", url=f"https://cong{number}.example.vn")
    client.get(content_page.url)  # fragments computed and kept
    with django_assert_num_queries(QUERIES):
        html = client.get(content_page.url).content.decode()
    assert "Cổng 4" in html and "Giới thiệu" in html
    assert Page.objects.live().type(ContentPage).count() == 1
