"""The report under the admin's Reports menu ("Báo cáo"), for site managers only."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class ComplianceMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return admin_views.can_view(request.user)


@hooks.register("register_admin_urls")
def register_compliance_urls():
    return [path("bao-cao-tuan-thu/", admin_views.report_view, name="compliance_report")]


@hooks.register("register_reports_menu_item")
def register_compliance_menu_item():
    return ComplianceMenuItem(
        "Báo cáo tuân thủ",
        reverse("compliance_report"),
        name="bao-cao-tuan-thu",
        icon_name="doc-full-inverse",
        order=1000,
    )
