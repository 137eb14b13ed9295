"""Link groups in the admin, each portal's staff keeping their own (docs/portals.md).

A group belongs to one portal, or, with no portal, to every portal of the install (the province's
links to national services). Someone who works on every portal (an administrator) keeps them all;
a component portal's managing editor sees, adds, changes and deletes the groups of their portal
only, and cannot make a group for every portal. Another portal's group is a 404 to them, the way
another portal's comment is. The policy and the views are the ones every portal's rows share
(sections.portal_admin); a group of every portal is not one a component portal's staff see.
"""

from __future__ import annotations

from toasoan.sections.portal_admin import PortalRowPolicy, PortalRowViewSet

from .models import LinkGroup

POLICY = PortalRowPolicy(LinkGroup)


class LinkGroupViewSet(PortalRowViewSet):
    model = LinkGroup
    icon = "link"
    list_display = ["title", "site", "order", "show_in_footer"]
    ordering = ["order", "pk"]
