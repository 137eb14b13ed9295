"""The demo's English pages (docs/english.md): the home page, the introduction, the contacts, the
organisation chart with its units, and three news articles with their section, as translations
of the Vietnamese pages.

Made the way an editor makes them in the admin ("Dịch" on a page): Wagtail's
`copy_for_translation`, then the English text, then a published revision. Pages already
translated are left as they are, so `make demo` can run again. Invented place and people, as in
the rest of the demo.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from wagtail.models import Locale, Page

from toasoan import vntext
from toasoan.articles.models import ArticlePage
from toasoan.organisation.models import OrganisationPage, UnitPage
from toasoan.sections.models import SectionPage

from .pages import CONTACT, INTRODUCTION

LANGUAGE = "en"
NEWS_SECTION = "thoi-su"


@dataclass(frozen=True)
class English:
    """What replaces the Vietnamese text in a page's English translation."""

    title: str
    slug: str
    fields: tuple[tuple[str, object], ...] = ()


def _paragraphs(*parts: tuple[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    blocks = []
    for heading, paragraphs in parts:
        text = f"<h2>{html.escape(heading)}</h2>" if heading else ""
        text += "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
        blocks.append(("paragraph", text))
    return blocks


HOME = English(
    "Home",
    "home-en",
    (("intro", "News and information from the People's Committee of Hòa Phong District, in English."),),
)

INTRODUCTION_EN = English(
    "Introduction",
    "introduction",
    (
        (
            "lead",
            "Hòa Phong District lies in the west of Đông Sơn Province. It has 16 communes and 2 towns, "
            "covers about 512 km² and is home to more than 128,000 people.",
        ),
        (
            "body",
            _paragraphs(
                (
                    "Location",
                    (
                        "Hòa Phong borders Tân Lạc District to the north, Đông Sơn City to the east and "
                        "the Trường Sơn foothills to the west. The Hòa River crosses the district from "
                        "west to east, watering a plain of rice fields and orchards.",
                        "The local economy rests on farming, food processing and eco-tourism; the North "
                        "Hòa Phong industrial park is being built.",
                    ),
                ),
                (
                    "This portal",
                    (
                        "The portal publishes the news of the district government, its guidance and "
                        "decisions, administrative procedures and what residents and businesses need "
                        "to know. The Office of the People's Council and People's Committee manages "
                        "its content.",
                    ),
                ),
                (
                    "One-stop shop",
                    (
                        "Applications for administrative procedures are received from 7:30 to 17:00 "
                        "on working days and from 7:30 to 11:30 on Saturday mornings. "
                        "Telephone: +84 200 3812 678.",
                    ),
                ),
            ),
        ),
    ),
)

CONTACT_EN = English(
    "Contact",
    "contact",
    (
        ("lead", "Residents and businesses can reach the People's Committee of Hòa Phong District here."),
        (
            "body",
            _paragraphs(
                (
                    "Office of the People's Council and People's Committee",
                    (
                        "Address: 12 Lê Lợi Street, Hòa Phong Town, Hòa Phong District, Đông Sơn Province.",
                        "Telephone: +84 200 3812 345 (office hours, Monday to Friday).",
                        "E-mail: lienhe@hoaphong.example.vn",
                    ),
                ),
                (
                    "Questions in English",
                    (
                        "Write to the e-mail address above; the office answers questions in English "
                        "within five working days.",
                    ),
                ),
            ),
        ),
    ),
)

NEWS = English("News", "news", (("description", "News and events from across the district."),))

#: Vietnamese title of the article → its English version.
ARTICLES: dict[str, English] = {
    "Quận ra quân cao điểm chỉnh trang đô thị, lập lại trật tự vỉa hè": English(
        "District launches two-month drive to clear pavements and tidy its streets",
        "district-launches-drive-to-clear-pavements",
        (
            (
                "lead",
                "For two months, district and ward officers will deal with pavements and roads taken "
                "over by shops and stalls, and tidy up twelve main streets.",
            ),
            (
                "body",
                _paragraphs(
                    (
                        "",
                        (
                            "The People's Committee of the district opened the campaign in An Phú Ward. "
                            "Right after the ceremony, working groups asked shop owners on Hồng Hà Street "
                            "to take down signs and awnings reaching over the pavement.",
                            "Each street, once cleared, is looked after every day by a residents' group "
                            "of its neighbourhood, so that the pavements stay free for people on foot.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    "Khánh thành cầu đi bộ nối hai bờ kênh Bình Minh": English(
        "Footbridge opens across the Bình Minh canal",
        "footbridge-opens-across-binh-minh-canal",
        (
            (
                "lead",
                "The 68-metre bridge for pedestrians and cyclists shortens the way to school by almost "
                "two kilometres for pupils of Bình Minh and Tân Lập wards.",
            ),
            (
                "body",
                _paragraphs(
                    (
                        "",
                        (
                            "The footbridge over the Bình Minh canal opened after eight months of work. "
                            "It is three metres wide, with high railings, lighting and gentle ramps for "
                            "wheelchair users.",
                            "The district's construction project board will maintain the bridge and its "
                            "lighting.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    "Diễn tập phòng cháy, chữa cháy tại khu dân cư đông đúc phường Đông Hưng": English(
        "Fire drill in a crowded neighbourhood of Đông Hưng Ward",
        "fire-drill-in-dong-hung-ward",
        (
            (
                "lead",
                "More than 150 people took part in a drill simulating a fire in a narrow alley that fire "
                "engines cannot reach.",
            ),
            (
                "body",
                _paragraphs(
                    (
                        "",
                        (
                            "The district police and the People's Committee of Đông Hưng Ward held the "
                            "fire-fighting and rescue drill in Neighbourhood 3. Civil defence teams, "
                            "neighbourhood safety groups and residents practised using extinguishers, "
                            "running hoses from hydrants and carrying people to safety.",
                        ),
                    ),
                ),
            ),
        ),
    ),
}


ORGANISATION = English(
    "Organisation",
    "organisation",
    (
        (
            "intro",
            "<p>The People's Committee of Hòa Phong District, its leaders, its divisions and the units "
            "under it, with their telephone numbers and e-mail addresses.</p>",
        ),
    ),
)

#: Vietnamese name of a demo unit (toasoan/demo/organisation.py) → its English name.
UNITS: dict[str, str] = {
    "Lãnh đạo UBND huyện": "District leadership",
    "Văn phòng HĐND và UBND": "Office of the People's Council and People's Committee",
    "Bộ phận Một cửa": "One-stop shop",
    "Phòng Tài chính - Kế hoạch": "Finance and Planning Division",
    "Phòng Tư pháp": "Justice Division",
    "Phòng Văn hóa và Thông tin": "Culture and Information Division",
    "Trung tâm Văn hóa, Thông tin và Thể thao": "Culture, Information and Sports Centre",
}


def _unit(name: str) -> English:
    return English(name, vntext.slugify(name))


def translate(
    page: Page, locale: Locale, english: English, user: AbstractBaseUser | None
) -> tuple[Page, bool]:
    """The English translation of `page`, made and published unless it exists; True if made."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    copy = page.specific.copy_for_translation(locale)
    copy.title = copy.draft_title = english.title
    copy.slug = english.slug
    for name, value in english.fields:
        setattr(copy, name, value)
    if isinstance(copy, ArticlePage):
        copy.tags.clear()  # the Vietnamese keywords would lead English readers to Vietnamese tag pages
    copy.owner = user
    copy.save()
    copy.save_revision(user=user, log_action=True).publish(user=user)
    copy.refresh_from_db()
    return copy, True


def ensure_english(home: Page, user: AbstractBaseUser | None) -> int:
    """Translate the demo's home page, introduction, contacts, news section and three of its
    articles into English; returns how many pages were made."""
    locale, _ = Locale.objects.get_or_create(language_code=LANGUAGE)
    made = 0
    made += translate(home, locale, HOME, user)[1]
    children = {page.slug: page for page in Page.objects.child_of(home)}
    for spec, english in ((INTRODUCTION, INTRODUCTION_EN), (CONTACT, CONTACT_EN)):
        if spec.slug in children:
            made += translate(children[spec.slug], locale, english, user)[1]
    made += _translate_organisation(home, locale, user)
    section = SectionPage.objects.child_of(home).filter(slug=NEWS_SECTION).first()
    if section is None:
        return made
    articles = list(ArticlePage.objects.child_of(section).filter(title__in=ARTICLES).live().order_by("path"))
    if not articles:
        return made
    made += translate(section, locale, NEWS, user)[1]
    for article in articles:
        made += translate(article, locale, ARTICLES[article.title], user)[1]
    return made


def _translate_organisation(home: Page, locale: Locale, user: AbstractBaseUser | None) -> int:
    """The structure in English (Decree 42/2022 Art. 7): the chart page and the named units, each
    after its parent (a translation's parent must exist in English first). People keep their
    names and Vietnamese titles."""
    chart = OrganisationPage.objects.child_of(home).first()
    if chart is None:
        return 0
    made = translate(chart, locale, ORGANISATION, user)[1]
    for unit in UnitPage.objects.descendant_of(chart).filter(locale=chart.locale).order_by("path"):
        if unit.title in UNITS and unit.get_parent().get_translation_or_none(locale) is not None:
            made += translate(unit, locale, _unit(UNITS[unit.title]), user)[1]
    return made
