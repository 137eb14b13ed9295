"""A portal's own settings (sections.PortalSettings): shown on its pages, kept without a query,
and, when empty, the install's name and description as before (docs/portals.md)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.test import RequestFactory
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Site

from toasoan.sections import portal
from toasoan.sections.models import HomePage, PortalSettings


@pytest.fixture
def logo(db):
    buffer = BytesIO()
    PILImage.new("RGB", (320, 200), (31, 107, 58)).save(buffer, "PNG")
    image = Image.objects.create(
        title="Biểu trưng", file=ImageFile(BytesIO(buffer.getvalue()), name="logo.png")
    )
    yield image
    image.file.close()


def test_without_settings_a_portal_shows_the_installs_name(home, client, settings):
    html = client.get("/").content.decode()
    assert f'<h1 class="brand__name">{settings.SITE_NAME}</h1>' in html
    assert f"<p>{settings.SITE_DESCRIPTION}</p>" in html
    assert '<meta name="theme-color" content="#0b4da2">' in html
    assert "/giao-dien/" not in html  # the stylesheet's own colour: no second stylesheet
    assert "site-footer__contacts" not in html and not PortalSettings.objects.exists()  # read, never written


def test_the_portals_settings_show_on_its_pages(home, client, logo):
    site = Site.objects.get(is_default_site=True)
    PortalSettings.objects.create(
        site=site,
        name="Cổng thông tin điện tử phường Bến Đá",
        tagline="Tin tức của phường",
        agency="Ủy ban nhân dân phường Bến Đá",
        address="Số 1 đường Bờ Sông",
        phone="0236 3555 111",
        email="ubnd@bendah.example",
        colour="#1f6b3a",
        logo=logo,
        footer_links=[("link", {"title": "Dịch vụ công", "url": "https://dichvucong.example/"})],
    )
    html = client.get("/").content.decode()
    assert '<h1 class="brand__name">Cổng thông tin điện tử phường Bến Đá</h1>' in html
    assert "<p>Tin tức của phường</p>" in html
    assert "Cơ quan chủ quản: Ủy ban nhân dân phường Bến Đá" in html
    assert "Điện thoại: 0236 3555 111" in html and 'href="mailto:ubnd@bendah.example"' in html
    assert '<a href="https://dichvucong.example/">Dịch vụ công</a>' in html
    assert '<meta name="theme-color" content="#1f6b3a">' in html
    assert '<link rel="stylesheet" href="/giao-dien/1f6b3a.css">' in html
    assert '<img class="brand__logo brand__logo--image" src="/media/images/logo' in html
    feed = client.get("/rss/").content.decode()
    assert "<title>Cổng thông tin điện tử phường Bến Đá</title>" in feed
    opensearch = client.get("/opensearch.xml").content.decode()
    assert "phường Bến Đá" in opensearch
    # The admin's brand (Wagtail reads the Site's name) follows.
    assert Site.objects.get(pk=site.pk).site_name == "Cổng thông tin điện tử phường Bến Đá"


def test_settings_are_read_once_then_kept(home, django_assert_num_queries):
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    PortalSettings.objects.create(site=site, name="Cổng A")
    with django_assert_num_queries(1):
        assert portal.for_site(site).name == "Cổng A"
    with django_assert_num_queries(0):
        assert portal.for_site(site).name == "Cổng A"
    request = RequestFactory().get("/")
    request._wagtail_site = site
    with django_assert_num_queries(0):
        assert portal.for_request(request).name == "Cổng A" and portal.description(request)
    settings = PortalSettings.objects.get(site=site)
    settings.name = "Cổng B"
    settings.save()  # a new structure generation: read again
    assert portal.for_site(site).name == "Cổng B"


def test_a_component_portal_without_settings_shows_its_sites_name(home):
    from wagtail.models import Page

    other = Page.get_first_root_node().add_child(instance=HomePage(title="Xã Đông Sơn", slug="xa-dong-son"))
    site = Site.objects.create(
        hostname="xa-dong-son.localhost", port=80, root_page=other, site_name="Xã Đông Sơn"
    )
    found = portal.for_site(site)
    assert (found.name, found.is_main) == ("Xã Đông Sơn", False)
    assert portal.several_portals()


@pytest.mark.parametrize(
    "colour", ["0b4da2", "#0b4da", "#0b4da2;", "red"], ids=["no-hash", "short", "css", "word"]
)
def test_a_colour_must_be_a_hex_code(home, colour):
    from django.core.exceptions import ValidationError

    settings = PortalSettings(site=Site.objects.get(is_default_site=True), colour=colour)
    with pytest.raises(ValidationError, match="#0b4da2"):
        settings.full_clean()


def test_the_colour_stylesheet_sets_the_three_shades_and_is_kept_for_good(client, db):
    response = client.get("/giao-dien/1f6b3a.css")
    assert response.status_code == 200 and response["Content-Type"] == "text/css; charset=utf-8"
    assert response.content.decode() == ":root{--blue:#1f6b3a;--blue-dark:#17502c;--blue-soft:#e9f0eb}\n"
    assert "immutable" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert client.head("/giao-dien/1f6b3a.css").status_code == 200
    assert client.post("/giao-dien/1f6b3a.css").status_code == 405


@pytest.mark.parametrize("path", ["/giao-dien/ffff00.css", "/giao-dien/1F6B3A.css", "/giao-dien/1f6b3.css"])
def test_no_stylesheet_for_an_unreadable_colour_or_another_spelling(client, db, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [("#ffdd00", "1,3"), ("#7fa7d9", "2,5"), ("#3b82f6", "3,7")],
    ids=["yellow", "sky", "bright"],
)
def test_a_colour_white_text_cannot_be_read_on_is_refused_with_its_ratio(home, colour, ratio):
    from django.core.exceptions import ValidationError

    settings = PortalSettings(site=Site.objects.get(is_default_site=True), colour=colour)
    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    message = " ".join(refused.value.message_dict["colour"])
    assert f"{ratio}:1" in message and "4,5:1" in message


@pytest.mark.parametrize("colour", ["#0b4da2", "#1f6b3a", "#b5121b", "#000000"])
def test_dark_enough_colours_are_accepted(home, colour):
    PortalSettings(site=Site.objects.get(is_default_site=True), colour=colour).full_clean()


def test_a_colour_saved_before_the_rule_keeps_the_default_look(home, client):
    # Saved without validation (an older install): pages never link an unreadable stylesheet.
    PortalSettings.objects.create(site=Site.objects.get(is_default_site=True), colour="#ffdd00")
    html = client.get("/").content.decode()
    assert "/giao-dien/" not in html
