"""Where imported articles go: the site's home page and its sections, looked up once and cached."""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail.models import Page, Site

from toasoan import vntext
from toasoan.sections.models import HomePage, SectionPage

DEFAULT_SECTION_TITLE = "Tin tổng hợp"
FALLBACK_SECTION_SLUG = "chuyen-muc"
FALLBACK_ARTICLE_SLUG = "bai-viet"
#: vntext.slugify's default length, which VietnameseSlugMixin applies again on save.
SLUG_MAX_LENGTH = 100


class ImportSetupError(Exception):
    """The import cannot start (no home page, unknown section); the message is for the person importing."""


def get_home_page() -> HomePage:
    """The default Site's root page, which must be our HomePage."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.specific if site is not None else None
    if not isinstance(root, HomePage):
        raise ImportSetupError("Chưa có trang chủ: chạy migrate/load_demo trước")
    return root


def find_section(home: HomePage, slug: str) -> SectionPage | None:
    """The section with *slug* under *home*, a top-level one first when a subsection shares the slug."""
    return SectionPage.objects.descendant_of(home).filter(slug=slug).order_by("depth", "path").first()


def require_section(home: HomePage, slug: str) -> SectionPage:
    section = find_section(home, slug)
    if section is None:
        raise ImportSetupError(f"Không có chuyên mục có slug “{slug}” dưới trang chủ")
    return section


@dataclass
class SectionTarget:
    """A section articles go into; ``page`` is None for one a dry run would create."""

    title: str
    slug: str
    url: str
    page: SectionPage | None = None
    taken_slugs: set[str] | None = field(default=None, repr=False)

    def unique_slug(self, title: str) -> str:
        """A slug for a new article from *title*, not used by any sibling (and reserved from now on)."""
        if self.taken_slugs is None:
            self.taken_slugs = (
                set(Page.objects.child_of(self.page).values_list("slug", flat=True)) if self.page else set()
            )
        slug, number = vntext.slugify(title, SLUG_MAX_LENGTH) or FALLBACK_ARTICLE_SLUG, 1
        while slug in self.taken_slugs:
            number += 1
            suffix = f"-{number}"
            # Shorten the base by whole words so the suffix fits (the page re-slugifies to this length).
            base = vntext.slugify(title, SLUG_MAX_LENGTH - len(suffix)) or FALLBACK_ARTICLE_SLUG
            slug = f"{base}{suffix}"
        self.taken_slugs.add(slug)
        return slug


def _publish(page: Page) -> None:
    page.save_revision().publish()


class SectionDirectory:
    """Sections by label for one import run: found or created once, then served from memory."""

    def __init__(
        self,
        home: HomePage,
        *,
        forced: SectionPage | None = None,
        dry_run: bool = False,
    ) -> None:
        self.home = home
        self.forced = self._target(forced) if forced is not None else None
        self.dry_run = dry_run
        self._by_slug: dict[str, SectionTarget] = {}

    @staticmethod
    def _target(section: SectionPage) -> SectionTarget:
        return SectionTarget(title=section.title, slug=section.slug, url=section.url or "", page=section)

    def for_label(self, label: str) -> SectionTarget:
        """The section for a record's label: ``--section`` if given, else by label, else "Tin tổng hợp"."""
        if self.forced is not None:
            return self.forced
        title = label or DEFAULT_SECTION_TITLE
        slug = vntext.slugify(title) or FALLBACK_SECTION_SLUG
        target = self._by_slug.get(slug)
        if target is None:
            target = self._by_slug[slug] = self._find_or_create(title, slug)
        return target

    def _find_or_create(self, title: str, slug: str) -> SectionTarget:
        existing = find_section(self.home, slug)
        if existing is not None:
            return self._target(existing)
        if self.dry_run:
            return SectionTarget(title=title, slug=slug, url=f"{self.home.url or '/'}{slug}/")
        section = SectionPage(title=title, slug=slug, show_in_menus=True)  # readers find it in the navigation
        # Always the Wagtail way, even on the bulk path: a handful per import, and the signals other
        # apps rely on fire (the newsroom's desks and review step for a new section, purges, search).
        self.home.add_child(instance=section)
        _publish(section)
        return self._target(section)

    def forget(self) -> None:
        """Drop cached pages after a rolled-back write: they may name rows or counts that are gone."""
        self._by_slug.clear()
        self.home.refresh_from_db()
        if self.forced is not None and self.forced.page is not None:
            self.forced.page.refresh_from_db()
            self.forced.taken_slugs = None
