"""The demo's content pages carry their roles (the compliance report finds them by role), and
the accessibility statement describes the reading controls every page really has."""

from __future__ import annotations

import pytest

from toasoan.demo import compliance, pages
from toasoan.sections.models import ContentPage, ContentRole

from .test_pages_demo import _text

pytestmark = pytest.mark.django_db


def test_each_demo_content_page_gets_its_role_once(home):
    pages.ensure_pages(home, None)
    assert compliance.ensure_roles(home, None) == 5
    assert dict(ContentPage.objects.live().values_list("slug", "role")) == {
        "gioi-thieu": ContentRole.INTRODUCTION,
        "chuc-nang-nhiem-vu": ContentRole.DUTIES,
        "lien-he": ContentRole.CONTACT,
        pages.POLICY_SLUG: ContentRole.PRIVACY,
        pages.ACCESSIBILITY_SLUG: ContentRole.ACCESSIBILITY,
    }
    # Published, not only saved: the live revision carries the role too.
    latest = ContentPage.objects.get(slug="lien-he").get_latest_revision_as_object()
    assert latest.role == ContentRole.CONTACT
    assert compliance.ensure_roles(home, None) == 0


def test_the_statement_describes_the_controls_the_pages_have(client, home):
    pages.ensure_pages(home, None)
    statement = ContentPage.objects.get(slug=pages.ACCESSIBILITY_SLUG)
    html = client.get(statement.url).content.decode()
    text = _text(html)
    assert "“Cỡ chữ” (A−, A, A+)" in text and "“Tương phản cao”" in text
    assert "tắt JavaScript" in text and "200%" in text and "chế độ tương phản cao" in text
    # What it names is on the page itself, before the content: the controls and the skip link.
    header = html.split('id="noi-dung"', 1)[0]
    assert 'for="tuong-phan-cao">Tương phản cao</label>' in header
    assert '<legend class="reader-prefs__legend">Cỡ chữ</legend>' in header
    assert header.index("Bỏ qua, đến nội dung chính") < header.index("Cỡ chữ")
