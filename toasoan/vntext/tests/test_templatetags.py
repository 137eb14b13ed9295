"""The {% load vntext %} filters."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Engine

from toasoan.vntext.apps import VntextConfig
from toasoan.vntext.templatetags.vntext import fold_filter, vn_date, vn_datetime

PUBLISHED = datetime(2020, 9, 16, 9, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (PUBLISHED, "16:20 16/09/2020"),
        (date(2020, 9, 16), "16/09/2020"),
        (None, ""),
        ("", ""),
        ("16/09/2020", ""),
    ],
    ids=["aware-datetime", "date", "none", "empty-string", "not-a-date"],
)
def test_vn_datetime(value: object, expected: str) -> None:
    assert vn_datetime(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (PUBLISHED, "16/09/2020"),
        (datetime(2020, 9, 16, 17, 30, tzinfo=UTC), "17/09/2020"),
        (None, ""),
        (42, ""),
    ],
    ids=["aware-datetime", "crosses-midnight", "none", "not-a-date"],
)
def test_vn_date(value: object, expected: str) -> None:
    assert vn_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Khánh Hoà", "khanh hoa"), (None, ""), (2020, "2020")],
    ids=["text", "none", "number"],
)
def test_fold_filter(value: object, expected: str) -> None:
    assert fold_filter(value) == expected


def test_filters_in_a_template() -> None:
    engine = Engine(libraries={"vntext": "toasoan.vntext.templatetags.vntext"})
    template = engine.from_string(
        "{% load vntext %}"
        "{{ published|vn_datetime }}|{{ published|vn_date }}|{{ title|fold }}|{{ missing|vn_datetime }}"
    )
    rendered = template.render(Context({"published": PUBLISHED, "title": "<b>Ba Đình</b>", "missing": None}))
    assert rendered == "16:20 16/09/2020|16/09/2020|b ba dinh b|"


def test_app_config() -> None:
    assert (VntextConfig.name, VntextConfig.label, VntextConfig.verbose_name) == (
        "toasoan.vntext",
        "vntext",
        "Văn bản tiếng Việt",
    )
