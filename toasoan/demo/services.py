"""Build the demo portal: site, editor, snippets, images, sections and articles.

Every step is idempotent: what exists (found by slug, code, name or title) is kept as
it is, only what is missing is created. Pages are created the way the admin creates
them (add_child, then a revision, then publishing it) so their history is real.
"""

from __future__ import annotations

import hashlib
import html
import io
import random
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from toasoan import vntext
from toasoan.articles.models import Agency, ArticlePage, Author
from toasoan.editorial.services import newsroom
from toasoan.sections.models import HomePage, SectionPage

from . import compliance
from . import images as drawing
from .content import (
    COMMON,
    HOME_INTRO,
    RESIDENTS,
    WARDS,
    ArticleSpec,
    DemoContent,
    SectionSpec,
    Sentence,
    SentencePool,
)
from .drafts import ensure_drafts
from .english import ensure_english
from .legal import ensure_registry
from .organisation import ensure_organisation
from .pages import ensure_pages
from .questions import ensure_questions

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_EDITOR = "bientap"
HOME_SLUG = "trang-chu"
WELCOME_TITLE = "Welcome to your new Wagtail site!"
#: Stable ids for StreamField blocks, so a rebuilt body is byte-for-byte the same.
BLOCK_NAMESPACE = uuid.UUID("6f1c3c52-1a57-4d0e-9a53-0d7c1a3e5b21")


@dataclass(frozen=True)
class RoleAccount:
    """One demo account per newsroom role (editorial.services.newsroom), so the review workflow
    can be tried: a reporter submits, a section editor approves, the managing editor publishes."""

    username: str
    first_name: str
    last_name: str
    role: str
    #: Whether the role's group belongs to a section (the demo's first one) or to the whole paper.
    in_section: bool


ROLE_ACCOUNTS: tuple[RoleAccount, ...] = (
    RoleAccount("phongvien", "Nguyễn Thu", "Hà", newsroom.REPORTER, in_section=True),
    RoleAccount("bientapvien", "Trần Minh", "Đức", newsroom.EDITOR, in_section=True),
    RoleAccount("thuky", "Lê Văn", "Hùng", newsroom.MANAGING_EDITOR, in_section=False),
    RoleAccount("kiemduyet", "Phạm Thị", "Mai", newsroom.MODERATOR, in_section=False),
)


@dataclass(frozen=True)
class IssuedAccount:
    """An account and the password it was just given (shown once, never stored in clear)."""

    username: str
    password: str
    #: The newsroom group it works in ("Phóng viên – Thời sự").
    group: str


@dataclass
class DemoReport:
    username: str
    password: str
    home: Page
    created: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: The role accounts, in the order of the review workflow.
    accounts: list[IssuedAccount] = field(default_factory=list)


# --------------------------------------------------------------------------- pages


def publish_new_page(parent: Page, page: Page, user: AbstractBaseUser | None) -> Page:
    """Create *page* under *parent* as the admin does: save, log, revision, publish."""
    page.owner = user
    page.live = False
    parent.add_child(instance=page)  # logs "wagtail.create"
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    # Publishing saved a copy rebuilt from the revision; catch up with it (live, live_revision…).
    page.refresh_from_db()
    return page


def publish_existing_page(page: Page, user: AbstractBaseUser | None) -> None:
    """Give a page created without revisions (e.g. by a data migration) its first published revision."""
    specific = page.specific
    specific.save_revision(user=user, log_action=True).publish(user=user)


# --------------------------------------------------------------------------- site


def _base_url_host_port() -> tuple[str, int]:
    parts = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost")
    default_port = 443 if parts.scheme == "https" else 80
    return (parts.hostname or "localhost"), (parts.port or default_port)


def ensure_site(user: AbstractBaseUser | None, notes: list[str]) -> tuple[HomePage, bool]:
    """The default Site, rooted at our HomePage; Wagtail's "Welcome" page removed.

    Returns the home page and whether it was created now.
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific_deferred, HomePage):
        home = site.root_page.specific
        if home.latest_revision_id is None:
            # Created by a data migration: give it a real history too.
            publish_existing_page(home, user)
            home.refresh_from_db()
        return home, False

    created = False
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title=settings.SITE_NAME, slug=HOME_SLUG, intro=HOME_INTRO)
        publish_new_page(Page.get_first_root_node(), home, user)
        created = True

    hostname, port = _base_url_host_port()
    if site is None:
        site = Site(is_default_site=True)
    if site.pk is None or not Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        site.hostname, site.port = hostname, port
    site.root_page = home
    site.site_name = settings.SITE_NAME
    site.save()

    page_type = ContentType.objects.get_for_model(Page)
    for welcome in Page.objects.filter(depth=2, content_type=page_type, title=WELCOME_TITLE):
        if welcome.numchild or Site.objects.filter(root_page=welcome).exists():
            notes.append(
                f"Giữ lại trang “{welcome.title}” (id {welcome.pk}): "
                "nó có trang con hoặc là gốc của một site."
            )
            continue
        welcome.delete(user=user)
    return home, created


# --------------------------------------------------------------------------- editor


def ensure_editor(username: str) -> tuple[AbstractBaseUser, str]:
    """A superuser for the demo with a fresh random password (returned, never stored in clear)."""
    user_model = get_user_model()
    password = secrets.token_urlsafe(12)
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    if user is None:
        user = user_model(**{user_model.USERNAME_FIELD: username})
        if hasattr(user, "first_name"):
            user.first_name = "Biên tập"
            user.last_name = "viên"
    user.is_active = True
    user.is_staff = True
    user.is_superuser = True
    user.set_password(password)
    user.save()
    return user, password


def ensure_role_accounts(sections: Sequence[SectionPage]) -> list[IssuedAccount]:
    """One account per newsroom role, in its group (a section's for reporters and editors), each
    with a fresh random password. The groups and the review workflow are completed first
    (idempotent), so a home page or sections made just now have theirs."""
    newsroom.setup_newsroom()
    section = sections[0] if sections else None
    user_model = get_user_model()
    issued = []
    for spec in ROLE_ACCOUNTS:
        group = newsroom.group_for(spec.role, section if spec.in_section else None)
        if group is None:
            continue  # no section to work in (or the role's app is not installed)
        user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: spec.username}).first()
        if user is None:
            user = user_model(**{user_model.USERNAME_FIELD: spec.username})
            if hasattr(user, "first_name"):
                user.first_name, user.last_name = spec.first_name, spec.last_name
            if hasattr(user, "email"):
                user.email = f"{spec.username}@localhost"
        password = secrets.token_urlsafe(12)
        user.is_active = True
        user.is_superuser = False  # the workflow applies to them: that is the point
        user.set_password(password)
        user.save()
        user.groups.add(group)
        issued.append(IssuedAccount(spec.username, password, group.name))
    return issued


# --------------------------------------------------------------------------- snippets


def ensure_agencies(content: DemoContent) -> tuple[dict[str, Agency], int]:
    existing = {
        agency.code: agency for agency in Agency.objects.filter(code__in=[a.code for a in content.agencies])
    }
    missing = [Agency(code=a.code, name=a.name) for a in content.agencies if a.code not in existing]
    for agency in missing:
        agency.save()
        existing[agency.code] = agency
    return existing, len(missing)


def ensure_authors(content: DemoContent) -> tuple[dict[str, Author], int]:
    by_name = {
        author.name: author for author in Author.objects.filter(name__in=[a.name for a in content.authors])
    }
    result: dict[str, Author] = {}
    created = 0
    for spec in content.authors:
        author = by_name.get(spec.name)
        if author is None:
            author = Author.objects.create(name=spec.name, pen_name=spec.pen_name, bio=spec.bio)
            created += 1
        result[spec.key] = author
    return result, created


# --------------------------------------------------------------------------- images


def ensure_images(content: DemoContent, user: AbstractBaseUser | None) -> tuple[dict[str, object], int]:
    image_model = get_image_model()
    colours = {section.slug: section.colour for section in content.sections}
    titles = [spec.title for spec in content.images]
    existing: dict[str, object] = {}
    for image in image_model.objects.filter(title__in=titles).order_by("pk"):
        existing.setdefault(image.title, image)
    result: dict[str, object] = {}
    created = 0
    for spec in content.images:
        image = existing.get(spec.title)
        if image is None:
            data = drawing.render_jpeg(spec, colours.get(spec.section, (90, 90, 90)))
            image = image_model(
                title=spec.title,
                description=spec.alt,
                file=ImageFile(io.BytesIO(data), name=f"demo-{spec.key}.jpg"),
                width=drawing.SIZE[0],
                height=drawing.SIZE[1],
                file_size=len(data),
                file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
                uploaded_by_user=user,
            )
            image.save()
            created += 1
        result[spec.key] = image
    return result, created


# --------------------------------------------------------------------------- sections


def ensure_sections(
    home: Page, content: DemoContent, user: AbstractBaseUser | None
) -> tuple[dict[str, SectionPage], int]:
    """Sections in content order; parents before their subsections."""
    result: dict[str, SectionPage] = {}
    created = 0
    children_cache: dict[int, dict[str, Page]] = {}

    def children(parent: Page) -> dict[str, Page]:
        if parent.pk not in children_cache:
            children_cache[parent.pk] = {page.slug: page for page in Page.objects.child_of(parent).specific()}
        return children_cache[parent.pk]

    for spec in content.sections:
        parent = result[spec.parent] if spec.parent else home
        page = children(parent).get(spec.slug)
        if page is None:
            page = SectionPage(
                title=spec.title, slug=spec.slug, description=spec.description, show_in_menus=True
            )
            publish_new_page(parent, page, user)
            children(parent)[spec.slug] = page
            created += 1
        elif not isinstance(page, SectionPage):
            raise CommandError(
                f"“{page.url_path}” đã có và không phải là chuyên mục; không thể tạo chuyên mục {spec.title}."
            )
        result[spec.slug] = page
    return result, created


# --------------------------------------------------------------------------- articles


def now_minute(now: datetime | None = None) -> datetime:
    """*now* (default: the current time) in Vietnam, rounded down to the minute."""
    moment = (now or timezone.now()).astimezone(VIETNAM)
    return moment.replace(second=0, microsecond=0)


def published_at_for(spec: ArticleSpec, base: datetime) -> datetime:
    """Deterministic from *base*; articles with the same `age_hours` share the minute.

    Nothing is published between midnight and 6 a.m.: such times move to the evening before.
    """
    minutes = (spec.age_hours * 37) % 60
    moment = base - timedelta(hours=spec.age_hours, minutes=minutes)
    if moment.hour < 6:
        moment -= timedelta(hours=moment.hour + 2)
    return moment


def event_day(published_at: datetime) -> datetime:
    """The day the reported event happened: the day before when published early in the morning."""
    local = published_at.astimezone(VIETNAM)
    return local - timedelta(days=1) if local.hour < 10 else local


def _format_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _format_decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slots(
    spec: ArticleSpec, section: SectionSpec, published_at: datetime, rng: random.Random
) -> dict[str, str]:
    day = event_day(published_at)
    other_places = [ward for ward in WARDS if ward != spec.place]
    resident = rng.choice(RESIDENTS)
    values = {
        "date": f"ngày {day.day}/{day.month}",
        "topic": spec.topic,
        "unit": spec.unit,
        "place": spec.place,
        "other_place": rng.choice(other_places),
        "official": rng.choice(section.officials) if section.officials else "lãnh đạo UBND quận",
        "resident": resident,
        "pct": str(rng.randint(86, 98)),
        "pct_high": _format_decimal(rng.randint(950, 995) / 10),
        "pct_small": _format_decimal(rng.randint(55, 140) / 10),
        "pct_sport": str(rng.randint(38, 46)),
        "n_small": str(rng.randint(5, 12)),
        "n_reports": _format_number(rng.randrange(300, 1500, 10)),
        "n_files": _format_number(rng.randrange(21000, 58000, 100)),
        "n_firms": _format_number(rng.randrange(180, 420)),
        "n_visits": _format_number(rng.randrange(150000, 320000, 1000)),
        "n_poor": str(rng.randrange(80, 160, 5)),
        "weeks": str(rng.randint(2, 6)),
        "wards": str(rng.randint(6, 9)),
        "money": f"{_format_number(rng.randrange(1200, 4800, 100))} tỷ đồng",
    }
    for key in ("date", "topic", "unit", "resident"):
        values[key.capitalize()] = _capitalize(values[key])
    return values


class _Drawer:
    """Sentences of one kind of paragraph, drawn without repetition.

    With `in_order`, the sentences drawn keep the order of the pools (section first, then
    the common ones): closing sentences such as the hotline stay last.
    """

    def __init__(
        self,
        pools: Sequence[SentencePool],
        group: str,
        kind: str,
        rng: random.Random,
        *,
        in_order: bool = False,
    ):
        self._left: list[Sentence] = [s for pool in pools for s in getattr(pool, group) if s.suits(kind)]
        self._rng = rng
        self._in_order = in_order
        if not in_order:
            rng.shuffle(self._left)

    def take(self, count: int) -> list[str]:
        if self._in_order:
            chosen = sorted(self._rng.sample(range(len(self._left)), min(count, len(self._left))))
            taken = [self._left[i] for i in chosen]
            self._left = [s for i, s in enumerate(self._left) if i not in chosen]
        else:
            taken, self._left = self._left[:count], self._left[count:]
        return [sentence.text for sentence in taken]


def _paragraph(sentences: Iterable[str], slots: dict[str, str]) -> str:
    text = " ".join(sentence.format_map(slots) for sentence in sentences)
    return f"<p>{html.escape(text, quote=False)}</p>"


def build_body(
    spec: ArticleSpec,
    section: SectionSpec,
    pool: SentencePool,
    published_at: datetime,
    image: object | None,
    credit: str,
    slug: str,
) -> list[dict]:
    """The StreamField data of one article: 3–6 paragraphs, plus image / photo note / quote blocks."""
    rng = random.Random(f"{section.slug}/{slug}")  # noqa: S311 - varied text, not security
    slots = _slots(spec, section, published_at, rng)
    pools = (pool, COMMON)
    drawers = {
        group: _Drawer(pools, group, spec.kind, rng, in_order=group == "next_steps")
        for group in ("context", "detail", "numbers", "voice", "next_steps")
    }
    paragraph_count = rng.choice((3, 4, 4, 5, 5, 6))

    first = [spec.facts]
    if rng.random() < 0.5:
        first += drawers["context"].take(1)
    paragraphs: list[list[str]] = [first, drawers["detail"].take(2)]
    # Optional paragraphs, most wanted first; shown in reading order below.
    optional = ["numbers", "next_steps", "voice", "detail"][: max(0, paragraph_count - 2)]
    reading_order = ["detail", "numbers", "voice", "next_steps"]
    for group in sorted(optional, key=reading_order.index):
        sentences = drawers[group].take(rng.choice((1, 2)))
        if sentences:
            paragraphs.append(sentences)
    paragraphs = [p for p in paragraphs if p]

    blocks: list[tuple[str, object]] = [("paragraph", _paragraph(paragraphs[0], slots))]
    if image is not None and spec.image_caption:
        blocks.append(
            (
                "image",
                {
                    "image": image.pk,
                    "alt": getattr(image, "description", ""),
                    "caption": spec.image_caption,
                    "credit": credit,
                },
            )
        )
    if spec.photo_note:
        caption, note_credit = spec.photo_note
        blocks.append(("photo_note", {"caption": caption, "credit": note_credit}))
    for index, sentences in enumerate(paragraphs[1:], start=1):
        blocks.append(("paragraph", _paragraph(sentences, slots)))
        if index == 1 and spec.quote:
            text, attribution = spec.quote
            blocks.append(("quote", {"text": text, "attribution": attribution}))
    return [
        {"type": block_type, "value": value, "id": str(uuid.uuid5(BLOCK_NAMESPACE, f"{slug}/{position}"))}
        for position, (block_type, value) in enumerate(blocks)
    ]


def ensure_articles(
    content: DemoContent,
    sections: dict[str, SectionPage],
    agencies: dict[str, Agency],
    authors: dict[str, Author],
    images: dict[str, object],
    user: AbstractBaseUser | None,
    base: datetime,
) -> int:
    section_specs = {spec.slug: spec for spec in content.sections}
    existing = {
        slug: set(Page.objects.child_of(section).values_list("slug", flat=True))
        for slug, section in sections.items()
    }
    created = 0
    for spec in content.articles:
        slug = vntext.slugify(spec.title)
        if slug in existing[spec.section]:
            continue
        section_spec = section_specs[spec.section]
        published_at = published_at_for(spec, base)
        article_authors = [authors[key] for key in spec.authors]
        credit = article_authors[0].display_name if article_authors else (spec.byline or "Tòa Soạn")
        image = images.get(spec.image) if spec.image else None
        page = ArticlePage(
            title=spec.title,
            slug=slug,
            published_at=published_at,
            first_published_at=published_at,
            agency=agencies.get(spec.agency) if spec.agency else None,
            lead=spec.lead,
            byline="" if article_authors else spec.byline,
            listing_image=image,
            body=build_body(
                spec,
                section_spec,
                content.pools.get(spec.section, SentencePool()),
                published_at,
                image,
                credit,
                slug,
            ),
        )
        page.authors = article_authors
        page.tags.add(*spec.tags)  # the tag model makes ASCII slugs itself
        publish_new_page(sections[spec.section], page, user)
        existing[spec.section].add(slug)
        created += 1
    return created


# --------------------------------------------------------------------------- corpus


def import_corpus(path: str, stdout=None) -> None:
    """Load a JSONL corpus through the importer's own command."""
    if "import_articles" not in get_commands():
        raise CommandError(
            "Chưa có lệnh import_articles (ứng dụng toasoan.importer) nên không nạp được --corpus."
        )
    kwargs = {"stdout": stdout} if stdout is not None else {}
    call_command("import_articles", path, "--format", "jsonl", **kwargs)


# --------------------------------------------------------------------------- all of it


def totals(home: Page) -> dict[str, int]:
    return {
        "sections": SectionPage.objects.descendant_of(home).count(),
        "articles": ArticlePage.objects.live().descendant_of(home).count(),
        "images": get_image_model().objects.count(),
    }


def load_demo(
    *,
    editor_username: str = DEFAULT_EDITOR,
    articles: bool = True,
    now: datetime | None = None,
    content: DemoContent | None = None,
) -> DemoReport:
    """Build (or complete) the demo portal and return what was done, with the editor's new password.

    With `articles=False` the site, sections, snippets and images are made but no article
    (a corpus is then loaded with `import_corpus`).
    """
    content = content or DemoContent()
    if editor_username in {account.username for account in ROLE_ACCOUNTS}:
        raise CommandError(
            f"“{editor_username}” là tài khoản theo vai trò của bản demo; "
            "hãy chọn tên khác cho tài khoản quản trị."
        )
    base = now_minute(now)
    notes: list[str] = []
    with transaction.atomic():
        user, password = ensure_editor(editor_username)
        home, home_created = ensure_site(user, notes)
        agencies, agencies_created = ensure_agencies(content)
        authors, authors_created = ensure_authors(content)
        images, images_created = ensure_images(content, user)
        sections, sections_created = ensure_sections(home, content, user)
        ensure_registry(home, user)
        ensure_drafts(home, user, base)
        ensure_pages(home, user)
        ensure_organisation(home, user)
        ensure_questions(home, user, base)
        compliance.ensure_roles(home, user)
        accounts = ensure_role_accounts([sections[spec.slug] for spec in content.sections if not spec.parent])
        articles_created = 0
        if articles:
            articles_created = ensure_articles(content, sections, agencies, authors, images, user, base)
        ensure_english(home, user)
    return DemoReport(
        username=editor_username,
        password=password,
        home=home,
        created={
            "home": int(home_created),
            "sections": sections_created,
            "articles": articles_created,
            "images": images_created,
            "agencies": agencies_created,
            "authors": authors_created,
        },
        totals=totals(home),
        notes=notes,
        accounts=accounts,
    )
