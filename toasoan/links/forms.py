"""The link group's admin form: a portal's staff choose among their own portals only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site

from toasoan.sections.portal import staff_sites


class LinkGroupForm(WagtailAdminModelForm):
    """The portal field offers the staff member's portals only, and one must be chosen: "every
    portal" is the choice of someone who works on every portal (an administrator)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("site")
        sites = staff_sites(self.for_user) if self.for_user is not None else None
        if field is None or sites is None:
            return
        field.queryset = Site.objects.filter(pk__in=sites).order_by("hostname")
        field.required = True
        field.empty_label = None
        field.help_text = _("Cổng hiện nhóm này.")
