"""The compliance report in the admin: for site managers only.

Kept apart from test_report.py, whose demo pages (built once for its tests) these tests do not use.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

pytestmark = pytest.mark.django_db


def _editor(django_user_model, *, site_manager: bool):
    user = django_user_model.objects.create_user("canbo", "canbo@example.vn", "mat-khau-rat-dai-123")
    group = Group.objects.create(name="Biên tập")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if site_manager:
        manage_sites = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_site")
        group.permissions.add(manage_sites)
    user.groups.add(group)
    return user


def test_the_admin_report_is_for_site_managers_only(client, home, backups, django_user_model, otp_login):
    otp_login(client, _editor(django_user_model, site_manager=False))
    assert client.get("/admin/bao-cao-tuan-thu/").status_code in {302, 403}
    assert "bao-cao-tuan-thu" not in client.get("/admin/").content.decode()


def test_a_site_manager_reads_the_report_in_the_admin(client, home, backups, django_user_model, otp_login):
    otp_login(client, _editor(django_user_model, site_manager=True))
    response = client.get("/admin/bao-cao-tuan-thu/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Báo cáo tuân thủ" in page and "không phải ý kiến tư vấn pháp lý" in page
    assert 'data-item="kha-nang-tiep-can"' in page and "Chưa có trang tiếng Anh" in page
    assert "bao-cao-tuan-thu" in client.get("/admin/").content.decode()
