"""The admin's "Báo cáo tuân thủ": the same report as the command, for site managers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .services import report

#: Who may read the report: those who manage the portal's sites (Wagtail's "Sites" permission).
PERMISSION = "wagtailcore.change_site"


def can_view(user) -> bool:
    return bool(user.is_active and user.has_perm(PERMISSION))


def report_view(request: HttpRequest) -> HttpResponse:
    if not can_view(request.user):
        raise PermissionDenied
    try:
        made = report.run()
    except report.ReportError as error:
        return TemplateResponse(request, "compliance/admin_report.html", {"error": str(error)})
    return TemplateResponse(request, "compliance/admin_report.html", report.context(made))
