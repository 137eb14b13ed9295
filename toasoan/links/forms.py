"""The link group's admin form: a portal's staff choose among their own portals only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from toasoan.sections.portal_forms import PortalRowForm


class LinkGroupForm(PortalRowForm):
    portal_help_text = _("Cổng hiện nhóm này.")
