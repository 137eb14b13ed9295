"""The demo's own pages and links: who the (invented) agency is, what it does, how to reach it,
what it keeps about readers and how accessible the portal is; links to other agencies and to
public services.

The texts are written for the demo, not copied from any legal text. The personal-data policy is
built from the settings the comments and view counts really run with (retention periods, the
reader cookie), so it says what the code keeps and for how long. Idempotent like the rest of the
demo: pages are found by slug, link groups by title, links by address.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from wagtail.models import Page

from toasoan.analytics.services.readers import READER_COOKIE, READER_COOKIE_AGE
from toasoan.comments.services import personal_data
from toasoan.links.models import Link, LinkGroup, LinkIndexPage
from toasoan.sections.models import ContentPage

AGENCY = "UBND huyện Hòa Phong"
CONTACT_SLUG = "lien-he"
POLICY_SLUG = "chinh-sach-bao-ve-du-lieu-ca-nhan"
ACCESSIBILITY_SLUG = "tuyen-bo-ve-kha-nang-tiep-can"
LINKS_SLUG = "lien-ket"
LINKS_TITLE = "Liên kết"
LINKS_INTRO = "Cổng thông tin của các cơ quan, đơn vị và các cổng dịch vụ công trực tuyến."
#: Where the statement sends readers to report a problem: the contact page, by its id.
CONTACT_LINK = '<a linktype="page" id="{contact_id}">trang Liên hệ</a>'


@dataclass(frozen=True)
class PageSpec:
    slug: str
    title: str
    lead: str
    #: (heading or "", paragraphs) in order; paragraphs are HTML fragments written here.
    parts: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class LinkSpec:
    title: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class GroupSpec:
    title: str
    order: int
    links: tuple[LinkSpec, ...]


INTRODUCTION = PageSpec(
    "gioi-thieu",
    "Giới thiệu",
    "Huyện Hòa Phong nằm ở phía tây tỉnh Đông Sơn, có 16 xã và 2 thị trấn, diện tích tự nhiên "
    "khoảng 512 km² và hơn 128.000 người dân.",
    (
        (
            "Vị trí và đặc điểm",
            (
                "Hòa Phong giáp huyện Tân Lạc ở phía bắc, thành phố Đông Sơn ở phía đông và vùng đồi "
                "Trường Sơn ở phía tây. Sông Hòa chảy qua địa bàn từ tây sang đông, tạo nên vùng đồng "
                "bằng ven sông trồng lúa và cây ăn quả.",
                "Kinh tế của huyện dựa vào nông nghiệp, chế biến nông sản và du lịch sinh thái; "
                "khu công nghiệp Bắc Hòa Phong đang được đầu tư hạ tầng.",
            ),
        ),
        (
            "Cổng thông tin điện tử",
            (
                "Cổng thông tin điện tử huyện Hòa Phong đăng tin hoạt động của chính quyền, văn bản "
                "chỉ đạo, điều hành, thủ tục hành chính và các thông tin người dân, doanh nghiệp cần "
                "biết. Văn phòng HĐND và UBND huyện quản lý nội dung của cổng.",
            ),
        ),
    ),
)

DUTIES = PageSpec(
    "chuc-nang-nhiem-vu",
    "Chức năng, nhiệm vụ",
    "UBND huyện Hòa Phong là cơ quan hành chính nhà nước ở địa phương, chịu trách nhiệm trước HĐND "
    "huyện và UBND tỉnh Đông Sơn.",
    (
        (
            "Chức năng",
            (
                "UBND huyện tổ chức thi hành pháp luật trên địa bàn, quản lý nhà nước về kinh tế, văn "
                "hóa, xã hội, quốc phòng, an ninh và thực hiện các nhiệm vụ do cấp trên giao.",
            ),
        ),
        (
            "Nhiệm vụ chủ yếu",
            (
                "<ul><li>Xây dựng và trình HĐND huyện kế hoạch phát triển kinh tế - xã hội, dự toán "
                "ngân sách hằng năm; tổ chức thực hiện sau khi được thông qua.</li>"
                "<li>Quản lý đất đai, tài nguyên, môi trường, xây dựng và giao thông trên địa bàn.</li>"
                "<li>Chỉ đạo công tác giáo dục, y tế, văn hóa, thể thao và bảo đảm an sinh xã hội.</li>"
                "<li>Giải quyết thủ tục hành chính, tiếp công dân, giải quyết khiếu nại, tố cáo theo "
                "thẩm quyền.</li>"
                "<li>Chỉ đạo UBND các xã, thị trấn và các phòng, ban chuyên môn thuộc huyện.</li></ul>",
            ),
        ),
    ),
)

CONTACT = PageSpec(
    CONTACT_SLUG,
    "Liên hệ",
    "Người dân, doanh nghiệp có thể liên hệ với UBND huyện Hòa Phong qua các địa chỉ dưới đây.",
    (
        (
            "Văn phòng HĐND và UBND huyện",
            (
                "Địa chỉ: số 12 đường Lê Lợi, thị trấn Hòa Phong, huyện Hòa Phong, tỉnh Đông Sơn.",
                "Điện thoại: 0200 3812 345 (giờ hành chính, từ thứ Hai đến thứ Sáu).",
                "Thư điện tử: lienhe@hoaphong.example.vn",
            ),
        ),
        (
            "Bộ phận Một cửa",
            (
                "Tiếp nhận và trả kết quả thủ tục hành chính từ 7 giờ 30 đến 17 giờ các ngày làm việc, "
                "sáng thứ Bảy từ 7 giờ 30 đến 11 giờ 30. Điện thoại: 0200 3812 678.",
            ),
        ),
        (
            "Góp ý về cổng thông tin",
            (
                "Góp ý về nội dung, báo lỗi hiển thị hoặc khó khăn khi sử dụng cổng (kể cả khi dùng "
                "trình đọc màn hình hay chỉ dùng bàn phím), xin gửi về địa chỉ thư điện tử "
                "congthongtin@hoaphong.example.vn. Chúng tôi trả lời trong 5 ngày làm việc.",
            ),
        ),
    ),
)


def _days(seconds: int) -> int:
    return seconds // (24 * 3600)


def policy_spec() -> PageSpec:
    """The personal-data policy, with the retention periods the code is configured with now."""
    phone_days = personal_data.phone_retention_days()
    ip_days = personal_data.ip_retention_days()
    captcha_minutes = int(getattr(settings, "CAPTCHA_TIMEOUT", 5))
    view_minutes = int(getattr(settings, "VIEW_DEDUPE_SECONDS", 1800)) // 60
    contact = getattr(settings, "COMMENTS_PRIVACY_CONTACT", "") or "congthongtin@hoaphong.example.vn"
    return PageSpec(
        POLICY_SLUG,
        "Chính sách bảo vệ dữ liệu cá nhân",
        "Cổng thông tin chỉ thu thập những dữ liệu cần cho việc gửi và kiểm duyệt bình luận, giữ "
        "chúng trong thời gian ngắn nhất có thể và không chia sẻ cho bên nào khác.",
        (
            (
                "Khi bạn đọc tin",
                (
                    f"Cổng không dùng cookie quảng cáo hay theo dõi. Để không đếm trùng lượt xem, "
                    f"trình duyệt được đặt cookie “{READER_COOKIE}” chứa một mã ngẫu nhiên, không gắn "
                    f"với danh tính của bạn, hết hạn sau {_days(READER_COOKIE_AGE)} ngày; mã này và "
                    f"mã băm địa chỉ IP chỉ nằm trong bộ đếm {view_minutes} phút rồi tự xóa, không được "
                    "lưu vào cơ sở dữ liệu.",
                ),
            ),
            (
                "Khi bạn gửi bình luận",
                (
                    "Cùng với bình luận, cổng lưu: <b>Họ tên</b>, <b>Tiêu đề</b>, <b>Nội dung</b> và "
                    "<b>Thời gian gửi</b>. Họ tên, tiêu đề, nội dung và thời gian gửi được hiển thị "
                    "công khai khi bình luận được duyệt và được giữ cùng bình luận cho đến khi bạn "
                    "yêu cầu xóa.",
                    f"<b>Số điện thoại</b> là không bắt buộc và chỉ được lưu khi bạn đánh dấu đồng ý. "
                    f"Số điện thoại được tự động xóa {phone_days} ngày sau khi bình luận được kiểm duyệt "
                    f"(hoặc {phone_days} ngày sau khi gửi nếu chưa được kiểm duyệt). <b>Thời điểm đồng "
                    "ý</b> và <b>Phiên bản thông báo</b> bạn đã đồng ý được giữ lại làm bằng chứng.",
                    f"Cổng không lưu địa chỉ IP của bạn. Cổng lưu <b>Mã băm địa chỉ IP</b> (tính lại "
                    f"mỗi ngày, không thể suy ngược ra địa chỉ) và tên <b>Trình duyệt</b> để chống thư "
                    f"rác; cả hai được tự động xóa {ip_days} ngày sau khi gửi.",
                    f"Mã xác nhận hết hạn sau {captcha_minutes} phút; bản ghi giới hạn tần suất gửi "
                    "(mã băm địa chỉ IP và các thời điểm gửi) được xóa sau 1 giờ.",
                ),
            ),
            (
                "Ai được xem",
                (
                    "Số điện thoại, mã băm địa chỉ IP và thông tin đồng ý không bao giờ hiển thị công "
                    "khai. Chỉ cán bộ kiểm duyệt bình luận được giao quyền mới xem được; mọi lần xuất "
                    "hoặc xóa dữ liệu đều được ghi nhật ký.",
                ),
            ),
            (
                "Quyền của bạn",
                (
                    "Bạn có quyền biết, nhận bản sao hoặc yêu cầu xóa các bình luận đã gửi kèm số điện "
                    "thoại của mình. Hãy gửi yêu cầu, nêu số điện thoại đã dùng, đến "
                    f"{html.escape(contact)}. Cổng thực hiện theo Luật Bảo vệ dữ liệu cá nhân và các "
                    "văn bản hướng dẫn.",
                ),
            ),
        ),
    )


def accessibility_spec() -> PageSpec:
    return PageSpec(
        ACCESSIBILITY_SLUG,
        "Tuyên bố về khả năng tiếp cận",
        "UBND huyện Hòa Phong cam kết để mọi người, kể cả người khuyết tật, đọc và sử dụng được cổng "
        "thông tin điện tử của huyện.",
        (
            (
                "Tiêu chuẩn áp dụng",
                (
                    "Cổng được xây dựng theo Thông tư 26/2020/TT-BTTTT về tiêu chuẩn, công nghệ hỗ "
                    "trợ người khuyết tật tiếp cận, sử dụng sản phẩm, dịch vụ công nghệ thông tin và "
                    "truyền thông; mục tiêu là đạt mức AA của bộ hướng dẫn WCAG 2.1.",
                ),
            ),
            (
                "Những gì cổng đã làm",
                (
                    "<ul><li>Dùng được hoàn toàn bằng bàn phím, có liên kết “Bỏ qua, đến nội dung "
                    "chính” ở đầu mỗi trang; phần đang được chọn luôn có viền vàng dễ thấy.</li>"
                    "<li>Ở đầu mỗi trang có nút “Cỡ chữ” (A−, A, A+) và “Tương phản cao” (chữ đen trên "
                    "nền trắng, mọi liên kết được gạch chân). Các nút dùng được cả khi trình duyệt tắt "
                    "JavaScript; khi JavaScript bật, lựa chọn được trình duyệt của bạn ghi nhớ cho các "
                    "trang sau (lựa chọn chỉ lưu trên máy của bạn, không gửi về cổng).</li>"
                    "<li>Phóng to trang đến 200% hoặc chọn chữ lớn, nội dung vẫn xuống dòng trong khung "
                    "trang, không phải cuộn ngang.</li>"
                    "<li>Màu chữ và màu nền có độ tương phản tối thiểu 4,5:1; ở chế độ tương phản cao "
                    "từ 12:1 trở lên.</li>"
                    "<li>Ảnh có mô tả thay thế; tiêu đề, danh sách và biểu mẫu được đánh dấu đúng cấu "
                    "trúc cho trình đọc màn hình.</li>"
                    "<li>Mã xác nhận của biểu mẫu bình luận có bản đọc thành tiếng.</li>"
                    "<li>Mọi loại trang (trang chủ, chuyên mục, bài viết, chủ đề, tìm kiếm, trang nội "
                    "dung, văn bản, liên kết, biểu mẫu bình luận, trang báo lỗi) được kiểm tra tự động "
                    "bằng công cụ axe-core, ở chế độ thường và chế độ tương phản cao, sau mỗi lần thay "
                    "đổi mã nguồn.</li></ul>",
                ),
            ),
            (
                "Những hạn chế đã biết",
                (
                    "<ul><li>Một số ảnh trong các bài đăng trước đây, chuyển sang từ cổng cũ, chưa có "
                    "mô tả thay thế.</li>"
                    "<li>Nhiều văn bản đính kèm là tệp PDF quét từ bản giấy, trình đọc màn hình chưa "
                    "đọc được; chúng tôi đang bổ sung bản có thể đọc được.</li>"
                    "<li>Video nhúng từ các trang bên ngoài có thể không có phụ đề.</li>"
                    "<li>Các trang giới thiệu, liên hệ và các tuyên bố này chưa có trong thanh chuyên "
                    "mục ở đầu trang; hiện chúng nằm ở chân trang.</li>"
                    "<li>Cổng chưa được một tổ chức độc lập đánh giá; các kiểm tra hiện nay là kiểm tra "
                    "tự động và kiểm tra thủ công bằng bàn phím.</li></ul>",
                ),
            ),
            (
                "Báo một vấn đề",
                (
                    "Nếu bạn gặp khó khăn khi đọc hoặc sử dụng một trang, hãy cho chúng tôi biết qua "
                    f"{CONTACT_LINK}, nêu địa chỉ trang và khó khăn gặp phải. Chúng tôi trả lời trong "
                    "5 ngày làm việc.",
                ),
            ),
        ),
    )


GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(
        "Cổng thông tin các cơ quan",
        1,
        (
            LinkSpec("UBND tỉnh Đông Sơn", "https://dongson.example.vn", "Cổng thông tin điện tử tỉnh."),
            LinkSpec("HĐND huyện Hòa Phong", "https://hdnd.hoaphong.example.vn"),
            LinkSpec("Sở Tài nguyên và Môi trường tỉnh Đông Sơn", "https://stnmt.dongson.example.vn"),
            LinkSpec("UBND huyện Tân Lạc", "https://tanlac.example.vn", "Huyện giáp ranh phía bắc."),
        ),
    ),
    GroupSpec(
        "Dịch vụ công",
        2,
        (
            LinkSpec(
                "Cổng Dịch vụ công quốc gia",
                "https://dichvucong.gov.vn",
                "Nộp hồ sơ, theo dõi và thanh toán thủ tục hành chính trực tuyến.",
            ),
            LinkSpec(
                "Cổng Dịch vụ công tỉnh Đông Sơn",
                "https://dichvucong.dongson.example.vn",
                "Thủ tục hành chính của tỉnh, huyện và xã.",
            ),
        ),
    ),
)


def _body(spec: PageSpec, contact_id: int | None) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    for heading, paragraphs in spec.parts:
        parts = [f"<h2>{html.escape(heading)}</h2>"] if heading else []
        for paragraph in paragraphs:
            text = paragraph.format(contact_id=contact_id) if "{contact_id}" in paragraph else paragraph
            parts.append(text if text.startswith("<ul>") else f"<p>{text}</p>")
        blocks.append(("paragraph", "".join(parts)))
    return blocks


def _publish(parent: Page, page: Page, user: AbstractBaseUser | None) -> Page:
    page.owner = user
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    page.refresh_from_db()
    return page


def ensure_pages(home: Page, user: AbstractBaseUser | None) -> int:
    """The five content pages and the links page under the home page (in the menus), and the link
    groups; returns how many pages and links were made."""
    existing = {page.slug: page for page in Page.objects.child_of(home)}
    created = 0
    contact = existing.get(CONTACT_SLUG)
    for spec in (INTRODUCTION, DUTIES, CONTACT, policy_spec(), accessibility_spec()):
        if spec.slug in existing:
            continue
        page = ContentPage(
            title=spec.title,
            slug=spec.slug,
            lead=spec.lead,
            body=_body(spec, contact.pk if contact is not None else None),
            show_in_menus=True,
        )
        page = _publish(home, page, user)
        if spec.slug == CONTACT_SLUG:
            contact = page
        created += 1
    if LINKS_SLUG not in existing:
        _publish(
            home,
            LinkIndexPage(title=LINKS_TITLE, slug=LINKS_SLUG, intro=LINKS_INTRO, show_in_menus=True),
            user,
        )
        created += 1
    for spec in GROUPS:
        group = LinkGroup.objects.filter(title=spec.title).first()
        if group is None:
            group = LinkGroup.objects.create(title=spec.title, order=spec.order)
        known = set(group.links.values_list("url", flat=True))
        for position, link in enumerate(spec.links):
            if link.url in known:
                continue
            row = Link(
                group=group, sort_order=position, title=link.title, url=link.url, description=link.description
            )
            row.full_clean()  # the demo's addresses pass the admin's checks too
            row.save()
            created += 1
    return created
