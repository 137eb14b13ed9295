"""Publishing on the minute: worker, request-time safety net, expiry and signals, on a controlled clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision
from wagtail.signals import page_published, page_unpublished

from toasoan import vntext
from toasoan.articles.models import ArticlePage
from toasoan.editorial.management.commands.run_worker import serve, sleep_seconds
from toasoan.editorial.services import scheduling
from toasoan.operations import periodic


def _draft(section, title: str) -> ArticlePage:
    article = ArticlePage(title=title, lead=f"Sapo {title}.", live=False, published_at=timezone.now())
    return section.add_child(instance=article)


def _schedule(article: ArticlePage, at) -> Revision:
    """What the editor's "Publish" does with a go-live time in the future."""
    article.go_live_at = vntext.parse_datetime(at) if isinstance(at, str) else at
    revision = article.save_revision()
    revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at == article.go_live_at
    return revision


@pytest.fixture
def signals():
    received: dict[str, list[int]] = {"published": [], "unpublished": []}

    def on_published(sender, instance, **kwargs):
        received["published"].append(instance.pk)

    def on_unpublished(sender, instance, **kwargs):
        received["unpublished"].append(instance.pk)

    page_published.connect(on_published, dispatch_uid="test-scheduling-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="test-scheduling-unpublished")
    yield received
    page_published.disconnect(dispatch_uid="test-scheduling-published")
    page_unpublished.disconnect(dispatch_uid="test-scheduling-unpublished")


@pytest.fixture
def section(make_section):
    return make_section("Thời sự")


def test_article_goes_live_at_its_minute_not_before(section, clock, signals):
    clock.set("07:58 16/09/2020")
    article = _draft(section, "Công bố kết quả thi")
    _schedule(article, "08:00 16/09/2020")
    # Wagtail sends page_published when a never-published page is scheduled, with live=False.
    assert signals["published"] == [article.pk]
    signals["published"].clear()

    clock.set("07:59 16/09/2020")
    run = scheduling.publish_due()
    assert run.published == []
    assert run.next_due_at == vntext.parse_datetime("08:00 16/09/2020")
    article.refresh_from_db()
    assert not article.live

    clock.advance(seconds=61)  # 08:00:01
    run = scheduling.publish_due()
    article.refresh_from_db()
    assert article.live
    assert len(run.published) == 1
    assert signals["published"] == [article.pk]  # cache purges hook this signal
    assert article.last_published_at == clock.now
    assert PageLogEntry.objects.filter(page=article, action="wagtail.publish.scheduled").exists()
    assert run.next_due_at is None


def test_expired_article_comes_down(section, make_article, clock, signals):
    clock.set("07:00 16/09/2020")
    article = make_article(section, "Thông báo tạm thời", published_at="07:00 16/09/2020")
    article.expire_at = vntext.parse_datetime("09:00 16/09/2020")
    article.save_revision().publish()
    assert scheduling.next_due_at() == article.expire_at

    clock.set("08:59 16/09/2020")
    assert scheduling.publish_due().expired == []
    clock.set("09:00 16/09/2020")
    run = scheduling.publish_due()
    article.refresh_from_db()
    assert not article.live
    assert article.expired
    assert len(run.expired) == 1
    assert signals["unpublished"] == [article.pk]


def test_a_second_pass_publishes_nothing_twice(section, clock, signals):
    clock.set("07:00 16/09/2020")
    article = _draft(section, "Tin hẹn giờ")
    _schedule(article, "08:00 16/09/2020")
    signals["published"].clear()
    clock.set("08:00:30 16/09/2020")
    assert len(scheduling.publish_due().published) == 1
    assert scheduling.publish_due().published == []
    assert signals["published"] == [article.pk]


def test_worker_command_publishes_due_articles(section, clock, capsys):
    clock.set("07:00 16/09/2020")
    article = _draft(section, "Họp báo Chính phủ")
    _schedule(article, "08:00 16/09/2020")
    clock.set("08:00:05 16/09/2020")
    call_command("run_worker", "--once")
    article.refresh_from_db()
    assert article.live
    assert "Đã xuất bản" in capsys.readouterr().out


def test_worker_sleeps_until_the_next_due_time(clock):
    clock.set("07:59:50 16/09/2020")
    due = scheduling.PublishRun(next_due_at=vntext.parse_datetime("08:00 16/09/2020"))
    assert sleep_seconds(due, interval=30) == pytest.approx(10.05)
    assert sleep_seconds(scheduling.PublishRun(), interval=30) == 30
    later = scheduling.PublishRun(next_due_at=clock.now + timedelta(hours=2))
    assert sleep_seconds(later, interval=30) == 30
    failing = scheduling.PublishRun(failed=["revision:1"], next_due_at=clock.now)
    assert sleep_seconds(failing, interval=30) == 30


@override_settings(EDITORIAL_SAFETY_NET_SECONDS=60)
def test_safety_net_publishes_before_serving_when_the_worker_is_down(section, client, clock, signals):
    clock.set("07:00 16/09/2020")
    article = _draft(section, "Bài đăng lúc tám giờ")
    _schedule(article, "08:00 16/09/2020")
    signals["published"].clear()
    client.get("/")  # the process looks once, learns the next due time
    clock.set("08:00:01 16/09/2020")
    response = client.get(article.url)
    assert response.status_code == 200
    assert "Bài đăng lúc tám giờ" in response.content.decode()
    assert signals["published"] == [article.pk]


@override_settings(EDITORIAL_SAFETY_NET_SECONDS=60)
def test_safety_net_adds_no_query_when_nothing_is_due(
    section, make_article, client, clock, django_assert_num_queries
):
    article = make_article(section, "Bài thường")
    client.get(article.url)  # first look
    with django_assert_num_queries(0):
        assert scheduling.safety_net().check() is None
    # A schedule made in another process is seen within the refresh time.
    clock.advance(seconds=59)
    assert scheduling.safety_net().check() is None
    clock.advance(seconds=2)
    assert scheduling.safety_net().check() is not None


@override_settings(EDITORIAL_SAFETY_NET_SECONDS=60)
def test_safety_net_wakes_for_a_schedule_made_in_this_process(section, clock):
    clock.set("07:00 16/09/2020")
    scheduling.safety_net().check()  # nothing due; next look at 07:01
    article = _draft(section, "Bài hẹn giờ gấp")
    _schedule(article, "07:00:20 16/09/2020")
    clock.set("07:00:21 16/09/2020")
    run = scheduling.safety_net().check()
    assert run is not None and len(run.published) == 1


@override_settings(EDITORIAL_SAFETY_NET_SECONDS=0)
def test_safety_net_can_be_turned_off(section, client, clock):
    clock.set("07:00 16/09/2020")
    article = _draft(section, "Bài không tự đăng")
    _schedule(article, "07:30 16/09/2020")
    clock.set("08:00 16/09/2020")
    client.get("/")
    article.refresh_from_db()
    assert not article.live


class ClockedStop:
    """The worker's `stop` event on the controlled clock: each wait moves the clock by what the
    worker asked for; the worker stops after `passes` waits."""

    def __init__(self, clock, passes: int) -> None:
        self.clock, self.passes, self.waits = clock, passes, []

    def is_set(self) -> bool:
        return len(self.waits) >= self.passes

    def wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        self.clock.advance(seconds=seconds)
        return self.is_set()


def test_worker_wakes_just_after_the_go_live_time_and_publishes(section, clock, signals, monkeypatch):
    # The publishing job alone: the other apps' jobs (the baked-page purge window wakes the loop
    # every quarter of a second) have tests of their own.
    monkeypatch.setattr(periodic, "_jobs", {})
    clock.set("07:59:58 16/09/2020")
    article = _draft(section, "Bài đo độ trễ")
    _schedule(article, "08:00 16/09/2020")
    signals["published"].clear()  # the one Wagtail sends for scheduling a never-published page
    stop = ClockedStop(clock, passes=2)

    serve(stop, interval=30)

    assert stop.waits[0] == pytest.approx(2.05)  # asleep until the go-live time, then a little more
    assert signals["published"] == [article.pk]
    article.refresh_from_db()
    assert article.live
