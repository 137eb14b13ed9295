"""The admin's "Báo cáo tuân thủ": the same report as the command, for site managers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Site

from .services import report

#: Who may read the report: those who manage the portal's sites (Wagtail's "Sites" permission).
PERMISSION = "wagtailcore.change_site"


def can_view(user) -> bool:
    return bool(user.is_active and user.has_perm(PERMISSION))


def report_view(request: HttpRequest) -> HttpResponse:
    """The main portal's report, or with several portals the one chosen (`?cong=<site id>`)."""
    if not can_view(request.user):
        raise PermissionDenied
    sites = list(Site.objects.select_related("root_page").order_by("-is_default_site", "hostname", "port"))
    chosen = request.GET.get("cong", "")
    site = next((site for site in sites if str(site.pk) == chosen), None)
    shown = {"sites": sites if len(sites) > 1 else [], "chosen": site.pk if site else None}
    try:
        made = report.run(site=site)
    except report.ReportError as error:
        return TemplateResponse(request, "compliance/admin_report.html", {**shown, "error": str(error)})
    return TemplateResponse(request, "compliance/admin_report.html", {**shown, **report.context(made)})
