"""At the Vietnamese midnight, the documents whose status changes that day (and their registries)
are declared stale, so cached copies do not show yesterday's status."""

from __future__ import annotations

from datetime import date

import pytest

from toasoan.cache import events
from toasoan.legal.models import RelationKind
from toasoan.legal.services import daily
from toasoan.operations import periodic


@pytest.fixture
def declared():
    found: list[dict] = []

    def capture(sender, kind, signal=None, **details):
        found.append({"kind": kind, **details})

    events.content_changed.connect(capture, dispatch_uid="test_daily.capture")
    yield found
    events.content_changed.disconnect(dispatch_uid="test_daily.capture")


def test_at_midnight_exactly_the_pages_whose_status_changes_are_declared_stale(
    clock, registry, make_document, declared
):
    clock.set("10:00 01/03/2024")
    day = date(2024, 3, 15)
    coming = make_document("Có hiệu lực hôm nay", effective_date=day)
    expiring = make_document("Hết hiệu lực hôm nay", expiry_date=day)
    replaced = make_document("Bị thay thế hôm nay")
    replacing = make_document(
        "Thay thế, có hiệu lực hôm nay", effective_date=day, relations=[(RelationKind.REPLACES, replaced)]
    )
    make_document("Có hiệu lực hôm qua", effective_date=date(2024, 3, 14))
    make_document("Có hiệu lực ngày mai", effective_date=date(2024, 3, 16))
    make_document("Bản nháp", effective_date=day, live=False)
    unchanged = make_document("Thay thế từ trước")
    make_document("Đã thay thế", relations=[(RelationKind.REPLACES, unchanged)])

    clock.set("23:59 14/03/2024")
    assert daily.status_day_job() == pytest.approx(61.0)
    assert declared == []

    clock.advance(minutes=1, seconds=30)  # 00:00:30 on 15/03 in Hanoi
    daily.status_day_job()
    assert declared == [
        {
            "kind": events.CONTENT,
            "page_ids": sorted([coming.pk, expiring.pk, replaced.pk, replacing.pk, registry.pk]),
        }
    ]

    clock.advance(hours=3)
    daily.status_day_job()
    assert len(declared) == 1  # once a day


def test_a_worker_down_through_midnight_declares_the_days_it_missed(clock, registry, make_document, declared):
    clock.set("10:00 01/03/2024")
    first = make_document("Ngày 15", effective_date=date(2024, 3, 15))
    second = make_document("Ngày 16", expiry_date=date(2024, 3, 16))
    make_document("Ngày 20", effective_date=date(2024, 3, 20))
    clock.set("22:00 14/03/2024")
    daily.status_day_job()
    clock.set("07:00 17/03/2024")
    daily.status_day_job()
    assert [event["page_ids"] for event in declared] == [sorted([first.pk, second.pk, registry.pk])]


def test_the_job_runs_in_the_worker_loop():
    assert any(job.function is daily.status_day_job for job in periodic.jobs())
