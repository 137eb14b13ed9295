"""Fixtures shared by every app's tests."""

from __future__ import annotations

import concurrent.futures
import copy
import functools
import threading
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent
SHARED_DIR = REPO_ROOT.parent / "shared"


#: What makes a test use the database: its fixtures (directly or through others) or its marker.
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "live_server", "django_db_setup"})


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the database (the PostgreSQL leg: the others give the same answer)",
    )


def uses_database(item) -> bool:
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))) or (
        item.get_closest_marker("django_db") is not None
    )


def pytest_collection_modifyitems(config, items) -> None:
    """Every transactional test restores the migrated data after it (serialized_rollback).

    One that does not leaves Django's flush to re-create groups and content types through
    post_migrate, and the next test that restores them then fails on duplicates: a failure that
    depends on which tests a worker happens to run in a row.

    With --database-tests-only (`make test-pg`), the tests that never touch the database are left
    to the SQLite leg, which runs every test: a test without the database gives the same answer on
    both legs, and it spares the PostgreSQL leg a repeat of them (docs/development.md). The
    tests that start processes of their own give those processes their own SQLite file or none.
    """
    if config.getoption("--database-tests-only"):
        kept = [item for item in items if uses_database(item)]
        if len(kept) != len(items):
            config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
            items[:] = kept
    mixed = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = "transactional_db" in getattr(item, "fixturenames", ()) or (
            marker is not None and marker.kwargs.get("transaction")
        )
        if transactional and not (marker is not None and marker.kwargs.get("serialized_rollback")):
            mixed.append(item.nodeid)
    if mixed:
        raise pytest.UsageError(
            "transactional tests need @pytest.mark.django_db(transaction=True, serialized_rollback=True): "
            + ", ".join(mixed)
        )
    # A module whose tests share data built once (`module_db`) stays on one xdist worker
    # (`--dist loadgroup`): split between two, each would build it (a demo, a province). Every
    # other test is handed out one at a time, so the workers end together.
    # `make demo` builds its site on SQLite, never on PostgreSQL: the demo's tests are the SQLite
    # leg's (`PG_MARKS`); what the demo's commands call (portals, imports) the PostgreSQL leg tests
    # on its own.
    demo_tests = Path(__file__).resolve().parent / "toasoan" / "demo"
    grouped = config.pluginmanager.hasplugin("xdist")  # its mark exists only with it (`-p no:xdist`)
    for item in items:
        if item.path.is_relative_to(demo_tests):
            item.add_marker(pytest.mark.demo)
        if grouped and "module_db" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """A file-backed SQLite test database starts without a write-ahead log left by a killed run:
    Django removes the old file, and SQLite would replay the old log into the new one."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        name = str(database.get("TEST", {}).get("NAME") or "")
        if database["ENGINE"].endswith("sqlite3") and name and not name.startswith(("file:", ":memory:")):
            for suffix in ("-wal", "-shm", "-journal"):
                Path(name + suffix).unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches, an empty view buffer and the periodic jobs due, as a new
    process would: rolled-back ids are reused, so what an earlier test left under an id (a cached
    rendition, a view not yet written) would land on another test's page of the same id, and a
    job's next time left by an earlier test's clock would shorten this test's worker sleep, and
    the search statistics a process keeps for a minute, read by an earlier test, could expire
    between a test's warm request and the one whose queries it counts, and a response an earlier
    test left unclosed would leave its request's fragment tokens to this one."""
    from django.core.cache import caches

    from toasoan.analytics.services import counter
    from toasoan.cache import fragments
    from toasoan.cache.pagecache import page_cache
    from toasoan.operations import periodic
    from toasoan.search.services import engines

    for cache in caches.all():
        cache.clear()
    counter._local.drain()
    page_cache.forget_local()
    periodic.reset()
    engines.forget_statistics()
    fragments.outside_request()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared data; tests that need it skip where it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"../shared is absent ({SHARED_DIR}): real-data tests need the workplace's shared folder")
    return SHARED_DIR


def site_home():
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


def new_section(home, title: str, parent=None, **fields):
    """A section (in menus unless told) under `parent`, else under the home page."""
    from toasoan.sections.models import SectionPage

    fields.setdefault("show_in_menus", True)
    return (parent or home).add_child(instance=SectionPage(title=title, **fields))


def new_article(section, title: str, published_at="08:00 01/09/2020", **fields):
    """An article under a section; `published_at` accepts 'HH:MM dd/mm/yyyy'."""
    from toasoan import vntext
    from toasoan.articles.models import ArticlePage

    if isinstance(published_at, str):
        published_at = vntext.parse_datetime(published_at)
    fields.setdefault("lead", f"Sapo của bài {title}.")
    fields.setdefault("body", [("paragraph", f"<p>Nội dung bài {title}.</p>")])
    return section.add_child(instance=ArticlePage(title=title, published_at=published_at, **fields))


def sitemap_paths(client, **headers) -> list[str]:
    """`/sitemap.xml` (an index: docs/caching.md) and the path of every file it lists, so a test
    of what sitemaps hold reads all of them."""
    import re
    from urllib.parse import urlsplit

    index = client.get("/sitemap.xml", **headers).content.decode()
    return ["/sitemap.xml", *(urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", index))]


@pytest.fixture
def page_cache_on(settings):
    """The page cache on, under keys of this test's own (Redis is shared by workers and runs),
    with nothing kept in this process's own level from an earlier test."""
    import uuid

    from toasoan.cache.pagecache import page_cache

    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_KEY_PREFIX = f"t{uuid.uuid4().hex[:12]}"
    settings.WAGTAILFRONTENDCACHE = {}
    page_cache.forget_local()
    yield
    page_cache.forget_local()


@pytest.fixture
def home(db):
    return site_home()


@pytest.fixture
def make_section(home):
    return functools.partial(new_section, home)


@pytest.fixture
def make_article(db):
    return new_article


def portals_built_once(build):
    """The fixtures `built_province` (`build()`, run once for the module in `module_db`) and
    `province` (a deep copy of what it built for each test, with the portals' `*.localhost` host
    names allowed): for a module whose tests share portals (create_portal costs most of a second).

    In the module: `built_province, province = portals_built_once(build_province)`.
    """

    @pytest.fixture(scope="module")
    def built_province(module_db) -> dict:
        return module_db(build)

    @pytest.fixture
    def province(built_province, settings) -> dict:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]
        return copy.deepcopy(built_province)

    return built_province, province


@pytest.fixture(scope="module")
def module_db(request, django_db_setup, django_db_blocker):
    """One transaction around all of a module's tests, for data they share (Django's setUpTestData,
    for plain test functions): a module fixture calls `module_db(build)` once; each test still runs
    in a savepoint of its own, so what one test changes is gone for the next, and a function
    fixture hands each test a `copy.deepcopy` of the built objects.

    What `build` leaves to run on commit runs when it returns, as if its data had been committed
    before the tests, and is then forgotten: left in the outer transaction, it would make every
    test's own on-commit work look already registered.

    A transactional test commits and flushes: it cannot run inside this transaction, so a module
    that has one cannot use it.
    """
    from django.db import connections, transaction

    module_items = [item for item in request.session.items if item.module is request.module]
    transactional = [
        item.nodeid
        for item in module_items
        if "transactional_db" in getattr(item, "fixturenames", ())
        or "live_server" in getattr(item, "fixturenames", ())
        or any(mark.kwargs.get("transaction") for mark in item.iter_markers("django_db"))
    ]
    if transactional:
        raise pytest.UsageError(f"module_db cannot hold transactional tests: {', '.join(transactional)}")

    def build(function, *args, **kwargs):
        with django_db_blocker.unblock():
            marks = {alias: len(connections[alias].run_on_commit) for alias in atomics}
            built = function(*args, **kwargs)
            for alias, mark in marks.items():
                connection = connections[alias]
                while len(connection.run_on_commit) > mark:  # callbacks may register more
                    _, callback, _ = connection.run_on_commit.pop(mark)
                    callback()
        return built

    with django_db_blocker.unblock():
        atomics = {alias: transaction.atomic(using=alias) for alias in connections}
        for atomic in atomics.values():
            atomic.__enter__()
    try:
        yield build
    finally:
        with django_db_blocker.unblock():
            for alias, atomic in reversed(atomics.items()):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)


CHROMIUM = Path("/usr/bin/chromium")


class BrowserThread:
    """One thread that owns Playwright and everything it creates.

    Playwright's sync API keeps an asyncio loop marked as running in the thread that uses it, and
    Django refuses ORM calls in such a thread. So the browser lives in a thread of its own and the
    test's thread, with its ORM, talks to it through `Remote` proxies: no Django check switched off,
    no database connection used by two threads.
    """

    def __init__(self) -> None:
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="playwright")
        self._thread: threading.Thread | None = self._executor.submit(threading.current_thread).result()

    def call(self, function, *args, **kwargs):
        args, kwargs = _unwrap(args), {key: _unwrap(value) for key, value in kwargs.items()}
        if threading.current_thread() is self._thread:  # a Playwright callback calling back in
            return self.wrap(function(*args, **kwargs))
        return self.wrap(self._executor.submit(function, *args, **kwargs).result())

    def wrap(self, value):
        if isinstance(value, list | tuple):
            return type(value)(self.wrap(item) for item in value)
        if type(value).__module__.startswith("playwright."):
            return Remote(value, self)
        return value

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)


def _unwrap(value):
    if isinstance(value, Remote):
        return object.__getattribute__(value, "_target")
    if isinstance(value, list | tuple):
        return type(value)(_unwrap(item) for item in value)
    return value


class Remote:
    """A Playwright object seen from the test's thread: every use runs in the browser's thread."""

    __slots__ = ("_runner", "_target")

    def __init__(self, target, runner: BrowserThread) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_runner", runner)

    def __getattr__(self, name: str):
        runner = object.__getattribute__(self, "_runner")
        value = runner.call(getattr, object.__getattribute__(self, "_target"), name)
        if callable(value) and not isinstance(value, Remote):
            return functools.partial(runner.call, value)
        return value

    def __setattr__(self, name: str, value) -> None:
        setattr(object.__getattribute__(self, "_target"), name, value)

    def __enter__(self):
        target = object.__getattribute__(self, "_target")
        entered = object.__getattribute__(self, "_runner").call(type(target).__enter__, target)
        # `expect_download()` and the like give their event's info, not themselves.
        return self if entered is self or _unwrap(entered) is target else entered

    def __exit__(self, *exc_info):
        target = object.__getattribute__(self, "_target")
        return object.__getattribute__(self, "_runner").call(type(target).__exit__, target, *exc_info)

    def __eq__(self, other) -> bool:
        return object.__getattribute__(self, "_target") == _unwrap(other)

    def __hash__(self) -> int:
        return hash(object.__getattribute__(self, "_target"))

    def __repr__(self) -> str:
        return f"Remote({object.__getattribute__(self, '_target')!r})"


#: How long any browser action may wait, as long as the tests' own explicit waits: a CI machine
#: under load must make a walk slower, never make it fail.
BROWSER_TIMEOUT_MS = 60_000


#: What the browsers of the running test did: every answer that was not a static file, every
#: request that failed, every dialog and error. Printed with a failed browser test, so a failure
#: that happens once in many runs can be explained from the CI log alone.
_browser_log: list[str] = []


def _record_browser_events(context) -> None:
    started = time.monotonic()

    def note(text: str) -> None:
        _browser_log.append(f"{time.monotonic() - started:7.2f}s {text}")

    def response(answer) -> None:
        if "/static/" not in answer.url or answer.status >= 400:
            note(f"{answer.status} {answer.request.method} {answer.url}")

    context.on("response", response)
    context.on(
        "requestfailed", lambda request: note(f"FAILED {request.method} {request.url}: {request.failure}")
    )
    context.on("dialog", lambda dialog: note(f"DIALOG {dialog.type}: {dialog.message}"))
    context.on(
        "console",
        lambda message: (
            note(f"CONSOLE {message.type}: {message.text}") if message.type in ("error", "warning") else None
        ),
    )
    context.on("weberror", lambda error: note(f"PAGE ERROR {error.error}"))


class BrowserWithTimeouts(Remote):
    """The browser, whose every new context waits `BROWSER_TIMEOUT_MS` for an action (Playwright's
    default, 30 s, is shorter than the waits the tests write out) and records what it does."""

    def new_context(self, **options):
        context = Remote.__getattr__(self, "new_context")(**options)
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        runner = object.__getattribute__(self, "_runner")
        runner.call(_record_browser_events, object.__getattribute__(context, "_target"))
        return context

    def save_pages(self, folder: Path) -> list[str]:
        """A screenshot and the HTML of every page still open, for a failed test."""
        saved = []
        for number, page in enumerate(page for context in self.contexts for page in context.pages):
            folder.mkdir(parents=True, exist_ok=True)
            shot, html = folder / f"page-{number}.png", folder / f"page-{number}.html"
            try:
                page.screenshot(path=str(shot), full_page=True, timeout=10_000)
                html.write_text(page.content(), encoding="utf-8")
            except Exception as exc:  # a crashed page: say so and keep the test's own error
                saved.append(f"{page.url}: not saved ({exc})")
                continue
            saved.append(f"{page.url}: {shot}, {html}")
        return saved


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed and "chromium_browser" in getattr(item, "fixturenames", ()):
        lines = list(_browser_log)
        browser = item.funcargs.get("chromium_browser")
        if isinstance(browser, BrowserWithTimeouts):
            from django.conf import settings

            folder = (
                Path(settings.VAR_DIR) / "test-failures" / item.nodeid.replace("/", "_").replace("::", "-")
            )
            lines += browser.save_pages(folder)
        report.sections.append(("browser log", "\n".join(lines) or "(nothing recorded)"))
    if report.when == "teardown":
        _browser_log.clear()
    return report


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's Chromium driven by Playwright (in its own thread); never a downloaded browser build."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    runner = BrowserThread()
    manager = sync_playwright()
    playwright = runner.call(manager.__enter__)
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
    try:
        yield BrowserWithTimeouts(object.__getattribute__(browser, "_target"), runner)
    finally:
        browser.close()
        runner.call(manager.__exit__, None, None, None)
        runner.shutdown()


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


class Clock:
    """`django.utils.timezone.now` under the test's control (Wagtail and the models read the time
    only through it)."""

    def __init__(self, start) -> None:
        self.now = start

    def __call__(self):
        return self.now

    def set(self, value):
        from toasoan import vntext

        self.now = vntext.parse_datetime(value) if isinstance(value, str) else value
        return self.now

    def advance(self, **delta):
        from datetime import timedelta

        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    from django.utils import timezone

    controlled = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(timezone, "now", controlled)
    return controlled
