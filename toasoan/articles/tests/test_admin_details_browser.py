"""The editor's small things in a real Chromium: tag chips, the authors' chooser, the comment queue's
filters at 1280 px, the two-factor secret on a narrow screen.

Replays issue #17 (7): chips showed `"trật tự đô thị"` with its quotes; authors were a bare
multi-select; the queue's "Bài viết" filter ran off the right edge at 1280 px; the authenticator
secret wrapped in the middle of a group of four.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from toasoan.accounts.services import sessions
from toasoan.accounts.testing import login_verified
from toasoan.articles.models import ArticlePage, Author

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}

LONG_TITLE = (
    "Hội nghị tổng kết công tác chuyển đổi số, cải cách hành chính và xây dựng chính quyền điện tử "
    "của quận giai đoạn 2021–2025, phương hướng nhiệm vụ giai đoạn 2026–2030"
)


def _browser_as(chromium_browser, live_server, user, *, verified: bool = True, **options):
    """A browser context logged in as `user` (the session made by Django's test client)."""
    client = Client()
    if verified:
        login_verified(client, user)
    else:
        client.force_login(user)
        session = client.session
        sessions.mark_login(session, time.time())
        session.save()
    context = chromium_browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    errors: list[str] = []

    def watch(page) -> None:
        page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))

    context.on("page", watch)
    return context, errors


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-rat-dai-123")


@pytest.fixture
def article(make_section, make_article):
    article = make_article(make_section("Thời sự"), "Ra quân chỉnh trang đô thị")
    article.tags.add("trật tự đô thị", "Ba Đình")
    article.save_revision().publish()
    return article


def _publish(page) -> None:
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url("**/admin/pages/*/", wait_until="domcontentloaded")


def test_tag_chips_and_authors_chooser(live_server, chromium_browser, editor, article):
    Author.objects.create(name="Nguyễn Minh Khang", pen_name="Minh Khang")
    hoa = Author.objects.create(name="Bùi Thị Hòa", pen_name="Hòa An")
    context, errors = _browser_as(chromium_browser, live_server, editor, viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/", wait_until="domcontentloaded")

    chips = page.locator("[data-contentpath=tags] .tagit-choice .tagit-label")
    chips.first.wait_for()
    assert sorted(chips.all_inner_texts()) == ["Ba Đình", "trật tự đô thị"]
    new_tag = page.locator("[data-contentpath=tags] .tagit input[type=text]")
    new_tag.click()
    new_tag.press_sequentially("chỉnh trang đô thị", delay=5)
    new_tag.press("Enter")
    assert "chỉnh trang đô thị" in chips.all_inner_texts()
    assert not [text for text in chips.all_inner_texts() if '"' in text]

    page.locator("[data-toasoan-authors-choose]").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_text("Minh Khang (Nguyễn Minh Khang)").wait_for()  # every author at first
    modal.locator("#id_q").press_sequentially("hoa an", delay=5)  # typed without diacritics
    modal.get_by_text("Minh Khang (Nguyễn Minh Khang)").wait_for(state="detached")
    modal.get_by_text("Hòa An (Bùi Thị Hòa)").wait_for()
    modal.locator(f"input[data-multiple-choice-select][value='{hoa.pk}']").check()
    modal.locator("[data-multiple-choice-submit]").click()
    page.locator(".toasoan-authors__item", has_text="Hòa An (Bùi Thị Hòa)").wait_for()

    _publish(page)
    article = ArticlePage.objects.get(pk=article.pk)
    tags = sorted(tag.name for tag in article.tags.all())
    assert tags == ["Ba Đình", "chỉnh trang đô thị", "trật tự đô thị"]
    assert [author.pk for author in article.authors.all()] == [hoa.pk]
    assert not errors
    context.close()


def test_comment_queue_filters_fit_at_1280(live_server, chromium_browser, editor, make_section, make_article):
    from toasoan.comments.models import Comment

    long_article = make_article(make_section("Chính quyền"), LONG_TITLE)
    Comment.objects.create(page=long_article, name="Bạn đọc", title="Ý kiến", content="Về hội nghị.")
    context, errors = _browser_as(chromium_browser, live_server, editor, viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/binh-luan/", wait_until="domcontentloaded")
    form = page.locator("form.comment-queue__filters")
    select = form.locator("select[name=page]")
    select.wait_for()
    assert LONG_TITLE in select.inner_text()
    form_box, select_box = form.bounding_box(), select.bounding_box()
    assert select_box["x"] + select_box["width"] <= form_box["x"] + form_box["width"] + 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    assert not errors
    context.close()


def test_two_factor_secret_wraps_between_groups(live_server, chromium_browser, db):
    user = get_user_model().objects.create_superuser("moi", "moi@example.vn", "mat-khau-rat-dai-123")
    context, errors = _browser_as(
        chromium_browser, live_server, user, verified=False, viewport={"width": 320, "height": 700}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/tai-khoan/cai-dat-xac-thuc/", wait_until="domcontentloaded")
    secret = page.locator("#otp-secret")
    secret.wait_for()
    # The top of every character's box: a group of four never spans two lines.
    tops = secret.evaluate(
        """(element) => {
            const text = element.firstChild;
            const tops = [];
            for (let i = 0; i < text.length; i += 1) {
                const range = document.createRange();
                range.setStart(text, i);
                range.setEnd(text, i + 1);
                tops.push([text.data[i], Math.round(range.getBoundingClientRect().top)]);
            }
            return tops;
        }"""
    )
    groups: list[list[int]] = [[]]
    for character, top in tops:
        if character == " ":
            groups.append([])
        else:
            groups[-1].append(top)
    assert len(groups) >= 8 and all(len(group) == 4 or group is groups[-1] for group in groups)
    assert len({top for group in groups for top in group}) > 1, "at 320 px the secret needs two lines"
    assert all(len(set(group)) == 1 for group in groups), groups
    assert not errors
    context.close()
