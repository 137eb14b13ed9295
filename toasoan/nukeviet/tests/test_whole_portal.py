"""The whole fixture portal through `import_nukeviet`: every old address of every module answers
301 to its page at the Site's address (or 404 when its page is not public), straight after the
import, with no separate redirect step."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site

from conftest import site_home
from toasoan.nukeviet.models import LegacyRecord
from toasoan.nukeviet.services.files import MODULE as FILES_MODULE

from .conftest import FIXTURE_NOW
from .test_redirects import ADDRESS, expected

pytestmark = pytest.mark.django_db


def test_every_old_address_of_the_portal_answers_301_after_the_import(
    clock, nukeviet_dump, nukeviet_uploads, capsys
):
    clock.set(FIXTURE_NOW)
    site_home()
    Site.objects.filter(is_default_site=True).update(hostname="cong.mayxanh.example.vn", port=443)

    call_command("import_nukeviet", str(nukeviet_dump), "--uploads", str(nukeviet_uploads), "--no-progress")

    assert "địa chỉ cũ chuyển được" in capsys.readouterr().out
    client = Client(HTTP_HOST="localhost")  # not the Site's address: the answer must not echo it
    checked: dict[str, int] = {}
    for record in LegacyRecord.objects.exclude(old_urls=[]).select_related("page"):
        target = expected(record)
        for url in record.old_urls:
            response = client.get(url)
            if record.module == FILES_MODULE and record.status == LegacyRecord.Status.CREATED:
                # An old file address leads to the image or document it became.
                assert response.status_code == 301, url
                assert response["Location"].startswith(ADDRESS + "/"), url
                checked[record.module] = checked.get(record.module, 0) + 1
                continue
            if target is None:
                assert response.status_code == 404, (url, record.reason)
                continue
            assert response.status_code == 301, (url, record)
            assert response["Location"] == target, url
            assert target.startswith(ADDRESS + "/")
            checked[record.module] = checked.get(record.module, 0) + 1
    # Every module with pages here is reached: articles and their sections, documents, questions, units.
    assert {"news", "news_cat", "laws", "faq", "organs", FILES_MODULE} <= set(checked)
    live = LegacyRecord.objects.filter(module="news", page__live=True).count()
    assert live >= 10 and checked["news"] >= 3 * live  # a rewritten path and two index.php forms each
