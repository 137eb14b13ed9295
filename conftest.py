"""Fixtures shared by every app's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared data; tests that need it skip where it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"../shared is absent ({SHARED_DIR}): real-data tests need the workplace's shared folder")
    return SHARED_DIR


@pytest.fixture
def home(db):
    """The portal's HomePage: the one `migrate` creates as the default site's root."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


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
