"""Old addresses indexed before each portal had its own keep answering after the upgrade: on the
portal holding their page, and a file's on the main portal, where they were answered before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Site

from conftest import site_home
from toasoan.nukeviet.models import LegacyUrl
from toasoan.portals.services.provision import create_portal

BEFORE = [("nukeviet", "0002_legacy_url")]
AFTER = [("nukeviet", "0003_legacy_url_site")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_indexed_addresses_get_the_portal_of_their_page(make_section, make_article):
    main_home = site_home()
    main_article = make_article(make_section("Tin tức"), "Bài ở cổng chính", published_at="08:00 01/09/2025")
    commune = create_portal(name="UBND xã Hòa An", host="xa-hoa-an.example.vn").site
    commune_page = commune.root_page.get_children().first()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldUrl = executor.loader.project_state(BEFORE).apps.get_model("nukeviet", "LegacyUrl")
    OldUrl.objects.create(key="news/bai-1", source="nukeviet", page_id=main_article.pk)
    OldUrl.objects.create(key="news/bai-2", source="xa", page_id=commune_page.pk)
    OldUrl.objects.create(key="uploads/tep.pdf", source="nukeviet", target="/documents/1/tep.pdf")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    main = Site.objects.get(root_page=main_home)
    assert dict(LegacyUrl.objects.values_list("key", "site_id")) == {
        "news/bai-1": main.pk,
        "news/bai-2": commune.pk,
        "uploads/tep.pdf": main.pk,
    }
