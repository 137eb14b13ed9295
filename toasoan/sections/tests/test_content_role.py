"""A content page says which required page it is (its role), in Vietnamese, or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from toasoan.sections.models import ContentPage, ContentRole

pytestmark = pytest.mark.django_db


def test_the_role_is_optional_and_limited_to_the_known_choices(home):
    page = home.add_child(instance=ContentPage(title="Lịch tiếp công dân", slug="lich-tiep-cong-dan"))
    page.full_clean()  # blank: a page that is none of the required ones
    page.role = "trang-bat-ky"
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "role" in raised.value.message_dict
    assert [label for _, label in ContentRole.choices] == [
        "Giới thiệu",
        "Chức năng, nhiệm vụ",
        "Liên hệ",
        "Chính sách bảo vệ dữ liệu cá nhân",
        "Tuyên bố về khả năng tiếp cận",
        "Khác",
    ]


def test_the_editor_chooses_the_role_in_the_admin(client, home, django_user_model, otp_login):
    otp_login(client, django_user_model.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau"))
    html = client.get(f"/admin/pages/add/sections/contentpage/{home.pk}/").content.decode()
    assert "Vai trò của trang" in html and '<option value="kha_nang_tiep_can">' in html
