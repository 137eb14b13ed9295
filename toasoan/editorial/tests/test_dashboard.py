"""The newsroom dashboard: my drafts, waiting for my review, scheduled today, comments waiting, most read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from toasoan import vntext
from toasoan.accounts.testing import login_verified
from toasoan.articles.models import ArticlePage
from toasoan.editorial.services import dashboard


def _draft(section, title: str, owner) -> ArticlePage:
    page = section.add_child(instance=ArticlePage(title=title, lead="Sapo.", live=False, owner=owner))
    page.save_revision(user=owner)
    return page


def _scheduled(section, title: str, at) -> ArticlePage:
    page = section.add_child(instance=ArticlePage(title=title, lead="Sapo.", live=False))
    page.go_live_at = at
    page.save_revision().publish()
    return page


def _comment(article, title: str):
    from toasoan.comments.models import Comment

    return Comment.objects.create(page=article, name="Bạn đọc", title=title, content="Nội dung.")


def test_my_drafts_lists_only_mine(newsroom, client):
    _draft(newsroom.thoi_su, "Nháp của phóng viên", newsroom.reporter)
    _draft(newsroom.thoi_su, "Nháp của biên tập viên", newsroom.editor)
    login_verified(client, newsroom.reporter)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Bản nháp của tôi" in html
    assert "Nháp của phóng viên" in html
    assert "Nháp của biên tập viên" not in html


def test_scheduled_today_is_the_hanoi_day(newsroom, clock):
    clock.set("22:00 16/09/2020")  # 15:00 UTC
    _scheduled(newsroom.thoi_su, "Đăng lúc 23 giờ", vntext.parse_datetime("23:00 16/09/2020"))
    _scheduled(newsroom.thoi_su, "Đăng sáng mai", vntext.parse_datetime("06:00 17/09/2020"))
    titles = [item.title for item in dashboard.scheduled_today()]
    assert titles == ["Đăng lúc 23 giờ"]


def test_scheduled_today_panel_shows_publications_and_expiries(newsroom, make_article, client, clock):
    clock.set("07:00 16/09/2020")
    _scheduled(newsroom.thoi_su, "Công bố điểm thi", vntext.parse_datetime("08:00 16/09/2020"))
    expiring = make_article(newsroom.thoi_su, "Thông báo cắt điện", published_at="06:00 16/09/2020")
    expiring.expire_at = vntext.parse_datetime("18:00 16/09/2020")
    expiring.save_revision().publish()
    login_verified(client, newsroom.managing_editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Hẹn giờ hôm nay" in html
    assert "08:00" in html and "Công bố điểm thi" in html
    assert "18:00" in html and "Thông báo cắt điện" in html
    assert "Hẹn giờ gỡ bài" in html


def test_pending_comments_panel_for_moderators_only(newsroom, make_article, client):
    article = make_article(newsroom.thoi_su, "Bài có bình luận")
    _comment(article, "Góp ý về giao thông")
    login_verified(client, newsroom.moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Bình luận chờ duyệt" in html
    assert "Góp ý về giao thông" in html
    assert reverse("comments_admin:index") in html
    login_verified(client, newsroom.reporter)
    assert "Bình luận chờ duyệt" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_most_read_today_comes_from_the_analytics_counts(newsroom, make_article, client):
    from toasoan.analytics.models import DailyArticleViews

    popular = make_article(newsroom.thoi_su, "Bài đọc nhiều")
    DailyArticleViews.objects.create(article=popular, day=timezone.localdate(), count=321)
    login_verified(client, newsroom.editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Đọc nhiều hôm nay" in html
    assert "Bài đọc nhiều" in html and "321 lượt đọc" in html


def test_most_read_panel_says_when_there_are_no_counts(newsroom, client):
    login_verified(client, newsroom.editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Chưa có số liệu lượt đọc hôm nay." in html


def _fill(newsroom, make_article, size: int) -> None:
    """`size` of everything the dashboard lists, in both sections."""
    now = timezone.now()
    for number in range(size):
        for section in (newsroom.thoi_su, newsroom.the_thao):
            _draft(section, f"Nháp {section.title} {number}", newsroom.editor)
            _scheduled(section, f"Hẹn giờ {section.title} {number}", now + timedelta(minutes=5 + number))
            article = make_article(section, f"Bài {section.title} {number}")
            _comment(article, f"Bình luận {number}")


@pytest.mark.parametrize("size", [3, 6], ids=["three-each", "six-each"])
def test_dashboard_queries_do_not_grow_with_content(
    newsroom, make_article, client, size, django_assert_num_queries, settings, clock
):
    """The newsroom panels add a fixed number of queries, whatever is on them."""
    # Mid-morning in Hà Nội: the schedule panel lists today's publications, and a run just before
    # midnight would put the last ones on tomorrow.
    clock.set("10:00 16/09/2020")
    # With REDIS_URL the session is read from the cache (cached_db): pin the database engine
    # so the count is the same on every leg.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    _fill(newsroom, make_article, size)
    login_verified(client, newsroom.managing_editor)
    client.get(reverse("wagtailadmin_home"))  # warm the per-process caches (content types, site)
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Hẹn giờ Thời sự {size - 1}" in html
    assert f"Bình luận {size - 1}" in html
    assert "Bản nháp của tôi" in html


def test_newsroom_panels_cost(newsroom, make_article, rf, django_assert_num_queries):
    """The five panels' own queries: drafts 1, schedule 2, comments 2, most read 1 (+ permission check 2)."""
    from toasoan.editorial.wagtail_hooks import add_newsroom_panels

    _fill(newsroom, make_article, 3)
    request = rf.get("/admin/")
    request.user = type(newsroom.managing_editor).objects.get(pk=newsroom.managing_editor.pk)
    panels: list = []
    with django_assert_num_queries(PANEL_QUERIES):
        add_newsroom_panels(request, panels)
        for panel in panels:
            panel.get_context_data({"request": request})
    assert [panel.name for panel in panels] == [
        "editorial_my_drafts",
        "editorial_scheduled_today",
        "editorial_pending_comments",
        "editorial_most_read",
    ]


#: Whole dashboard for a managing editor (Wagtail's panels, menus and ours), measured; one of them
#: is django-otp loading the session's verified device (toasoan.accounts' two-factor), another
#: Wagtail's settings menu asking whether the user may edit any portal's settings (site permissions).
QUERIES = 36
#: Ours alone: has_perm (2: user and group permissions), most read (1), drafts (1), scheduled (2),
#: comments (2: the newest five and the count), the install's portals (1, then kept: with one
#: portal every panel shows everything, docs/portals.md).
PANEL_QUERIES = 9
