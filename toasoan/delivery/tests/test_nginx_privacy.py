"""Privacy through Debian's nginx in front of the app, as `make serve` runs it (baked pages, proxy
cache, purges): a restriction reaches the very next anonymous request on every copy, and private
documents never leave nginx without the app's check."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from .test_nginx import fetch, nginx_in_front


@pytest.fixture
def portal(fresh_portal):
    """Built for each test: these tests commit, which a portal shared by the module cannot survive."""
    return fresh_portal


SECRET = "Bài thời sự số 2"
SLUG = "bai-thoi-su-so-2"
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _shows(port: int, path: str) -> tuple[int, bool]:
    """The status, and whether the answer names the article (title, or URL in a sitemap)."""
    status, _, body = fetch(port, path)
    text = body.decode()
    return status, SECRET in text or SLUG in text


def test_a_restriction_reaches_every_copy_through_nginx_at_once(live_server, portal, settings, nginx_folder):
    article, news = portal["articles"][2], portal["news"]
    assert article.title == SECRET
    routes = [article.url, article.url + "in/", article.url + "tai-ve/"]
    lists = ["/", news.url, news.url + "rss/", "/rss/", "/sitemap-bai-viet-1.xml",
             "/chu-de/ba-dinh/", portal["articles"][1].url, portal["articles"][3].url]  # fmt: skip
    search = "/tim-kiem.json?q=thoi+su+so+2"
    with nginx_in_front(live_server, settings, nginx_folder) as port:
        for path in [*routes, *lists, search]:  # twice: baked, or in nginx's proxy cache
            for _ in range(2):
                assert _shows(port, path) == (200, True), path

        restriction = PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.LOGIN
        )

        for path in routes:
            status, headers, body = fetch(port, path)
            assert status == 302 and "login" in headers["location"], (path, headers)
            assert SECRET not in body.decode(), path
        for path in [*lists, search]:
            assert _shows(port, path) == (200, False), path

        restriction.delete()

        for path in [*routes, *lists, search]:
            assert _shows(port, path) == (200, True), path


def test_private_documents_never_leave_nginx_without_the_apps_check(
    live_server, portal, settings, nginx_folder
):
    from wagtail.documents import get_document_model

    settings.MEDIA_ROOT = str(nginx_folder / "media")
    settings.DOCUMENTS_ACCEL_PREFIX = "/_tai-lieu/"
    settings.SENDFILE_BACKEND = "toasoan.delivery.sendfile"
    document = get_document_model()
    private = Collection.get_first_root_node().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    public = document.objects.create(
        title="Kế hoạch", file=ContentFile(b"%PDF-1.4 cong khai", name="ke-hoach.pdf")
    )
    secret = document.objects.create(
        title="Báo cáo nội bộ",
        collection=private,
        file=ContentFile(b"%PDF-1.4 noi bo", name="bao-cao-noi-bo.pdf"),
    )
    with nginx_in_front(live_server, settings, nginx_folder) as port:
        for stored in (public, secret):
            status, _, body = fetch(port, f"/media/{stored.file.name}")
            assert status == 404 and b"%PDF" not in body, stored.file.name

        status, headers, body = fetch(port, public.url)
        assert (status, body) == (200, b"%PDF-1.4 cong khai")
        assert headers["x-content-type-options"] == "nosniff"
        assert "ke-hoach.pdf" in headers["content-disposition"]
        assert "x-accel-redirect" not in headers

        status, headers, body = fetch(port, secret.url)
        assert status == 302 and "login" in headers["location"]
        assert b"noi bo" not in body
