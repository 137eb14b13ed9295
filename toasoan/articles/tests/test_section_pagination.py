"""Whatever page number a section's address carries, a page of its articles, never an error."""

from __future__ import annotations

import copy

import pytest

from conftest import new_article, new_section, site_home

from .test_article_pages import listing_time


def build_section():
    """A section of 25 articles an hour apart: two pages."""
    section = new_section(site_home(), "Thời sự")
    for i in range(25):
        new_article(section, f"Bài {i}", published_at=listing_time(i))
    return section


@pytest.fixture(scope="module")
def built_section(module_db):
    return module_db(build_section)


@pytest.fixture
def section(built_section, db):
    """The section, built once per module."""
    return copy.deepcopy(built_section)


@pytest.mark.parametrize(
    ("trang", "shown"),
    [
        ("1", "Bài 24"),
        ("2", "Bài 4"),
        ("abc", "Bài 24"),
        ("0", "Bài 4"),
        ("-3", "Bài 4"),
        ("99999", "Bài 4"),
        ("1e9", "Bài 24"),
        ("", "Bài 24"),
        ("2.5", "Bài 24"),
        ("%00", "Bài 24"),
    ],
    ids=[
        "first",
        "second",
        "letters",
        "zero",
        "negative",
        "past-end",
        "exponent",
        "empty",
        "fraction",
        "nul",
    ],
)
def test_section_pagination_never_fails(client, section, trang, shown):
    response = client.get(f"{section.url}?trang={trang}")
    assert response.status_code == 200
    assert f">{shown}<" in response.content.decode()
