"""An organisation page under the home page, units made in a line, people with photos."""

from __future__ import annotations

import itertools
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from toasoan.organisation.models import OrganisationPage, Person, UnitKind, UnitPage


def png(colour: tuple[int, int, int]) -> ImageFile:
    buffer = BytesIO()
    PILImage.new("RGB", (320, 400), colour).save(buffer, "PNG")
    return ImageFile(BytesIO(buffer.getvalue()), name="chan-dung.png")


@pytest.fixture
def site_home(home):
    """The home page at http://testserver, the address vCards name."""
    cache.clear()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "testserver", 80
    site.save()
    return home


@pytest.fixture
def photos(db):
    images = [
        get_image_model().objects.create(title=f"Chân dung {number}", file=png(colour))
        for number, colour in enumerate(((11, 77, 162), (181, 18, 27)))
    ]
    yield images
    for image in images:
        image.file.close()


@pytest.fixture
def organisation(site_home):
    page = OrganisationPage(
        title="Cơ cấu tổ chức",
        slug="co-cau-to-chuc",
        agency_name="UBND huyện Hòa Phong",
        phone="0203 3825 100",
        email="ubnd@hoaphong.example.gov.vn",
        show_in_menus=True,
    )
    site_home.add_child(instance=page)
    page.save_revision().publish()
    return OrganisationPage.objects.get(pk=page.pk)


@pytest.fixture
def make_unit(photos):
    """`make_unit(parent, title, people=[(name, position, is_leader)…])`, published."""
    counter = itertools.count()

    def make(parent, title: str, kind=UnitKind.DEPARTMENT, people=(), **fields) -> UnitPage:
        unit = UnitPage(
            title=title,
            kind=kind,
            people=[
                Person(
                    name=name,
                    position=position,
                    is_leader=leader,
                    photo=photos[next(counter) % len(photos)],
                    phone=f"0203 3825 1{index:02d}",
                    email=f"canbo{index}@hoaphong.example.gov.vn",
                    sort_order=index,
                )
                for index, (name, position, leader) in enumerate(people)
            ],
            **fields,
        )
        parent.add_child(instance=unit)
        unit.save_revision().publish()
        return UnitPage.objects.get(pk=unit.pk)

    return make


@pytest.fixture
def structure(organisation, make_unit):
    """Three levels: leadership and two offices, a team under one of them, a unit under the team."""
    leaders = make_unit(
        organisation,
        "Lãnh đạo UBND huyện",
        UnitKind.LEADERSHIP,
        [("Nguyễn Văn Hải", "Chủ tịch UBND huyện", True), ("Trần Thị Lan", "Phó Chủ tịch UBND huyện", True)],
    )
    office = make_unit(
        organisation,
        "Văn phòng HĐND và UBND",
        UnitKind.DEPARTMENT,
        [("Lê Quang Minh", "Chánh Văn phòng", True), ("Đỗ Thị Thu", "Chuyên viên", False)],
        functions="<p>Tham mưu, tổng hợp; kiểm soát thủ tục hành chính.</p>",
        phone="0203 3825 200",
        email="vanphong@hoaphong.example.gov.vn",
    )
    justice = make_unit(
        organisation, "Phòng Tư pháp", UnitKind.DEPARTMENT, [("Phạm Đức Thắng", "Trưởng phòng", True)]
    )
    desk = make_unit(office, "Bộ phận Một cửa", UnitKind.BLOCK, [("Võ Thị Hồng", "Tổ trưởng", True)])
    archive = make_unit(desk, "Tổ Lưu trữ", UnitKind.AFFILIATE, [("Đặng Văn Bình", "Văn thư", False)])
    return {"leaders": leaders, "office": office, "justice": justice, "desk": desk, "archive": archive}
