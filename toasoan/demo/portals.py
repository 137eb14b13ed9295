"""The demo's component portals: a department and a commune next to the main portal, each at
its own `*.localhost` address (browsers resolve those to 127.0.0.1), with a few invented
articles by a writer of its own (an author of that portal only), its settings and an account
per paper role (docs/portals.md).

Everything here is invented: the agencies, places, people and numbers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from toasoan.articles.models import ArticlePage, Author
from toasoan.editorial.services import newsroom
from toasoan.portals.services import provision
from toasoan.sections.models import PortalSettings, SectionPage

from .services import IssuedAccount, now_minute, publish_new_page


@dataclass(frozen=True)
class DemoArticle:
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    age_hours: int


@dataclass(frozen=True)
class Writer:
    name: str
    pen_name: str
    bio: str


@dataclass(frozen=True)
class PortalSpec:
    name: str
    host: str
    kind: str
    agency: str
    tagline: str
    address: str
    phone: str
    email: str
    colour: str
    #: Prefix of its accounts' user names ("so-van-hoa" → "thuky.so-van-hoa").
    account: str
    #: The portal's own author: its staff keep them, no other portal's article offers them.
    writer: Writer
    articles: tuple[DemoArticle, ...]


PORTALS: tuple[PortalSpec, ...] = (
    PortalSpec(
        name="Sở Văn hóa và Thể thao tỉnh Hòa Phong",
        host="so-van-hoa.localhost",
        kind="so",
        agency="Sở Văn hóa và Thể thao tỉnh Hòa Phong",
        tagline="Thông tin hoạt động văn hóa, thể thao của tỉnh",
        address="Số 12 đường Lê Lợi, phường Trung Tâm, tỉnh Hòa Phong",
        phone="0236 3800 112",
        email="vanphong.svhtt@hoaphong.example",
        colour="#7a2e0e",
        account="so-van-hoa",
        writer=Writer("Đinh Thị Lan Phương", "Lan Phương", "Phụ trách thông tin, tuyên truyền của Sở."),
        articles=(
            DemoArticle(
                "Khai mạc Liên hoan nghệ thuật quần chúng tỉnh năm 2026",
                "Hơn 600 diễn viên không chuyên của 20 đơn vị tham dự liên hoan kéo dài bốn ngày.",
                (
                    "Liên hoan năm nay có chủ đề “Quê hương vào mùa mới”, gồm các tiết mục hát, múa và "
                    "sân khấu truyền thống do các câu lạc bộ văn nghệ cơ sở dàn dựng.",
                    "Ban tổ chức trao giải cho tập thể và cá nhân xuất sắc vào tối bế mạc.",
                ),
                3,
            ),
            DemoArticle(
                "Tập huấn nghiệp vụ quản lý di tích cho cán bộ cấp xã",
                "Lớp tập huấn giúp cán bộ văn hóa xã nắm quy trình kiểm kê và bảo quản di tích.",
                ("Các học viên được hướng dẫn lập hồ sơ di tích và phối hợp với cộng đồng để gìn giữ.",),
                27,
            ),
        ),
    ),
    PortalSpec(
        name="Cổng thông tin điện tử xã Hòa An",
        host="xa-hoa-an.localhost",
        kind="xa",
        agency="Ủy ban nhân dân xã Hòa An",
        tagline="Thông tin chính thức của chính quyền xã Hòa An",
        address="Thôn Đông Hòa, xã Hòa An, tỉnh Hòa Phong",
        phone="0236 3799 045",
        email="ubnd.hoaan@hoaphong.example",
        colour="#1f6b3a",
        account="xa-hoa-an",
        writer=Writer("Hồ Văn Tài", "Văn Tài", "Công chức Văn phòng – Thống kê, phụ trách tin bài của xã."),
        articles=(
            DemoArticle(
                "Khánh thành cầu treo thôn Đông Hòa",
                "Cây cầu dài 86 mét giúp hơn 300 hộ dân đi lại an toàn trong mùa mưa lũ.",
                (
                    "Công trình được xây dựng trong bảy tháng từ nguồn ngân sách xã và đóng góp của "
                    "người dân, thay cho bến đò ngang đã dùng nhiều năm.",
                ),
                5,
            ),
            DemoArticle(
                "Thông báo lịch tiếp công dân tháng 12",
                "Chủ tịch Ủy ban nhân dân xã tiếp công dân vào sáng thứ Năm hằng tuần tại trụ sở.",
                ("Người dân có thể đăng ký trước qua số điện thoại của văn phòng Ủy ban.",),
                30,
            ),
            DemoArticle(
                "Ra quân làm đường giao thông nông thôn",
                "Các thôn cùng ra quân bê tông hóa 2,4 km đường liên thôn trước Tết.",
                ("Xã hỗ trợ xi măng, người dân góp công và hiến đất để mở rộng mặt đường.",),
                50,
            ),
        ),
    ),
)

#: The accounts each portal gets: (user name prefix, newsroom role, in its first section).
ACCOUNTS = (("thuky", newsroom.MANAGING_EDITOR, False), ("bientap", newsroom.EDITOR, True))


@dataclass
class PortalDemo:
    name: str
    address: str
    created: bool
    articles: int
    accounts: list[IssuedAccount] = field(default_factory=list)


def load_portals(port: int = 8000, *, now: datetime | None = None, user=None) -> list[PortalDemo]:
    """Make (or complete) the demo's component portals on `port`; accounts get new passwords."""
    base = now_minute(now)
    found = []
    with transaction.atomic():
        for spec in PORTALS:
            found.append(_load_portal(spec, port, base, user))
    return found


def _load_portal(spec: PortalSpec, port: int, base: datetime, user) -> PortalDemo:
    report = provision.create_portal(name=spec.name, host=spec.host, port=port, kind=spec.kind, user=user)
    settings = PortalSettings.objects.get(site=report.site)
    for name in ("tagline", "agency", "address", "phone", "email", "colour"):
        setattr(settings, name, getattr(spec, name))
    settings.save()  # through its signal: the pages and the admin's brand follow
    section = SectionPage.objects.child_of(report.home).order_by("path").first()
    existing = set(ArticlePage.objects.child_of(section).values_list("title", flat=True))
    writer, _made = Author.objects.get_or_create(
        name=spec.writer.name,
        site=report.site,
        defaults={"pen_name": spec.writer.pen_name, "bio": spec.writer.bio},
    )
    made = 0
    for article in spec.articles:
        if article.title in existing:
            continue
        body = [("paragraph", f"<p>{paragraph}</p>") for paragraph in article.paragraphs]
        page = ArticlePage(
            title=article.title,
            lead=article.lead,
            body=body,
            published_at=base - timedelta(hours=article.age_hours),
        )
        page.authors = [writer]
        publish_new_page(section, page, user)
        made += 1
    return PortalDemo(
        name=spec.name,
        address=report.address,
        created=report.site_created,
        articles=made,
        accounts=_accounts(spec, report.home, section),
    )


def _accounts(spec: PortalSpec, home, section) -> list[IssuedAccount]:
    user_model = get_user_model()
    issued = []
    for prefix, role, in_section in ACCOUNTS:
        group = newsroom.group_for(role, section if in_section else home)
        if group is None:
            continue
        username = f"{prefix}.{spec.account}"
        account = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
        if account is None:
            account = user_model(**{user_model.USERNAME_FIELD: username})
            if hasattr(account, "email"):
                account.email = f"{username}@localhost"
        password = secrets.token_urlsafe(12)
        account.is_active = True
        account.is_superuser = False
        account.set_password(password)
        account.save()
        account.groups.add(group)
        issued.append(IssuedAccount(username, password, group.name))
    return issued
