"""The account page ("Tài khoản") links to the recovery codes and the authenticator setup."""

from __future__ import annotations

from django.urls import reverse
from wagtail import hooks


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("accounts:recovery_codes"),
        "label": "Xác thực hai bước",
        "help_text": (
            "Xem số mã dự phòng còn lại, tạo bộ mã mới, hoặc cài ứng dụng xác thực trên điện thoại mới."
        ),
    }
