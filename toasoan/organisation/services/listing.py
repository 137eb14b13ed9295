"""The organisation's queries: units a reader may see, their people, their photos' renditions.

A unit is shown when it is live, under no view restriction and under no unpublished page (a
live sub-unit of an unpublished unit stays hidden with it), all in SQL, so every list is one query.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Substr
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.query import PageQuerySet

from toasoan.articles.services.listing import public

from ..models import Person, UnitPage

#: The renditions the chart and the unit page draw; prefetched so `{% image %}` never queries.
PHOTO_RENDITIONS = ("fill-160x200",)
PHOTO_FILTER = PHOTO_RENDITIONS[0]


#: The deepest a page can be: treebeard's path column holds 255 characters.
_MAX_DEPTH = 255 // Page.steplen


def _unpublished_ancestor(field: str = "path") -> Exists:
    # Each ancestor's path is the page's own cut at a whole number of tree steps: naming them all
    # lets the database look each one up by the path index, where matching a prefix of the
    # outer row against every page's path reads the whole page table once per unit. Cuts past
    # the page's own length give its own path, which is live.
    cuts = [Substr(OuterRef(field), 1, Page.steplen * depth) for depth in range(1, _MAX_DEPTH + 1)]
    return Exists(Page.objects.filter(live=False, path__in=cuts))


def visible(queryset: PageQuerySet) -> PageQuerySet:
    """Live, public, and under live pages only."""
    # The filter on the unit table's own keys changes no row; it starts the query from the units
    # (a few hundred) rather than from the page table, which SQLite, having no statistics, would
    # otherwise walk whole in path order (over a minute at 100,000 articles).
    units = queryset.filter(pk__in=queryset.model._default_manager.values("pk"))
    return public(units.live()).filter(~_unpublished_ancestor())


def units(root: Page) -> PageQuerySet:
    """Every unit a reader may see below `root`, in the tree's order (Wagtail's page order)."""
    return visible(UnitPage.objects.descendant_of(root)).defer("functions").order_by("path")


def children(unit: Page) -> PageQuerySet:
    return visible(UnitPage.objects.child_of(unit)).defer("functions").order_by("path")


def people(unit_ids, *, photos: bool = True) -> QuerySet[Person]:
    """The people of these units in their order, with their photos' renditions (one query more)."""
    queryset = Person.objects.filter(unit_id__in=unit_ids).order_by("unit_id", "sort_order", "pk")
    if photos:
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=PHOTO_RENDITIONS)
        queryset = queryset.select_related("photo").prefetch_related(
            Prefetch("photo__renditions", queryset=renditions)
        )
    return queryset
