"""The demo's organisation (Cơ cấu tổ chức): the invented People's Committee of the invented
Hòa Phong district, its units and people, with portraits drawn like the demo's other pictures.

Names, duties and numbers are invented for the demo. Idempotent like the rest of the demo: the
page and its units are found by slug under their parent, portraits by title.
"""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page

from toasoan import vntext
from toasoan.organisation.models import OrganisationPage, Person, UnitKind, UnitPage

from .images import WHITE, load_font, mix

SLUG = "co-cau-to-chuc"
TITLE = "Cơ cấu tổ chức"
AGENCY = "UBND huyện Hòa Phong"
PORTRAIT_SIZE = (320, 400)
PORTRAIT_COLOUR = (11, 77, 162)
SKIN = (224, 187, 160)


@dataclass(frozen=True)
class PersonSpec:
    name: str
    position: str
    phone: str
    email: str
    duties: str = ""
    leader: bool = False


@dataclass(frozen=True)
class UnitSpec:
    title: str
    kind: str
    functions: str
    phone: str = ""
    email: str = ""
    address: str = ""
    people: tuple[PersonSpec, ...] = ()
    units: tuple[UnitSpec, ...] = field(default=())


ADDRESS = "Số 12 đường Lê Lợi, thị trấn Hòa Phong, huyện Hòa Phong, tỉnh Đông Sơn"
INTRO = (
    "<p>Ủy ban nhân dân huyện Hòa Phong là cơ quan hành chính nhà nước ở địa phương, do Hội đồng nhân "
    "dân huyện bầu ra, chịu trách nhiệm tổ chức thi hành pháp luật, nghị quyết của Hội đồng nhân dân "
    "huyện và thực hiện các nhiệm vụ do cơ quan nhà nước cấp trên giao.</p>"
    "<p>Trang này giới thiệu lãnh đạo, các phòng chuyên môn và đơn vị trực thuộc, kèm số điện thoại cơ "
    "quan và thư điện tử công vụ để người dân, doanh nghiệp liên hệ.</p>"
)

UNITS: tuple[UnitSpec, ...] = (
    UnitSpec(
        "Lãnh đạo UBND huyện",
        UnitKind.LEADERSHIP,
        "<p>Chủ tịch và các Phó Chủ tịch UBND huyện lãnh đạo, điều hành công việc của Ủy ban theo "
        "Quy chế làm việc; mỗi Phó Chủ tịch phụ trách một số lĩnh vực do Chủ tịch phân công.</p>",
        phone="0200 3812 001",
        email="ubnd@hoaphong.example.gov.vn",
        people=(
            PersonSpec(
                "Hoàng Minh Tuấn",
                "Chủ tịch UBND huyện",
                "0200 3812 002",
                "tuanhm@hoaphong.example.gov.vn",
                "Lãnh đạo, điều hành chung mọi hoạt động của UBND huyện\nPhụ trách công tác tổ chức, cán bộ; "
                "quốc phòng, an ninh",
                leader=True,
            ),
            PersonSpec(
                "Trịnh Thu Hà",
                "Phó Chủ tịch UBND huyện",
                "0200 3812 003",
                "hatt@hoaphong.example.gov.vn",
                "Phụ trách kinh tế, tài chính, ngân sách, đầu tư công\nPhụ trách chuyển đổi số",
                leader=True,
            ),
            PersonSpec(
                "Lương Văn Khoa",
                "Phó Chủ tịch UBND huyện",
                "0200 3812 004",
                "khoalv@hoaphong.example.gov.vn",
                "Phụ trách văn hóa, xã hội, giáo dục, y tế\nPhụ trách cải cách hành chính",
                leader=True,
            ),
        ),
    ),
    UnitSpec(
        "Văn phòng HĐND và UBND",
        UnitKind.DEPARTMENT,
        "<p>Tham mưu tổng hợp cho Hội đồng nhân dân và Ủy ban nhân dân huyện; bảo đảm điều kiện làm việc; "
        "kiểm soát thủ tục hành chính; vận hành cổng thông tin điện tử của huyện.</p>",
        phone="0200 3812 345",
        email="vanphong@hoaphong.example.gov.vn",
        address=ADDRESS,
        people=(
            PersonSpec(
                "Kiều Thị Ngọc Anh",
                "Chánh Văn phòng",
                "0200 3812 346",
                "anhktn@hoaphong.example.gov.vn",
                "Điều hành chung công việc của Văn phòng",
                leader=True,
            ),
            PersonSpec(
                "Tạ Đức Long",
                "Phó Chánh Văn phòng",
                "0200 3812 347",
                "longtd@hoaphong.example.gov.vn",
                "Phụ trách công tác tổng hợp, thư ký lãnh đạo; cổng thông tin điện tử",
            ),
            PersonSpec(
                "Quách Thị Mỹ",
                "Chuyên viên",
                "0200 3812 348",
                "myqt@hoaphong.example.gov.vn",
                "Kiểm soát thủ tục hành chính",
            ),
        ),
        units=(
            UnitSpec(
                "Bộ phận Một cửa",
                UnitKind.BLOCK,
                "<p>Tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính cho người dân, doanh nghiệp; "
                "hướng dẫn nộp hồ sơ trực tuyến.</p>",
                phone="0200 3812 678",
                email="motcua@hoaphong.example.gov.vn",
                people=(
                    PersonSpec(
                        "Âu Văn Phúc",
                        "Tổ trưởng",
                        "0200 3812 679",
                        "phucav@hoaphong.example.gov.vn",
                        "Điều phối việc tiếp nhận và trả kết quả",
                        leader=True,
                    ),
                    PersonSpec(
                        "Mạc Thị Huyền",
                        "Công chức tiếp nhận hồ sơ",
                        "0200 3812 680",
                        "huyenmt@hoaphong.example.gov.vn",
                    ),
                ),
            ),
        ),
    ),
    UnitSpec(
        "Phòng Tài chính - Kế hoạch",
        UnitKind.DEPARTMENT,
        "<p>Tham mưu về tài chính, ngân sách, giá, kế hoạch và đầu tư; đăng ký hộ kinh doanh, "
        "hợp tác xã trên địa bàn huyện.</p>",
        phone="0200 3812 410",
        email="taichinh@hoaphong.example.gov.vn",
        people=(
            PersonSpec(
                "Khổng Văn Đạt",
                "Trưởng phòng",
                "0200 3812 411",
                "datkv@hoaphong.example.gov.vn",
                "Phụ trách chung; dự toán ngân sách huyện",
                leader=True,
            ),
            PersonSpec(
                "Ninh Thị Thảo",
                "Phó Trưởng phòng",
                "0200 3812 412",
                "thaont@hoaphong.example.gov.vn",
                "Kế hoạch, đầu tư công; đăng ký kinh doanh",
            ),
        ),
    ),
    UnitSpec(
        "Phòng Tư pháp",
        UnitKind.DEPARTMENT,
        "<p>Tham mưu về xây dựng, kiểm tra văn bản; phổ biến, giáo dục pháp luật; hộ tịch, chứng thực; "
        "hòa giải ở cơ sở.</p>",
        phone="0200 3812 420",
        email="tuphap@hoaphong.example.gov.vn",
        people=(
            PersonSpec(
                "Lã Quốc Bảo",
                "Trưởng phòng",
                "0200 3812 421",
                "baolq@hoaphong.example.gov.vn",
                "Phụ trách chung; kiểm tra văn bản",
                leader=True,
            ),
            PersonSpec(
                "Thân Thị Diệu",
                "Chuyên viên",
                "0200 3812 422",
                "dieutt@hoaphong.example.gov.vn",
                "Hộ tịch, chứng thực",
            ),
        ),
    ),
    UnitSpec(
        "Phòng Văn hóa và Thông tin",
        UnitKind.DEPARTMENT,
        "<p>Tham mưu về văn hóa, gia đình, thể dục thể thao, du lịch; thông tin, truyền thông và "
        "chuyển đổi số trên địa bàn huyện.</p>",
        phone="0200 3812 430",
        email="vanhoa@hoaphong.example.gov.vn",
        people=(
            PersonSpec(
                "Diệp Minh Châu",
                "Trưởng phòng",
                "0200 3812 431",
                "chaudm@hoaphong.example.gov.vn",
                "Phụ trách chung; thông tin, truyền thông",
                leader=True,
            ),
            PersonSpec(
                "Văn Thị Hạnh",
                "Phó Trưởng phòng",
                "0200 3812 432",
                "hanhvt@hoaphong.example.gov.vn",
                "Văn hóa, gia đình; di tích, lễ hội",
            ),
        ),
    ),
    UnitSpec(
        "Trung tâm Văn hóa, Thông tin và Thể thao",
        UnitKind.AFFILIATE,
        "<p>Tổ chức hoạt động văn hóa, văn nghệ, thể thao quần chúng; phát thanh trên hệ thống loa "
        "truyền thanh của huyện.</p>",
        phone="0200 3812 440",
        email="trungtamvh@hoaphong.example.gov.vn",
        people=(
            PersonSpec(
                "Lục Văn Sơn",
                "Giám đốc",
                "0200 3812 441",
                "sonlv@hoaphong.example.gov.vn",
                "Phụ trách chung",
                leader=True,
            ),
        ),
    ),
)


def portrait_jpeg(name: str) -> bytes:
    """A head-and-shoulders silhouette with the person's initials, the same every time."""
    rng = random.Random(name)  # noqa: S311 - drawing, not security
    shade = mix(PORTRAIT_COLOUR, WHITE, 0.3 + rng.random() * 0.4)
    image = Image.new("RGB", PORTRAIT_SIZE, mix(shade, WHITE, 0.75))
    draw = ImageDraw.Draw(image)
    width, height = PORTRAIT_SIZE
    draw.ellipse((width * 0.12, height * 0.62, width * 0.88, height * 1.25), fill=shade)
    draw.ellipse((width * 0.3, height * 0.2, width * 0.7, height * 0.58), fill=SKIN)
    font = load_font(40)
    initials = "".join(word[0] for word in name.split()[-2:]).upper()
    if font is not None:
        draw.text((width / 2, height * 0.85), initials, font=font, fill=WHITE, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def ensure_portrait(name: str, user: AbstractBaseUser | None):
    title = f"Ảnh chân dung {name}"
    model = get_image_model()
    image = model.objects.filter(title=title).first()
    if image is None:
        data = portrait_jpeg(name)
        image = model(
            title=title,
            description="",
            file=ImageFile(io.BytesIO(data), name=f"chan-dung-{vntext.slugify(name)}.jpg"),
            width=PORTRAIT_SIZE[0],
            height=PORTRAIT_SIZE[1],
            file_size=len(data),
            file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
            uploaded_by_user=user,
        )
        image.save()
    return image


def _publish(parent: Page, page: Page, user: AbstractBaseUser | None) -> Page:
    page.owner = user
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    page.refresh_from_db()
    return page


def _ensure_unit(parent: Page, spec: UnitSpec, user: AbstractBaseUser | None) -> int:
    unit = UnitPage.objects.child_of(parent).filter(slug=vntext.slugify(spec.title)).first()
    created = 0
    if unit is None:
        people = [
            Person(
                name=person.name,
                position=person.position,
                is_leader=person.leader,
                phone=person.phone,
                email=person.email,
                duties=person.duties,
                photo=ensure_portrait(person.name, user),
                sort_order=order,
            )
            for order, person in enumerate(spec.people)
        ]
        unit = UnitPage(
            title=spec.title,
            slug=vntext.slugify(spec.title),
            kind=spec.kind,
            functions=spec.functions,
            phone=spec.phone,
            email=spec.email,
            address=spec.address,
            people=people,
        )
        unit = _publish(parent, unit, user)
        created = 1
    return created + sum(_ensure_unit(unit, child, user) for child in spec.units)


def ensure_organisation(home: Page, user: AbstractBaseUser | None) -> int:
    """The organisation page under the home page (in the menu) and its units; returns how many
    pages were made."""
    page = OrganisationPage.objects.child_of(home).filter(slug=SLUG).first()
    created = 0
    if page is None:
        page = _publish(
            home,
            OrganisationPage(
                title=TITLE,
                slug=SLUG,
                agency_name=AGENCY,
                intro=INTRO,
                address=ADDRESS,
                phone="0200 3812 001",
                email="ubnd@hoaphong.example.gov.vn",
                show_in_menus=True,
            ),
            user,
        )
        created = 1
    return created + sum(_ensure_unit(page, spec, user) for spec in UNITS)
