"""The admin form of a row that belongs to one portal or to every portal."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site

from .portal import staff_sites


class PortalRowForm(WagtailAdminModelForm):
    """A row of one portal or, its `site` left empty, of every portal (authors, agencies, link
    groups): the portal field offers the staff member's portals only, and one must be chosen;
    "every portal" is the choice of someone who works on every portal (an administrator)."""

    #: What the field's help says the portal is for.
    portal_help_text = _("Cổng dùng mục này.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("site")
        sites = staff_sites(self.for_user) if self.for_user is not None else None
        if field is None or sites is None:
            return
        field.queryset = Site.objects.filter(pk__in=sites).order_by("hostname")
        field.required = True
        field.empty_label = None
        field.help_text = self.portal_help_text
