"""The page a NukeViet module moves into (the registry, the questions page, the organisation page):
the site's existing one when it has one, else a new one under the home page, published.

The module's home address (``/vi/laws/``, ``index.php?language=vi&nv=laws``) leads to it: one
ledger record ``<module>_home``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail.models import Page, Site

from toasoan.sections.mixins import free_slug

from . import oldurls
from .ledger import Ledger, digest

if TYPE_CHECKING:
    from .context import RunContext


def home_page(ctx: RunContext) -> Page | None:
    if ctx.home is not None:
        return ctx.home
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.specific if site else None


def find_or_create(ctx: RunContext, model: type[Page], *, title: str, slug: str, **fields) -> Page | None:
    """The index page; None in a dry run that would create it."""
    home = home_page(ctx)
    pages = model.objects.order_by("path")
    if home is not None:
        pages = pages.descendant_of(home)
    existing = pages.first()
    if existing is not None or ctx.dry_run or home is None:
        return existing
    page = model(title=title, slug=free_slug(slug, home), **fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    return model.objects.get(pk=page.pk)


def record_home(ctx: RunContext, module: oldurls.Module, name: str, page: Page | None) -> None:
    """The module's home address → its page here."""
    if ctx.dry_run or page is None:
        return
    urls = oldurls.forms(ctx.lang, module.name)
    Ledger(ctx.source, f"{name}_home").save(
        "home", content_hash=digest([page.pk, urls]), page_id=page.pk, old_urls=urls
    )
