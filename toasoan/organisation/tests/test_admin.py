"""The admin in Vietnamese: the unit form with its people, and a wrong phone refused, nothing lost."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import rich_text

from toasoan.organisation.models import UnitPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, otp_login):
    user = get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-rat-dai-123")
    otp_login(client, user)
    return client


def test_the_unit_form_is_in_vietnamese(editor, organisation):
    html = editor.get(f"/admin/pages/add/organisation/unitpage/{organisation.pk}/").content.decode()
    for label in ("Tên đơn vị", "Loại đơn vị", "Chức năng, nhiệm vụ", "Cán bộ, công chức", "Họ và tên",
                  "Chức vụ", "Điện thoại cơ quan", "Thư điện tử công vụ", "Nhiệm vụ được phân công",
                  "Lãnh đạo đơn vị", "Phòng ban", "Đơn vị trực thuộc"):  # fmt: skip
        assert label in html, label
    assert "Hiện trên sơ đồ tổ chức, với ảnh, chức vụ và liên hệ." in html


def test_a_wrong_phone_is_refused_and_what_was_typed_is_kept(editor, organisation):
    data = {
        "title": "Phòng Nội vụ",
        "slug": "",
        "kind": "phong-ban",
        "functions": rich_text("<p>Tham mưu về tổ chức bộ máy, biên chế.</p>"),
        "address": "",
        "phone": "0203 3825 300",
        "email": "",
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "1000",
        "people-0-name": "Tôn Thất Hiếu",
        "people-0-position": "Trưởng phòng",
        "people-0-phone": "số máy lẻ 12",
        "people-0-email": "",
        "people-0-duties": "",
        "people-0-ORDER": "1",
        "people-0-id": "",
        "people-0-DELETE": "",
    }
    response = editor.post(f"/admin/pages/add/organisation/unitpage/{organisation.pk}/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Số điện thoại “số máy lẻ 12” không hợp lệ. Ví dụ: 024 3825 3536 hoặc 0912 345 678." in html
    assert 'value="Tôn Thất Hiếu"' in html
    assert not UnitPage.objects.filter(title="Phòng Nội vụ").exists()
    data["people-0-phone"] = "0203.3825.301"
    response = editor.post(f"/admin/pages/add/organisation/unitpage/{organisation.pk}/", data)
    assert response.status_code == 302
    unit = UnitPage.objects.get(title="Phòng Nội vụ")
    assert unit.slug == "phong-noi-vu" and unit.phone == "+842033825300"
    assert unit.people.get().phone == "+842033825301"
