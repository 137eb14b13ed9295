"""The organisation's queries: units a reader may see, their people, their photos' renditions.

A unit is shown when it is live, under no view restriction and under no unpublished page (a
live sub-unit of an unpublished unit stays hidden with it), all in SQL, so every list is one query.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.query import PageQuerySet

from toasoan.articles.services.listing import public

from ..models import Person, UnitPage

#: The renditions the chart and the unit page draw; prefetched so `{% image %}` never queries.
PHOTO_RENDITIONS = ("fill-160x200",)
PHOTO_FILTER = PHOTO_RENDITIONS[0]


def _unpublished_ancestor(field: str = "path") -> Exists:
    return Exists(Page.objects.filter(live=False, path=Substr(OuterRef(field), 1, Length("path"))))


def visible(queryset: PageQuerySet) -> PageQuerySet:
    """Live, public, and under live pages only."""
    return public(queryset.live()).filter(~_unpublished_ancestor())


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
