"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: rolled-back ids are reused, cached renditions are not."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared data; tests that need it skip where it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"../shared is absent ({SHARED_DIR}): real-data tests need the workplace's shared folder")
    return SHARED_DIR


@pytest.fixture
def home(db):
    """The portal's HomePage: the one `migrate` creates as the default site's root.

    A transactional test's flush removes what the data migration made; it is rebuilt then.
    """
    from wagtail.models import Locale, Page, Site

    from toasoan.sections.models import HomePage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page.specific
    # The flush also emptied the content types (serialized rollback inhibits post_migrate).
    from django.apps import apps
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home_page = root.add_child(instance=HomePage(title="Trang chủ", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=home_page, is_default_site=True)
    return home_page


@pytest.fixture
def make_section(home):
    from toasoan.sections.models import SectionPage

    def make(title: str, parent=None, **fields) -> SectionPage:
        fields.setdefault("show_in_menus", True)
        return (parent or home).add_child(instance=SectionPage(title=title, **fields))

    return make


@pytest.fixture
def make_article(db):
    """Publishes an article under a section; `published_at` accepts 'HH:MM dd/mm/yyyy'."""
    from toasoan import vntext
    from toasoan.articles.models import ArticlePage

    def make(section, title: str, published_at="08:00 01/09/2020", **fields) -> ArticlePage:
        if isinstance(published_at, str):
            published_at = vntext.parse_datetime(published_at)
        fields.setdefault("lead", f"Sapo của bài {title}.")
        fields.setdefault("body", [("paragraph", f"<p>Nội dung bài {title}.</p>")])
        return section.add_child(instance=ArticlePage(title=title, published_at=published_at, **fields))

    return make


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser build."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread for the whole session;
    # Django would otherwise refuse every ORM call the tests make meanwhile.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def browser_page(chromium_browser):
    """A fresh page in Vietnamese and Hanoi time; `page.console_errors` collects console errors."""
    context = chromium_browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def otp_login():
    """`otp_login(client, user)`: logged in with the second factor verified (toasoan.accounts.testing)."""
    from toasoan.accounts.testing import login_verified

    return login_verified
