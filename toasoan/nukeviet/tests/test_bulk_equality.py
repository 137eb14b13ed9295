"""The news module through the bulk path and one by one (Wagtail's calls) leaves the same database.

The fixture portal's news (published articles, drafts, scheduled and expired ones, articles taken
down, in review or under a suspended category, with tags, authors, sources, pictures and files)
is imported twice from the same starting point (a savepoint rolled back between the runs), each
into a media folder of its own so stored files get the same names, and every row of every table
is compared as ``importer/tests/test_bulk_equality.py`` compares an import of published
articles (``importer.tests.equality``). Once into the main portal, once into a component portal,
whose authors and agencies the import makes that portal's on both paths.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import transaction

from conftest import site_home
from toasoan.editorial.services.scheduling import safety_net
from toasoan.importer.tests.equality import Snapshot, differences
from toasoan.nukeviet.services.news import State, decide
from toasoan.nukeviet.services.run import MODULES, import_dump, source_for
from toasoan.portals.services.provision import create_portal

from .conftest import FIXTURE_NOW, assemble_dump, write_uploads

NEWS = [spec for spec in MODULES if spec.name == "news"]
COMPONENT = "xa-hoa-an.example.vn"


def _import(use_bulk: bool, dump, uploads, folder, settings, capture, site=None) -> dict[str, list]:
    settings.MEDIA_ROOT = str(folder / ("bulk" if use_bulk else "one-by-one"))
    safety_net().reschedule(None)
    with capture(execute=True):
        report = import_dump(
            dump, uploads=uploads, modules=NEWS, use_bulk=use_bulk, site=site, source=source_for(site)
        )
    news = report.module("news")
    snapshot = Snapshot(FIXTURE_NOW - timedelta(seconds=1), FIXTURE_NOW + timedelta(seconds=1)).take()
    snapshot["<report>"] = [
        {
            kind: sorted(item.key for item in getattr(news, kind))
            for kind in ("created", "skipped", "warnings")
        }
    ]
    snapshot["<safety net>"] = [{"check_at": safety_net()._check_at}]
    return snapshot


@pytest.mark.parametrize("portal", [None, COMPONENT], ids=["main", "component"])
def test_news_by_bulk_and_one_by_one_leave_equal_databases(
    db, clock, settings, tmp_path, django_capture_on_commit_callbacks, portal
):
    clock.set(FIXTURE_NOW)
    settings.EDITORIAL_SAFETY_NET_SECONDS = 10**10  # so a schedule in 2099 is sooner than the refresh
    site_home()
    site = create_portal(name="UBND xã Hòa An", host=portal, port=443).site if portal else None
    dump = assemble_dump(tmp_path)
    uploads = write_uploads(tmp_path / "uploads")
    runs = {}
    for use_bulk in (True, False):
        savepoint = transaction.savepoint_create()
        runs[use_bulk] = _import(
            use_bulk, dump, uploads, tmp_path, settings, django_capture_on_commit_callbacks, site
        )
        transaction.savepoint_rollback(savepoint)
    differing = differences(runs[True], runs[False])
    assert differing == {}, json.dumps(differing, ensure_ascii=False, default=str)[:6000]
    # The portal holds every state the bulk path writes, and the comparison saw them.
    written = runs[True]
    # Both paths gave the authors and sources they made the portal imported into (a Site is
    # named by its host; none: every portal, as the main portal's import makes them).
    for label in ("articles.author", "articles.agency"):
        assert written[label] and {row["site"] for row in written[label]} == {portal}, label
    states = {decide(row, FIXTURE_NOW)[0] for row in _rows(dump)}
    assert states == set(State)
    pages = written["articles.articlepage"]
    assert {(row["live"], row["expired"]) for row in pages} == {(True, False), (False, False), (False, True)}
    assert sum(row["approved_go_live_at"] is not None for row in written["wagtailcore.revision"]) == 2
    actions = {row["action"] for row in written["wagtailcore.pagelogentry"]}
    assert {"wagtail.create", "wagtail.publish", "wagtail.publish.schedule"} <= actions
    assert len(pages) == 23 and written["articles.articletag"] and written["articles.articlepage_authors"]
    assert written["<safety net>"][0]["check_at"] < (FIXTURE_NOW + timedelta(days=365 * 100)).timestamp()


def _rows(dump) -> list[dict]:
    from toasoan.nukeviet.dump import NukeVietDump

    return list(NukeVietDump(dump).rows("news_rows"))
