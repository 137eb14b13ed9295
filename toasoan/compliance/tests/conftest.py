"""A portal as the demo builds it: content pages with their roles, the document registry, one
section with an article, at the default Site's address; backups in the test's own folder."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.core.cache import cache

from conftest import site_home
from toasoan.compliance.services import checks
from toasoan.demo import compliance as demo_compliance
from toasoan.demo import legal as demo_legal
from toasoan.demo import pages as demo_pages
from toasoan.operations.services import backup


@pytest.fixture
def backups(settings, tmp_path) -> Path:
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


def build_portal_home():
    home = site_home()
    cache.clear()
    demo_pages.ensure_pages(home, None)
    demo_compliance.ensure_roles(home, None)
    demo_legal.ensure_registry(home, None)
    return home


@pytest.fixture(scope="module")
def built_portal_home(module_db):
    return module_db(build_portal_home)


@pytest.fixture
def portal_home(built_portal_home, db, backups):
    """The demo's pages, roles and registry, built once per module."""
    return copy.deepcopy(built_portal_home)


@pytest.fixture
def article(portal_home, make_section, make_article):
    section = make_section("Tin tức", slug="tin-tuc")
    section.save_revision().publish()
    page = make_article(section, "Khánh thành cầu Sông Hòa", published_at="08:00 05/12/2026")
    page.save_revision().publish()
    return page


@pytest.fixture
def portal(portal_home):
    """The portal of the default Site, as the checks see it."""
    from wagtail.models import Site

    return checks.Portal(site=Site.objects.select_related("root_page").get(is_default_site=True))


def write_backup(folder: Path, stamp: str) -> Path:
    """A complete backup's folder as manage.py backup leaves it (its manifest is what is read)."""
    path = folder / f"{backup.PREFIX}{stamp}"
    path.mkdir(parents=True)
    backup.Manifest(engine="sqlite", created_at=stamp, rows={"wagtailcore_page": 1}).write(path)
    return path
