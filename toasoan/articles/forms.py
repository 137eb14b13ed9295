"""Admin forms of authors, agencies and articles, each portal's staff keeping to their portal.

An author or an agency belongs to one portal or, with no portal, to every portal of the install
(docs/portals.md). A component portal's staff make rows of their own portal only; an article
names its own portal's rows and every portal's.
"""

from __future__ import annotations

from django.db.models import Model, Q

from toasoan.sections.mixins import VietnamesePageForm
from toasoan.sections.portal import page_site_id, staff_sites, visible_from


class ArticlePageForm(VietnamesePageForm):
    """The authors and the agency an article may name: its portal's and every portal's.

    The article's portal is the Site whose root it lies under (its parent's, for a new one). A
    page no Site serves falls back to the editor's own portals. What the article already names
    stays valid, so an article republished or moved from another portal still saves as it is.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance if self.instance.pk else self.parent_page
        site_id = page_site_id(page) if page is not None else None
        self.portal_site_id = site_id
        for name in ("authors", "agency"):
            field = self.fields.get(name)
            if field is None:
                continue
            named = self.initial.get(name)
            if named is None or isinstance(named, int | str | Model):
                named = [] if named is None else [named]
            # The authors come as their rows (a cluster's own queryset), the agency as its id.
            kept = [getattr(row, "pk", row) for row in named]
            if site_id is not None:
                offered = visible_from([site_id])
            else:
                offered = visible_from(staff_sites(self.for_user) if self.for_user is not None else None)
            field.queryset = field.queryset.filter(offered | Q(pk__in=kept))
            # The chooser opens on the same rows (widgets: its address names the portal).
            field.widget.portal_site_id = site_id
