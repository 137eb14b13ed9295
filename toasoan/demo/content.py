"""The demo portal's content, as data: sections, agencies, authors, images and articles.

Everything here was written for this project: an imaginary district ("quận") of ten
wards, its offices and its people. Names of people and places are invented; any
resemblance is a coincidence of common Vietnamese names. The tone marks follow one
style throughout (hòa, thủy, khỏe, ủy); tests check it.

Articles keep only what is specific to them (title, lead, first paragraph, quote…);
the rest of each body is assembled from the sentence templates at the end of this
module, with slots filled deterministically (see `services.build_body`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------------- the district

WARDS = (
    "An Phú",
    "Bình Minh",
    "Hòa Xuân",
    "Thủy Tiên",
    "Tân Lập",
    "Đông Hưng",
    "Phú Mỹ",
    "Hồng Hà",
    "Phước Long",
    "Long Hòa",
)

HOME_INTRO = (
    "Cổng thông tin điện tử của quận: tin tức, sự kiện, thông tin chỉ đạo, điều hành "
    "và hướng dẫn thủ tục hành chính cho người dân, doanh nghiệp."
)

# Residents quoted in templated paragraphs (with the form of address used in the press).
RESIDENTS = (
    "bà Cao Thị Hiền",
    "ông Phan Văn Lộc",
    "chị Trương Thị Mỹ Duyên",
    "anh Dương Minh Hiếu",
    "bà Châu Thị Tuyết",
    "ông Kiều Văn Thịnh",
    "chị La Thị Bích Ngọc",
    "anh Tôn Thất Khoa",
)


# --------------------------------------------------------------------------- sections


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    title: str
    description: str
    colour: tuple[int, int, int]
    parent: str | None = None
    #: People of the section the templates may quote, with their office.
    officials: tuple[str, ...] = ()


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "thoi-su",
        "Thời sự",
        "Tin tức, sự kiện nổi bật trên địa bàn quận.",
        (179, 38, 30),
        officials=("ông Trần Văn Hùng, Chủ tịch UBND quận", "bà Lê Thị Mai, Phó Chủ tịch UBND quận"),
    ),
    SectionSpec(
        "chinh-quyen",
        "Chính quyền",
        "Hoạt động của HĐND, UBND quận và các phường; cải cách hành chính, tiếp công dân.",
        (140, 29, 24),
        parent="thoi-su",
        officials=(
            "bà Hoàng Thị Minh Nguyệt, Chủ tịch HĐND quận",
            "ông Nguyễn Đức Thắng, Chánh Văn phòng HĐND và UBND quận",
        ),
    ),
    SectionSpec(
        "kinh-te",
        "Kinh tế",
        "Sản xuất, kinh doanh, đầu tư, việc làm và thu ngân sách trên địa bàn.",
        (31, 111, 67),
        officials=("ông Võ Minh Tâm, Trưởng phòng Kinh tế quận", "bà Lê Thị Mai, Phó Chủ tịch UBND quận"),
    ),
    SectionSpec(
        "van-hoa-xa-hoi",
        "Văn hóa - Xã hội",
        "Đời sống văn hóa, lễ hội, di tích, an sinh xã hội và hoạt động đoàn thể.",
        (123, 63, 160),
        officials=(
            "bà Đinh Thị Ngọc Hòa, Giám đốc Trung tâm Văn hóa - Thể thao quận",
            "ông Lương Văn Bình, Trưởng phòng Văn hóa - Xã hội quận",
        ),
    ),
    SectionSpec(
        "giao-duc",
        "Giáo dục",
        "Trường lớp, tuyển sinh, dạy và học trên địa bàn quận.",
        (29, 95, 168),
        officials=("bà Nguyễn Thị Thanh Thủy, Trưởng phòng Giáo dục và Đào tạo quận",),
    ),
    SectionSpec(
        "y-te",
        "Y tế",
        "Khám chữa bệnh, phòng chống dịch bệnh, an toàn thực phẩm và chăm sóc sức khỏe cộng đồng.",
        (15, 139, 141),
        officials=("bác sĩ Trịnh Minh Quân, Giám đốc Trung tâm Y tế quận",),
    ),
    SectionSpec(
        "the-thao",
        "Thể thao",
        "Phong trào thể dục thể thao quần chúng và các giải đấu trên địa bàn.",
        (217, 130, 43),
        officials=("ông Đoàn Văn Sơn, Phó Giám đốc Trung tâm Văn hóa - Thể thao quận",),
    ),
)


# --------------------------------------------------------------------------- snippets


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str


AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec("TS", "Tòa Soạn"),
    AgencySpec("UBND", "Văn phòng UBND quận"),
    AgencySpec("TTVH", "Trung tâm Văn hóa - Thể thao quận"),
    AgencySpec("TTYT", "Trung tâm Y tế quận"),
    AgencySpec("GDĐT", "Phòng Giáo dục và Đào tạo quận"),
)


@dataclass(frozen=True)
class AuthorSpec:
    key: str
    name: str
    pen_name: str = ""
    bio: str = ""


AUTHORS: tuple[AuthorSpec, ...] = (
    AuthorSpec("khang", "Nguyễn Minh Khang", "Minh Khang", "Phóng viên mảng đô thị, giao thông."),
    AuthorSpec("thuha", "Trần Thị Thu Hà", "", "Biên tập viên, phụ trách tin chính quyền và giáo dục."),
    AuthorSpec("phuc", "Lê Hoàng Phúc", "Hoàng Phúc", "Phóng viên ảnh, theo dõi thể thao và việc làm."),
    AuthorSpec("anh", "Phạm Ngọc Ánh", "Ngọc Ánh", "Phóng viên mảng cải cách hành chính, y tế."),
    AuthorSpec("tung", "Võ Thanh Tùng", "", "Phóng viên mảng kinh tế, thuế và doanh nghiệp."),
    AuthorSpec("hoa", "Bùi Thị Hòa", "Hòa An", "Cộng tác viên viết về văn hóa, di tích và lễ hội."),
    AuthorSpec("linh", "Đỗ Khánh Linh", "Khánh Linh", "Phóng viên mảng xã hội, môi trường."),
)


# --------------------------------------------------------------------------- images


@dataclass(frozen=True)
class ImageSpec:
    key: str
    title: str
    #: Short text drawn on the picture.
    label: str
    #: What the drawing shows, for screen readers.
    alt: str
    section: str
    motif: str


IMAGES: tuple[ImageSpec, ...] = (
    ImageSpec(
        "duong-pho",
        "Tuyến phố sau chỉnh trang",
        "Tuyến phố sau chỉnh trang",
        "Tranh minh họa dãy nhà phố và hàng cây bên vỉa hè thông thoáng",
        "thoi-su",
        "city",
    ),
    ImageSpec(
        "cau-di-bo",
        "Cầu đi bộ qua kênh Bình Minh",
        "Cầu đi bộ kênh Bình Minh",
        "Tranh minh họa cây cầu vòm bắc qua dòng kênh",
        "thoi-su",
        "bridge",
    ),
    ImageSpec(
        "cong-trinh",
        "Công trường cải tạo cống thoát nước",
        "Cải tạo hệ thống thoát nước",
        "Tranh minh họa công trường với cần cẩu và những đoạn ống cống",
        "thoi-su",
        "construction",
    ),
    ImageSpec(
        "cong-vien",
        "Công viên ven sông",
        "Công viên ven sông",
        "Tranh minh họa công viên có lối đi uốn lượn giữa những tán cây",
        "thoi-su",
        "park",
    ),
    ImageSpec(
        "hoi-nghi",
        "Hội trường UBND quận",
        "Hội trường UBND quận",
        "Tranh minh họa hội trường với sân khấu, băng rôn và các hàng ghế đại biểu",
        "chinh-quyen",
        "hall",
    ),
    ImageSpec(
        "tiep-dan",
        "Phòng tiếp công dân",
        "Tiếp công dân định kỳ",
        "Tranh minh họa bàn tiếp công dân và hàng ghế chờ",
        "chinh-quyen",
        "hall",
    ),
    ImageSpec(
        "mot-cua",
        "Bộ phận Một cửa quận",
        "Bộ phận Một cửa quận",
        "Tranh minh họa quầy tiếp nhận hồ sơ với màn hình máy tính",
        "chinh-quyen",
        "office",
    ),
    ImageSpec(
        "cho-an-phu",
        "Chợ An Phú sau cải tạo",
        "Chợ An Phú",
        "Tranh minh họa dãy sạp chợ dưới mái che sọc màu",
        "kinh-te",
        "market",
    ),
    ImageSpec(
        "viec-lam",
        "Phiên giao dịch việc làm",
        "Phiên giao dịch việc làm",
        "Tranh minh họa các gian tuyển dụng và hàng người chờ nộp hồ sơ",
        "kinh-te",
        "hall",
    ),
    ImageSpec(
        "nong-san",
        "Gian hàng nông sản an toàn",
        "Hội chợ nông sản an toàn",
        "Tranh minh họa gian hàng với những rổ rau củ, trái cây",
        "kinh-te",
        "market",
    ),
    ImageSpec(
        "pho-am-thuc",
        "Phố ẩm thực Hồng Hà",
        "Phố ẩm thực Hồng Hà",
        "Tranh minh họa dãy quán ăn và đèn lồng trên tuyến phố buổi tối",
        "kinh-te",
        "festival",
    ),
    ImageSpec(
        "le-hoi-dinh",
        "Lễ hội đình Phú Mỹ",
        "Lễ hội đình Phú Mỹ",
        "Tranh minh họa mái đình, cờ hội và đèn lồng",
        "van-hoa-xa-hoi",
        "temple",
    ),
    ImageSpec(
        "thu-vien",
        "Thư viện quận",
        "Thư viện quận",
        "Tranh minh họa những giá sách nhiều màu trong thư viện",
        "van-hoa-xa-hoi",
        "library",
    ),
    ImageSpec(
        "nha-tinh-thuong",
        "Những căn nhà tình thương mới",
        "Nhà tình thương",
        "Tranh minh họa dãy nhà nhỏ mái đỏ dưới trời xanh",
        "van-hoa-xa-hoi",
        "houses",
    ),
    ImageSpec(
        "trien-lam",
        "Triển lãm ảnh Phố phường xưa và nay",
        "Phố phường xưa và nay",
        "Tranh minh họa phòng triển lãm với các khung ảnh treo tường",
        "van-hoa-xa-hoi",
        "gallery",
    ),
    ImageSpec(
        "pho-co",
        "Dãy nhà phố cổ đường Hồng Hà",
        "Dãy phố cổ Hồng Hà",
        "Tranh minh họa dãy nhà phố cổ mái ngói",
        "van-hoa-xa-hoi",
        "city",
    ),
    ImageSpec(
        "truong-hoc",
        "Trường học trên địa bàn quận",
        "Mùa tuyển sinh đầu cấp",
        "Tranh minh họa ngôi trường có cột cờ và sân trường rợp bóng cây",
        "giao-duc",
        "school",
    ),
    ImageSpec(
        "phong-may",
        "Phòng học tin học",
        "Lớp học thông minh",
        "Tranh minh họa phòng học với dãy bàn và màn hình máy tính",
        "giao-duc",
        "office",
    ),
    ImageSpec(
        "ho-boi",
        "Bể bơi Trung tâm Văn hóa - Thể thao quận",
        "Dạy bơi an toàn",
        "Tranh minh họa bể bơi với các làn bơi",
        "giao-duc",
        "pool",
    ),
    ImageSpec(
        "tiem-chung",
        "Điểm tiêm chủng tại trạm y tế",
        "Điểm tiêm chủng",
        "Tranh minh họa trạm y tế có dấu chữ thập và hàng ghế chờ",
        "y-te",
        "clinic",
    ),
    ImageSpec(
        "tram-y-te",
        "Trạm y tế phường Hòa Xuân",
        "Trạm y tế phường Hòa Xuân",
        "Tranh minh họa tòa nhà trạm y tế với dấu chữ thập đỏ",
        "y-te",
        "clinic",
    ),
    ImageSpec(
        "hien-mau",
        "Ngày hội hiến máu tình nguyện",
        "Ngày hội hiến máu",
        "Tranh minh họa hội trường với biểu tượng giọt máu và trái tim",
        "y-te",
        "hall",
    ),
    ImageSpec(
        "bong-da",
        "Sân bóng đá quận",
        "Giải bóng đá thiếu niên",
        "Tranh minh họa sân bóng đá với vạch sân và khung thành",
        "the-thao",
        "pitch",
    ),
    ImageSpec(
        "chay-bo",
        "Giải chạy vì cộng đồng",
        "Chạy vì cộng đồng",
        "Tranh minh họa đường chạy và các vận động viên",
        "the-thao",
        "road",
    ),
    ImageSpec(
        "khu-pho-xanh",
        "Khu phố không rác thải nhựa",
        "Khu phố không rác thải nhựa",
        "Tranh minh họa dãy nhà nhỏ mái đỏ bên con phố sạch sẽ",
        "thoi-su",
        "houses",
    ),
    ImageSpec(
        "doi-thoai",
        "Buổi đối thoại với thanh niên",
        "Đối thoại với thanh niên",
        "Tranh minh họa hội trường với sân khấu và hàng ghế của đoàn viên thanh niên",
        "chinh-quyen",
        "hall",
    ),
    ImageSpec(
        "ho-tich",
        "Kho lưu trữ sổ hộ tịch",
        "Số hóa sổ hộ tịch",
        "Tranh minh họa những giá sổ sách xếp kín trong phòng lưu trữ",
        "chinh-quyen",
        "library",
    ),
    ImageSpec(
        "sang-tao-khkt",
        "Cuộc thi sáng tạo khoa học kỹ thuật",
        "Sáng tạo khoa học kỹ thuật",
        "Tranh minh họa ngôi trường có cột cờ, nơi học sinh trưng bày sản phẩm",
        "giao-duc",
        "school",
    ),
    ImageSpec(
        "tuyen-duong",
        "Lễ tuyên dương học sinh giỏi",
        "Tuyên dương học sinh giỏi",
        "Tranh minh họa hội trường với sân khấu, băng rôn khen thưởng và hàng ghế",
        "giao-duc",
        "hall",
    ),
    ImageSpec(
        "ngay-hoi-doc-sach",
        "Ngày hội đọc sách",
        "Ngày hội đọc sách",
        "Tranh minh họa những giá sách nhiều màu dành cho học sinh tiểu học",
        "giao-duc",
        "library",
    ),
    ImageSpec(
        "ho-so-suc-khoe",
        "Tra cứu hồ sơ sức khỏe điện tử",
        "Hồ sơ sức khỏe điện tử",
        "Tranh minh họa quầy tiếp đón với màn hình máy tính tra cứu hồ sơ",
        "y-te",
        "office",
    ),
    ImageSpec(
        "tap-the-duc",
        "Điểm tập thể dục ngoài trời",
        "Tập thể dục ngoài trời",
        "Tranh minh họa công viên nhỏ có lối đi giữa những tán cây",
        "the-thao",
        "park",
    ),
    ImageSpec(
        "hoi-thao",
        "Hội thao công nhân, viên chức",
        "Hội thao công nhân, viên chức",
        "Tranh minh họa đường chạy, cổng đích và các vận động viên",
        "the-thao",
        "road",
    ),
)


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True)
class ArticleSpec:
    section: str
    title: str
    lead: str
    #: The article's own first paragraph; `{date}`/`{Date}` become the publication day ("ngày 14/5").
    facts: str
    #: A noun phrase for the activity, used by the sentence templates.
    topic: str
    #: The office in charge, used by the sentence templates.
    unit: str
    #: Hours before "now" the article is published; equal values publish in the same minute.
    age_hours: int
    #: "event", "program" or "works": which sentence templates suit the article.
    kind: str = "program"
    place: str = "An Phú"
    tags: tuple[str, ...] = ()
    agency: str | None = "TS"
    authors: tuple[str, ...] = ()
    byline: str = ""
    #: Listing image key (see IMAGES).
    image: str | None = None
    #: Caption of an image block in the body (uses `image`); empty = no image block.
    image_caption: str = ""
    quote: tuple[str, str] | None = None
    #: (caption, credit) of a caption left without its picture.
    photo_note: tuple[str, str] | None = None


ARTICLES: tuple[ArticleSpec, ...] = (
    # ------------------------------------------------------------------ Thời sự
    ArticleSpec(
        "thoi-su",
        "Quận ra quân cao điểm chỉnh trang đô thị, lập lại trật tự vỉa hè",
        "Trong hai tháng, lực lượng chức năng của quận và các phường sẽ xử lý tình trạng lấn chiếm "
        "vỉa hè, lòng đường, đồng thời chỉnh trang 12 tuyến phố chính.",
        "{Date}, UBND quận tổ chức lễ ra quân đợt cao điểm chỉnh trang đô thị tại phường An Phú. "
        "Ngay sau lễ ra quân, các tổ công tác đã vận động hộ kinh doanh trên đường Hồng Hà thu dọn "
        "bảng hiệu, mái che lấn ra vỉa hè.",
        "đợt cao điểm chỉnh trang đô thị",
        "UBND quận",
        2,
        place="An Phú",
        tags=("trật tự đô thị", "chỉnh trang đô thị"),
        agency="UBND",
        authors=("khang",),
        image="duong-pho",
        image_caption="Vỉa hè một tuyến phố trên địa bàn phường An Phú sau khi được thu dọn, chỉnh trang.",
        quote=(
            "Chúng tôi không ra quân rồi để đâu lại vào đấy. Mỗi tuyến phố sau khi chỉnh trang đều "
            "có tổ tự quản của khu phố theo dõi hằng ngày.",
            "ông Trần Văn Hùng, Chủ tịch UBND quận",
        ),
    ),
    ArticleSpec(
        "thoi-su",
        "Khánh thành cầu đi bộ nối hai bờ kênh Bình Minh",
        "Cây cầu dài 68 mét dành cho người đi bộ và xe đạp giúp học sinh hai phường Bình Minh và "
        "Tân Lập rút ngắn quãng đường đến trường gần hai cây số.",
        "{Date}, cầu đi bộ qua kênh Bình Minh chính thức được đưa vào sử dụng sau tám tháng thi công. "
        "Cầu rộng 3 mét, có lan can cao, đèn chiếu sáng và lối lên dốc thoải cho người đi xe lăn.",
        "công trình cầu đi bộ qua kênh Bình Minh",
        "Ban Quản lý dự án đầu tư xây dựng quận",
        20,
        kind="works",
        place="Bình Minh",
        tags=("giao thông", "hạ tầng đô thị"),
        authors=("phuc",),
        image="cau-di-bo",
    ),
    ArticleSpec(
        "thoi-su",
        "Diễn tập phòng cháy, chữa cháy tại khu dân cư đông đúc phường Đông Hưng",
        "Hơn 150 người tham gia buổi diễn tập với tình huống giả định cháy nhà ống trong hẻm nhỏ, "
        "xe chữa cháy không thể tiếp cận.",
        "{Date}, Công an quận phối hợp với UBND phường Đông Hưng tổ chức diễn tập phương án chữa "
        "cháy và cứu nạn, cứu hộ tại khu phố 3. Lực lượng dân phòng, tổ liên gia an toàn và người dân "
        "thực hành dùng bình chữa cháy, kéo vòi từ trụ nước và đưa người bị nạn ra ngoài.",
        "buổi diễn tập phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        "Công an quận",
        30,
        kind="event",
        place="Đông Hưng",
        tags=("phòng cháy chữa cháy", "an toàn khu dân cư"),
        agency=None,
        byline="Quốc Bảo",
        photo_note=(
            "Lực lượng dân phòng phường Đông Hưng thực hành kéo vòi chữa cháy trong con hẻm rộng "
            "chưa đến hai mét.",
            "Quốc Bảo",
        ),
    ),
    ArticleSpec(
        "thoi-su",
        "Khởi công nâng cấp hệ thống thoát nước trước mùa mưa",
        "Dự án cải tạo 3,2 km cống trên các tuyến đường thường xuyên ngập ở phường Phú Mỹ và Hồng Hà "
        "dự kiến hoàn thành sau sáu tháng thi công.",
        "{Date}, dự án cải tạo hệ thống thoát nước khu vực phường Phú Mỹ và Hồng Hà được khởi công. "
        "Các tuyến cống cũ có đường kính nhỏ sẽ được thay bằng cống hộp, kèm hố ga ngăn mùi và lưới "
        "chắn rác.",
        "dự án cải tạo hệ thống thoát nước",
        "Ban Quản lý dự án đầu tư xây dựng quận",
        75,
        kind="works",
        place="Phú Mỹ",
        tags=("hạ tầng đô thị", "chống ngập"),
        agency="UBND",
        authors=("thuha",),
        image="cong-trinh",
        image_caption="Những đoạn cống hộp được tập kết tại công trường trên địa bàn phường Phú Mỹ.",
    ),
    ArticleSpec(
        "thoi-su",
        "Ra mắt mô hình “Khu phố không rác thải nhựa” tại phường Thủy Tiên",
        "120 hộ dân khu phố 4 cam kết phân loại rác tại nguồn, hạn chế túi ni lông và đồ nhựa dùng một lần.",
        "{Date}, UBND phường Thủy Tiên ra mắt mô hình “Khu phố không rác thải nhựa” tại khu phố 4. "
        "Mỗi hộ được phát một bộ thùng phân loại rác và túi vải đi chợ; điểm thu gom rác tái chế mở "
        "cửa vào sáng Chủ nhật hằng tuần.",
        "mô hình khu phố không rác thải nhựa",
        "UBND phường Thủy Tiên",
        130,
        place="Thủy Tiên",
        tags=("môi trường", "rác thải nhựa"),
        authors=("linh",),
        image="khu-pho-xanh",
        quote=(
            "Lúc đầu nhiều nhà ngại vì phải chia rác ra mấy loại. Làm quen rồi thì thấy nhà cửa gọn "
            "hơn, tiền bán ve chai còn góp được vào quỹ khuyến học của khu phố.",
            "bà Lâm Thị Kim Oanh, Trưởng khu phố 4, phường Thủy Tiên",
        ),
    ),
    ArticleSpec(
        "thoi-su",
        "Lắp đặt thêm 40 camera giám sát giao thông và an ninh trật tự",
        "Các camera được kết nối về trung tâm điều hành của quận, giúp phát hiện sớm vi phạm giao "
        "thông và hỗ trợ xử lý các vụ việc về an ninh trật tự.",
        "Từ {date}, 40 camera giám sát mới tại các nút giao và tuyến đường đông phương tiện bắt đầu "
        "hoạt động. Hình ảnh được lưu trữ 30 ngày và chỉ cán bộ có thẩm quyền mới được truy cập.",
        "hệ thống camera giám sát giao thông và an ninh trật tự",
        "Công an quận",
        300,
        kind="works",
        place="Tân Lập",
        tags=("chuyển đổi số", "an ninh trật tự"),
        agency=None,
        byline="Nhóm phóng viên",
    ),
    ArticleSpec(
        "thoi-su",
        "Hơn 500 ý kiến góp ý cho dự thảo quy hoạch công viên ven sông",
        "Sau một tháng lấy ý kiến, phần lớn người dân đề nghị giữ lại hàng cây hiện có và bố trí thêm "
        "sân chơi cho trẻ em.",
        "{Date}, Phòng Quản lý đô thị quận công bố kết quả lấy ý kiến về dự thảo quy hoạch công viên "
        "ven sông dài 1,6 km qua phường Hồng Hà và Phước Long. Ý kiến được gửi qua hộp thư góp ý tại "
        "nhà văn hóa khu phố, cổng thông tin điện tử và các buổi họp dân.",
        "dự thảo quy hoạch công viên ven sông",
        "Phòng Quản lý đô thị quận",
        1400,
        place="Hồng Hà",
        tags=("quy hoạch", "lấy ý kiến người dân"),
        agency="UBND",
        authors=("khang", "phuc"),
        image="cong-vien",
    ),
    # ------------------------------------------------------------------ Chính quyền (two in the same minute)
    ArticleSpec(
        "chinh-quyen",
        "HĐND quận khai mạc kỳ họp chuyên đề về đầu tư công",
        "Kỳ họp xem xét điều chỉnh kế hoạch đầu tư công trung hạn, ưu tiên vốn cho trường học, trạm "
        "y tế và các tuyến đường dân sinh.",
        "{Date}, HĐND quận khai mạc kỳ họp chuyên đề để xem xét điều chỉnh kế hoạch đầu tư công trung "
        "hạn. Theo tờ trình của UBND quận, 14 dự án được bổ sung vốn, trong đó có 5 trường học và 3 "
        "trạm y tế phường.",
        "kỳ họp chuyên đề của HĐND quận",
        "Thường trực HĐND quận",
        5,
        kind="event",
        tags=("HĐND quận", "đầu tư công"),
        agency="UBND",
        authors=("thuha",),
        image="hoi-nghi",
        image_caption="Các đại biểu HĐND quận thảo luận tại kỳ họp chuyên đề.",
        quote=(
            "Mỗi đồng vốn đầu tư công phải đến đúng nơi người dân cần nhất, trước hết là trường học "
            "và trạm y tế.",
            "bà Hoàng Thị Minh Nguyệt, Chủ tịch HĐND quận",
        ),
    ),
    ArticleSpec(
        "chinh-quyen",
        "Chủ tịch UBND quận tiếp công dân định kỳ, giải quyết dứt điểm 6 vụ việc",
        "Tại buổi tiếp công dân tháng này, nhiều kiến nghị về đất đai và cấp giấy chứng nhận quyền sử "
        "dụng đất được trả lời ngay tại chỗ.",
        "{Date}, Chủ tịch UBND quận Trần Văn Hùng tiếp công dân định kỳ tại trụ sở Ban Tiếp công dân "
        "quận. Trong 9 lượt công dân đến trình bày, 6 vụ việc được giải quyết dứt điểm, 3 vụ việc được "
        "giao phòng chuyên môn kiểm tra và trả lời bằng văn bản.",
        "buổi tiếp công dân định kỳ",
        "UBND quận",
        5,
        kind="event",
        tags=("tiếp công dân", "đất đai"),
        agency="UBND",
        byline="Thu Trang",
        image="tiep-dan",
    ),
    ArticleSpec(
        "chinh-quyen",
        "Hơn 90% hồ sơ thủ tục hành chính của quận được nộp trực tuyến",
        "Tỷ lệ hồ sơ trực tuyến tăng mạnh sau khi bộ phận một cửa bố trí nhân viên hướng dẫn người "
        "dân thao tác trên Cổng dịch vụ công.",
        "Theo báo cáo của UBND quận tính đến {date}, 91,6% hồ sơ thủ tục hành chính tiếp nhận trong "
        "quý được nộp trực tuyến, tăng gần 20 điểm phần trăm so với cùng kỳ. Tại bộ phận một cửa, "
        "người dân được hướng dẫn tạo tài khoản, chụp giấy tờ và nộp hồ sơ ngay trên điện thoại.",
        "việc tiếp nhận hồ sơ trực tuyến",
        "Bộ phận Một cửa quận",
        50,
        tags=("dịch vụ công trực tuyến", "cải cách hành chính", "chuyển đổi số"),
        agency="UBND",
        authors=("anh",),
        image="mot-cua",
        image_caption="Nhân viên bộ phận một cửa hướng dẫn người dân nộp hồ sơ trực tuyến.",
    ),
    ArticleSpec(
        "chinh-quyen",
        "Phường Hòa Xuân lấy ý kiến người dân về đề án sắp xếp khu phố",
        "Đề án dự kiến giảm từ 14 xuống còn 9 khu phố, bảo đảm quy mô dân số theo quy định và thuận "
        "lợi cho công tác quản lý.",
        "Từ {date}, UBND phường Hòa Xuân phát phiếu lấy ý kiến đến từng hộ gia đình về đề án sắp xếp "
        "khu phố. Theo đề án, các khu phố có dưới 400 hộ sẽ được nhập với khu phố liền kề, tên gọi "
        "mới do người dân góp ý lựa chọn.",
        "đề án sắp xếp khu phố",
        "UBND phường Hòa Xuân",
        160,
        place="Hòa Xuân",
        tags=("sắp xếp khu phố", "lấy ý kiến người dân"),
        authors=("tung",),
    ),
    ArticleSpec(
        "chinh-quyen",
        "Lãnh đạo quận đối thoại với thanh niên về cải cách hành chính",
        "Gần 200 đoàn viên, thanh niên đặt câu hỏi về thủ tục khởi nghiệp, đăng ký hộ kinh doanh và "
        "tìm kiếm việc làm.",
        "{Date}, Quận đoàn phối hợp với UBND quận tổ chức buổi đối thoại giữa lãnh đạo quận và thanh "
        "niên. Nhiều câu hỏi xoay quanh thời gian đăng ký hộ kinh doanh, điều kiện vay vốn khởi nghiệp "
        "và việc sử dụng mặt bằng nhà văn hóa cho hoạt động của câu lạc bộ.",
        "buổi đối thoại giữa lãnh đạo quận và thanh niên",
        "Quận đoàn",
        260,
        kind="event",
        tags=("thanh niên", "cải cách hành chính"),
        authors=("linh",),
        image="doi-thoai",
        quote=(
            "Các bạn trẻ hỏi rất thẳng và rất cụ thể. Những gì trả lời được hôm nay, quận trả lời "
            "ngay; những gì chưa làm được, chúng tôi hẹn thời hạn và sẽ báo lại.",
            "bà Lê Thị Mai, Phó Chủ tịch UBND quận",
        ),
    ),
    ArticleSpec(
        "chinh-quyen",
        "Công bố chỉ số hài lòng của người dân đối với các phường",
        "Phường Tân Lập dẫn đầu với 96,4% người được khảo sát hài lòng; thời gian chờ và thái độ của "
        "cán bộ là hai tiêu chí được cải thiện rõ nhất.",
        "{Date}, Phòng Nội vụ quận công bố kết quả khảo sát mức độ hài lòng của người dân đối với "
        "việc giải quyết thủ tục hành chính tại 10 phường. Khảo sát được thực hiện với 2.400 người "
        "vừa có hồ sơ trả kết quả, qua phiếu giấy và tin nhắn điện thoại.",
        "đợt khảo sát mức độ hài lòng của người dân",
        "Phòng Nội vụ quận",
        480,
        kind="event",
        place="Tân Lập",
        tags=("cải cách hành chính", "chỉ số hài lòng"),
        agency="UBND",
        byline="Văn phòng HĐND và UBND quận",
    ),
    ArticleSpec(
        "chinh-quyen",
        "Số hóa sổ hộ tịch lưu trữ tại các phường",
        "Hơn 120.000 trang sổ hộ tịch lưu trữ tại các phường sẽ được số hóa, giúp người dân tra cứu "
        "và xin trích lục nhanh hơn.",
        "{Date}, Phòng Tư pháp quận triển khai dự án số hóa sổ hộ tịch lưu trữ tại 10 phường. Dữ liệu "
        "khai sinh, kết hôn, khai tử sau khi nhập sẽ được đối chiếu và đồng bộ với cơ sở dữ liệu hộ "
        "tịch điện tử.",
        "dự án số hóa sổ hộ tịch",
        "Phòng Tư pháp quận",
        900,
        tags=("chuyển đổi số", "hộ tịch"),
        agency="UBND",
        authors=("anh",),
        image="ho-tich",
    ),
    # ------------------------------------------------------------------ Kinh tế
    ArticleSpec(
        "kinh-te",
        "Phiên giao dịch việc làm thu hút hơn 1.200 lượt người lao động",
        "38 doanh nghiệp tuyển dụng trên 2.500 vị trí, tập trung ở các ngành dịch vụ, bán lẻ, vận tải "
        "kho bãi và điện tử.",
        "{Date}, UBND quận phối hợp với Trung tâm Dịch vụ việc làm thành phố tổ chức phiên giao dịch "
        "việc làm tại Nhà văn hóa phường An Phú. Nhiều doanh nghiệp phỏng vấn trực tiếp tại chỗ, một "
        "số vị trí nhận lao động chưa có kinh nghiệm và đào tạo sau tuyển dụng.",
        "phiên giao dịch việc làm",
        "UBND quận",
        9,
        kind="event",
        place="An Phú",
        tags=("việc làm", "người lao động"),
        authors=("phuc",),
        image="viec-lam",
        image_caption="Người lao động tìm hiểu thông tin tuyển dụng tại phiên giao dịch việc làm.",
        quote=(
            "Tôi nộp hồ sơ vào ba công ty, có một nơi hẹn phỏng vấn ngay chiều nay. Đi một buổi mà "
            "biết được nhiều chỗ tuyển, đỡ mất công dò tìm trên mạng.",
            "anh Lý Quốc Trung, phường Bình Minh",
        ),
    ),
    ArticleSpec(
        "kinh-te",
        "Chợ An Phú hoàn thành cải tạo, tiểu thương trở lại kinh doanh",
        "Sau năm tháng sửa chữa, chợ có mái che mới, hệ thống phòng cháy và khu sơ chế hải sản riêng; "
        "312 sạp được bố trí lại theo ngành hàng.",
        "{Date}, Ban Quản lý chợ quận bàn giao lại mặt bằng chợ An Phú cho tiểu thương sau thời gian "
        "cải tạo. Trong thời gian sửa chữa, các hộ kinh doanh được bố trí buôn bán tạm trên khu đất "
        "trống cạnh chợ và được miễn tiền thuê sạp.",
        "dự án cải tạo chợ An Phú",
        "Ban Quản lý chợ quận",
        40,
        kind="works",
        place="An Phú",
        tags=("chợ truyền thống", "tiểu thương"),
        agency="UBND",
        authors=("thuha",),
        image="cho-an-phu",
        image_caption="Khu bán rau củ của chợ An Phú sau khi được cải tạo.",
    ),
    ArticleSpec(
        "kinh-te",
        "Hơn 300 hộ kinh doanh được hướng dẫn dùng hóa đơn điện tử",
        "Các lớp hướng dẫn được tổ chức buổi tối tại nhà văn hóa khu phố để tiểu thương tham dự sau "
        "giờ bán hàng.",
        "Từ {date}, cơ quan thuế phối hợp với UBND các phường mở lớp hướng dẫn hộ kinh doanh lập hóa "
        "đơn điện tử khởi tạo từ máy tính tiền. Học viên được cài đặt phần mềm, thực hành xuất hóa "
        "đơn và tra cứu hóa đơn ngay trên điện thoại.",
        "các lớp hướng dẫn sử dụng hóa đơn điện tử",
        "cơ quan thuế",
        98,
        place="Đông Hưng",
        tags=("hộ kinh doanh", "hóa đơn điện tử", "chuyển đổi số"),
        authors=("tung",),
    ),
    ArticleSpec(
        "kinh-te",
        "Thu ngân sách trên địa bàn vượt tiến độ dự toán",
        "Tổng thu ngân sách nhà nước trên địa bàn quận từ đầu năm đạt hơn 1.150 tỷ đồng, tăng 12% so "
        "với cùng kỳ; thu từ khu vực ngoài quốc doanh tăng mạnh nhất.",
        "Theo báo cáo của Phòng Tài chính - Kế hoạch quận tính đến {date}, nhiều khoản thu đạt khá "
        "so với dự toán, nhất là thu từ hoạt động thương mại, dịch vụ. Quận cũng đã rà soát, đôn "
        "đốc thu hồi hơn 40 tỷ đồng nợ đọng thuế.",
        "nhiệm vụ thu ngân sách",
        "Phòng Tài chính - Kế hoạch quận",
        220,
        tags=("ngân sách", "thuế"),
        agency="UBND",
        byline="Tuấn Kiệt",
    ),
    ArticleSpec(
        "kinh-te",
        "Hội chợ nông sản an toàn kết nối sản phẩm OCOP với người tiêu dùng",
        "Gần 60 gian hàng giới thiệu rau củ, trái cây, đặc sản của các tỉnh bạn, bên cạnh sản phẩm "
        "của các hợp tác xã trên địa bàn.",
        "{Date}, hội chợ nông sản an toàn khai mạc tại công viên Phú Mỹ và kéo dài bốn ngày. Các sản "
        "phẩm bày bán đều có nguồn gốc rõ ràng, nhiều gian hàng gắn mã QR để người mua tra cứu nơi "
        "trồng, ngày thu hoạch.",
        "hội chợ nông sản an toàn",
        "Phòng Kinh tế quận",
        330,
        kind="event",
        place="Phú Mỹ",
        tags=("nông sản an toàn", "OCOP", "kết nối cung cầu"),
        authors=("anh", "linh"),
        image="nong-san",
        image_caption="Gian hàng trái cây của một hợp tác xã tại hội chợ.",
    ),
    ArticleSpec(
        "kinh-te",
        "Doanh nghiệp nhỏ được tư vấn miễn phí về chuyển đổi số",
        "Chương trình hỗ trợ 50 doanh nghiệp nhỏ và siêu nhỏ xây dựng trang bán hàng, quản lý kho và "
        "thanh toán không dùng tiền mặt.",
        "{Date}, Phòng Kinh tế quận ký kết hợp tác với nhóm chuyên gia tư vấn để hỗ trợ doanh nghiệp "
        "nhỏ chuyển đổi số. Mỗi doanh nghiệp được khảo sát hiện trạng, đề xuất giải pháp phù hợp và "
        "được hướng dẫn trực tiếp trong ba tháng.",
        "chương trình tư vấn chuyển đổi số cho doanh nghiệp nhỏ",
        "Phòng Kinh tế quận",
        560,
        tags=("chuyển đổi số", "doanh nghiệp nhỏ và vừa", "thanh toán không dùng tiền mặt"),
        authors=("khang",),
        quote=(
            "Doanh nghiệp nhỏ không cần phần mềm đắt tiền. Họ cần một người ngồi cạnh, chỉ cho cách "
            "quản lý đơn hàng và công nợ sao cho đỡ mất thời gian.",
            "ông Võ Minh Tâm, Trưởng phòng Kinh tế quận",
        ),
    ),
    ArticleSpec(
        "kinh-te",
        "Phố ẩm thực Hồng Hà hút khách dịp cuối tuần",
        "Sau ba tháng thí điểm, tuyến phố ẩm thực đón trung bình 4.000 lượt khách mỗi tối thứ Bảy, "
        "Chủ nhật; các hộ kinh doanh cam kết giữ vệ sinh và niêm yết giá.",
        "Theo UBND phường Hồng Hà, tính đến {date}, tuyến phố ẩm thực cuối tuần có 46 hộ kinh doanh "
        "tham gia với hơn 80 món ăn. Từ 17 giờ đến 23 giờ các tối cuối tuần, đoạn đường dài 400 mét "
        "cấm xe cơ giới, bàn ghế được xếp gọn trong phạm vi cho phép.",
        "mô hình phố ẩm thực cuối tuần",
        "UBND phường Hồng Hà",
        760,
        place="Hồng Hà",
        tags=("kinh tế đêm", "hộ kinh doanh", "du lịch"),
        authors=("hoa",),
        image="pho-am-thuc",
        image_caption="Tuyến phố ẩm thực Hồng Hà lên đèn vào tối cuối tuần.",
    ),
    ArticleSpec(
        "kinh-te",
        "Quận kêu gọi đầu tư ba dự án bãi đỗ xe ngầm",
        "Ba vị trí được đề xuất gồm công viên Thủy Tiên, khu đất trống cạnh chợ An Phú và sân bóng cũ "
        "phường Đông Hưng, với tổng sức chứa khoảng 1.100 ô tô.",
        "{Date}, UBND quận công bố danh mục dự án kêu gọi đầu tư theo phương thức đối tác công tư, "
        "trong đó có ba bãi đỗ xe ngầm. Mặt đất phía trên sẽ được trả lại làm công viên, sân chơi "
        "sau khi công trình hoàn thành.",
        "danh mục dự án kêu gọi đầu tư bãi đỗ xe ngầm",
        "Phòng Tài chính - Kế hoạch quận",
        1100,
        tags=("thu hút đầu tư", "giao thông tĩnh"),
        agency="UBND",
        byline="Hải Đăng",
    ),
    # ------------------------------------------------------------------ Văn hóa - Xã hội
    ArticleSpec(
        "van-hoa-xa-hoi",
        "Lễ hội đình Phú Mỹ được tổ chức trang trọng, giữ nếp xưa",
        "Bên cạnh phần lễ theo nghi thức truyền thống, phần hội có hát bội, thi gói bánh tét và trò "
        "chơi dân gian thu hút đông đảo người dân.",
        "{Date}, Ban Quý tế đình Phú Mỹ tổ chức lễ hội thường niên với lễ rước sắc, lễ cúng tế và "
        "dâng hương tưởng nhớ các bậc tiền hiền. Năm nay, lần đầu tiên các em học sinh trong phường "
        "được giới thiệu về lịch sử ngôi đình qua một buổi thuyết minh ngay tại sân đình.",
        "lễ hội đình Phú Mỹ",
        "Ban Quý tế đình Phú Mỹ",
        14,
        kind="event",
        place="Phú Mỹ",
        tags=("lễ hội", "di tích", "văn hóa truyền thống"),
        agency="TTVH",
        authors=("hoa",),
        image="le-hoi-dinh",
        image_caption="Cờ hội, đèn lồng được treo quanh sân đình Phú Mỹ.",
        quote=(
            "Năm nào con cháu đi làm xa cũng cố về dự lễ. Giữ được cái đình, giữ được lễ là giữ được "
            "cái gốc của xóm mình.",
            "ông Tạ Văn Nghĩa, 78 tuổi, phường Phú Mỹ",
        ),
    ),
    ArticleSpec(
        "van-hoa-xa-hoi",
        "Thư viện quận mở cửa đến 21 giờ, thêm góc đọc cho thiếu nhi",
        "Từ tuần này, thư viện phục vụ bạn đọc cả buổi tối các ngày trong tuần và mở thêm không gian "
        "đọc sách, kể chuyện dành cho thiếu nhi.",
        "Từ {date}, thư viện quận kéo dài giờ phục vụ đến 21 giờ từ thứ Hai đến thứ Sáu. Góc đọc "
        "thiếu nhi rộng 80 mét vuông được bố trí ở tầng trệt, có thảm, gối ngồi và hơn 3.000 cuốn "
        "sách tranh, truyện thiếu nhi.",
        "mô hình thư viện mở cửa buổi tối",
        "Trung tâm Văn hóa - Thể thao quận",
        60,
        tags=("thư viện", "văn hóa đọc"),
        agency="TTVH",
        authors=("linh",),
        image="thu-vien",
        image_caption="Góc đọc sách dành cho thiếu nhi tại thư viện quận.",
    ),
    ArticleSpec(
        "van-hoa-xa-hoi",
        "Trao 25 căn nhà tình thương cho hộ nghèo, hộ cận nghèo",
        "Mỗi căn nhà được hỗ trợ từ 60 đến 80 triệu đồng từ Quỹ Vì người nghèo quận và đóng góp của "
        "các doanh nghiệp, nhà hảo tâm.",
        "{Date}, Ủy ban Mặt trận Tổ quốc Việt Nam quận trao quyết định hỗ trợ xây mới, sửa chữa 25 căn "
        "nhà tình thương. Các hộ được chọn đều đang ở trong nhà xuống cấp, có người cao tuổi, người "
        "khuyết tật hoặc trẻ nhỏ.",
        "chương trình xây dựng nhà tình thương",
        "Ủy ban Mặt trận Tổ quốc Việt Nam quận",
        110,
        place="Phước Long",
        tags=("an sinh xã hội", "nhà tình thương", "giảm nghèo"),
        authors=("thuha",),
        image="nha-tinh-thuong",
        image_caption="Những căn nhà tình thương vừa hoàn thành tại phường Phước Long.",
        quote=(
            "Mùa mưa năm ngoái mái nhà dột khắp nơi, đêm nào cũng phải kê thau hứng nước. Giờ có căn "
            "nhà chắc chắn, tôi yên tâm cho mấy đứa nhỏ học hành.",
            "bà Hồ Thị Sen, phường Phước Long",
        ),
    ),
    ArticleSpec(
        "van-hoa-xa-hoi",
        "Khai mạc triển lãm ảnh “Phố phường xưa và nay”",
        "Hơn 150 bức ảnh tư liệu và ảnh mới chụp giúp người xem hình dung sự đổi thay của các khu phố "
        "trong gần nửa thế kỷ.",
        "{Date}, Trung tâm Văn hóa - Thể thao quận khai mạc triển lãm ảnh “Phố phường xưa và nay”. "
        "Nhiều bức ảnh cũ do chính người dân gửi tặng, được đặt cạnh ảnh chụp cùng góc phố hôm nay.",
        "triển lãm ảnh “Phố phường xưa và nay”",
        "Trung tâm Văn hóa - Thể thao quận",
        190,
        kind="event",
        tags=("triển lãm", "nhiếp ảnh", "lịch sử địa phương"),
        agency="TTVH",
        byline="Thanh Nhàn",
        image="trien-lam",
    ),
    ArticleSpec(
        "van-hoa-xa-hoi",
        "Học nghề miễn phí cho 80 lao động trung niên",
        "Các lớp sửa chữa điện dân dụng, may công nghiệp và chăm sóc người cao tuổi giúp lao động "
        "trên 40 tuổi có thêm cơ hội chuyển đổi việc làm.",
        "{Date}, Phòng Văn hóa - Xã hội quận khai giảng ba lớp dạy nghề miễn phí cho lao động trung "
        "niên. Học viên được hỗ trợ tiền ăn, tiền đi lại và được giới thiệu việc làm sau khi hoàn "
        "thành khóa học.",
        "các lớp dạy nghề miễn phí cho lao động trung niên",
        "Phòng Văn hóa - Xã hội quận",
        400,
        tags=("đào tạo nghề", "an sinh xã hội", "việc làm"),
        agency="UBND",
        authors=("tung",),
    ),
    ArticleSpec(
        "van-hoa-xa-hoi",
        "Câu lạc bộ dưỡng sinh người cao tuổi phường Bình Minh tròn 20 năm",
        "Từ vài thành viên ban đầu, câu lạc bộ nay có hơn 130 hội viên, sáng nào cũng tập luyện ở "
        "công viên ven kênh.",
        "{Date}, Hội Người cao tuổi phường Bình Minh tổ chức kỷ niệm 20 năm thành lập câu lạc bộ "
        "dưỡng sinh. Hội viên lớn tuổi nhất năm nay 91 tuổi, vẫn đều đặn tập mỗi sáng từ 5 giờ.",
        "lễ kỷ niệm 20 năm thành lập câu lạc bộ dưỡng sinh",
        "Hội Người cao tuổi phường Bình Minh",
        620,
        kind="event",
        place="Bình Minh",
        tags=("người cao tuổi", "sức khỏe cộng đồng"),
        agency=None,
        authors=("anh",),
        photo_note=("Các hội viên câu lạc bộ dưỡng sinh tập buổi sáng bên kênh Bình Minh.", "Ngọc Ánh"),
    ),
    ArticleSpec(
        "van-hoa-xa-hoi",
        "Quận vận động hơn 2 tỷ đồng cho Quỹ Vì người nghèo",
        "Số tiền vận động được dùng để hỗ trợ sinh kế, sửa chữa nhà ở và cấp học bổng cho con em hộ "
        "nghèo, hộ cận nghèo.",
        "{Date}, Ủy ban Mặt trận Tổ quốc Việt Nam quận tổng kết đợt vận động ủng hộ Quỹ Vì người "
        "nghèo. Ngoài tiền mặt, nhiều doanh nghiệp đăng ký hỗ trợ bằng hiện vật như xe đạp, máy may "
        "và học bổng dài hạn.",
        "đợt vận động ủng hộ Quỹ Vì người nghèo",
        "Ủy ban Mặt trận Tổ quốc Việt Nam quận",
        840,
        tags=("an sinh xã hội", "giảm nghèo"),
        agency="UBND",
        byline="Thu Trang",
    ),
    ArticleSpec(
        "van-hoa-xa-hoi",
        "Đưa tour đi bộ khám phá di tích vào phục vụ du khách",
        "Hành trình dài khoảng 3 km qua đình Phú Mỹ, chùa Long Hòa và dãy nhà phố cổ trên đường Hồng "
        "Hà, có thuyết minh bằng tiếng Việt và tiếng Anh.",
        "Từ {date}, tour đi bộ khám phá di tích được tổ chức vào sáng thứ Bảy và Chủ nhật hằng tuần. "
        "Đội ngũ thuyết minh là sinh viên tình nguyện đã qua lớp bồi dưỡng về lịch sử, văn hóa địa "
        "phương.",
        "tour đi bộ khám phá di tích",
        "Phòng Văn hóa - Xã hội quận",
        1250,
        place="Long Hòa",
        tags=("du lịch", "di tích"),
        agency="TTVH",
        authors=("hoa", "linh"),
        image="pho-co",
    ),
    # ------------------------------------------------------------------ Giáo dục
    ArticleSpec(
        "giao-duc",
        "Công bố kế hoạch tuyển sinh đầu cấp, tăng 18 lớp mầm non",
        "Năm học mới, các trường công lập trên địa bàn dự kiến nhận hơn 6.400 trẻ vào lớp 1, lớp 6 và "
        "nhóm trẻ mầm non; toàn bộ hồ sơ được nộp trực tuyến.",
        "{Date}, Phòng Giáo dục và Đào tạo quận công bố kế hoạch tuyển sinh đầu cấp. Trẻ được phân "
        "tuyến theo nơi cư trú; phụ huynh khai báo hồ sơ trên hệ thống tuyển sinh và theo dõi kết quả "
        "qua tin nhắn.",
        "kế hoạch tuyển sinh đầu cấp",
        "Phòng Giáo dục và Đào tạo quận",
        3,
        tags=("tuyển sinh", "mầm non", "dịch vụ công trực tuyến"),
        agency="GDĐT",
        authors=("thuha",),
        image="truong-hoc",
        image_caption="Sân trường một trường tiểu học trên địa bàn quận.",
        quote=(
            "Không trẻ nào trong độ tuổi thiếu chỗ học. Nơi nào đông, quận mở thêm lớp; phụ huynh "
            "không cần đến trường xếp hàng nộp hồ sơ như trước.",
            "bà Nguyễn Thị Thanh Thủy, Trưởng phòng Giáo dục và Đào tạo quận",
        ),
    ),
    ArticleSpec(
        "giao-duc",
        "Học sinh THCS An Phú giành giải nhất cuộc thi sáng tạo khoa học kỹ thuật",
        "Dự án thiết bị cảnh báo ngập nước cho hẻm nhỏ của hai học sinh lớp 9 được ban giám khảo "
        "đánh giá cao về tính ứng dụng.",
        "{Date}, ban tổ chức cuộc thi sáng tạo khoa học kỹ thuật dành cho học sinh trung học cấp "
        "thành phố công bố kết quả. Thiết bị do hai em Lâm Gia Bảo và Nguyễn Ngọc Diệp chế tạo dùng "
        "cảm biến mực nước và gửi cảnh báo qua tin nhắn khi nước dâng.",
        "cuộc thi sáng tạo khoa học kỹ thuật dành cho học sinh trung học",
        "Trường THCS An Phú",
        45,
        kind="event",
        place="An Phú",
        tags=("khoa học kỹ thuật", "học sinh giỏi"),
        agency="GDĐT",
        authors=("phuc",),
        image="sang-tao-khkt",
        image_caption="Phòng thực hành nơi các em học sinh hoàn thiện sản phẩm dự thi.",
        quote=(
            "Nhà em ở trong hẻm, mưa lớn là nước lên nhanh lắm. Tụi em muốn làm một thiết bị rẻ, "
            "nhà nào cũng gắn được.",
            "em Nguyễn Ngọc Diệp, học sinh lớp 9, Trường THCS An Phú",
        ),
    ),
    ArticleSpec(
        "giao-duc",
        "Các trường tiểu học dạy bơi an toàn cho học sinh lớp 3",
        "Mỗi học sinh được học 12 buổi tại bể bơi của Trung tâm Văn hóa - Thể thao quận, tập trung vào "
        "kỹ năng nổi, thở và tự cứu khi đuối nước.",
        "Từ {date}, các trường tiểu học trên địa bàn lần lượt đưa học sinh lớp 3 đến học bơi theo lịch "
        "của Phòng Giáo dục và Đào tạo quận. Mỗi lớp học bơi không quá 20 em, có hai huấn luyện viên "
        "và một nhân viên cứu hộ.",
        "chương trình dạy bơi an toàn cho học sinh tiểu học",
        "Phòng Giáo dục và Đào tạo quận",
        150,
        tags=("phòng chống đuối nước", "bơi lội", "kỹ năng sống"),
        agency="GDĐT",
        authors=("khang",),
        image="ho-boi",
    ),
    ArticleSpec(
        "giao-duc",
        "Thí điểm lớp học thông minh tại 5 trường trung học cơ sở",
        "Mỗi lớp được trang bị màn hình tương tác, máy chiếu vật thể và kho học liệu số; giáo viên "
        "được tập huấn trước khi đưa vào sử dụng.",
        "{Date}, Phòng Giáo dục và Đào tạo quận bàn giao thiết bị lớp học thông minh cho 5 trường "
        "trung học cơ sở. Kho học liệu số gồm bài giảng, đề kiểm tra và thí nghiệm mô phỏng do chính "
        "giáo viên trong quận biên soạn.",
        "mô hình lớp học thông minh",
        "Phòng Giáo dục và Đào tạo quận",
        280,
        tags=("chuyển đổi số", "đổi mới giáo dục"),
        agency="GDĐT",
        authors=("tung",),
        image="phong-may",
    ),
    ArticleSpec(
        "giao-duc",
        "Tuyên dương 146 học sinh giỏi, giáo viên tiêu biểu",
        "Các em học sinh đạt giải cấp thành phố và quốc gia, cùng 32 giáo viên có nhiều đóng góp, "
        "được khen thưởng và nhận học bổng khuyến học.",
        "{Date}, UBND quận tổ chức lễ tuyên dương học sinh giỏi, giáo viên tiêu biểu năm học vừa qua. "
        "Hội Khuyến học quận trao 146 suất học bổng, mỗi suất từ 1 đến 3 triệu đồng.",
        "lễ tuyên dương học sinh giỏi, giáo viên tiêu biểu",
        "UBND quận",
        520,
        kind="event",
        tags=("học sinh giỏi", "khuyến học"),
        agency="UBND",
        authors=("anh",),
        image="tuyen-duong",
    ),
    ArticleSpec(
        "giao-duc",
        "Kiểm tra đột xuất an toàn thực phẩm tại bếp ăn bán trú",
        "Đoàn kiểm tra liên ngành làm việc tại 15 trường có tổ chức bán trú, yêu cầu lưu mẫu thức ăn "
        "đúng quy định và công khai nguồn gốc thực phẩm.",
        "{Date}, đoàn kiểm tra liên ngành của quận bắt đầu kiểm tra đột xuất bếp ăn bán trú tại các "
        "trường. Đoàn lấy mẫu thực phẩm để xét nghiệm nhanh, kiểm tra hợp đồng cung cấp thực phẩm và "
        "sổ kiểm thực ba bước.",
        "đợt kiểm tra an toàn thực phẩm tại bếp ăn bán trú",
        "Đoàn kiểm tra liên ngành của quận",
        730,
        tags=("an toàn thực phẩm", "bán trú"),
        agency="GDĐT",
        byline="Nhóm phóng viên",
    ),
    ArticleSpec(
        "giao-duc",
        "Ngày hội đọc sách của học sinh tiểu học phường Tân Lập",
        "Hơn 900 học sinh tham gia đổi sách cũ lấy sách mới, vẽ tranh theo truyện và thi kể chuyện "
        "theo sách.",
        "{Date}, Trường Tiểu học Tân Lập tổ chức ngày hội đọc sách với sự tham gia của học sinh, "
        "giáo viên và phụ huynh. Sách quyên góp được bổ sung cho tủ sách lớp học và thư viện lưu "
        "động của phường.",
        "ngày hội đọc sách",
        "Trường Tiểu học Tân Lập",
        1000,
        kind="event",
        place="Tân Lập",
        tags=("văn hóa đọc", "thư viện trường học"),
        authors=("linh",),
        image="ngay-hoi-doc-sach",
    ),
    # ------------------------------------------------------------------ Y tế
    ArticleSpec(
        "y-te",
        "Tiêm bổ sung vắc xin sởi cho trẻ từ 1 đến 5 tuổi",
        "Chiến dịch diễn ra tại 10 trạm y tế phường và các trường mầm non; phụ huynh mang theo sổ "
        "tiêm chủng hoặc số định danh của trẻ.",
        "{Date}, Trung tâm Y tế quận triển khai chiến dịch tiêm bổ sung vắc xin sởi cho trẻ từ 1 đến "
        "5 tuổi. Trẻ sau tiêm được theo dõi 30 phút tại điểm tiêm, phụ huynh được hướng dẫn cách "
        "chăm sóc và nhận biết dấu hiệu bất thường.",
        "chiến dịch tiêm bổ sung vắc xin sởi",
        "Trung tâm Y tế quận",
        12,
        tags=("tiêm chủng", "sức khỏe trẻ em"),
        agency="TTYT",
        authors=("anh",),
        image="tiem-chung",
        image_caption="Phụ huynh đưa trẻ đến tiêm vắc xin tại trạm y tế phường.",
        quote=(
            "Sởi lây rất nhanh qua đường hô hấp. Một mũi tiêm bổ sung đúng lúc sẽ bảo vệ trẻ và cả "
            "những em chưa đủ tuổi tiêm.",
            "bác sĩ Trịnh Minh Quân, Giám đốc Trung tâm Y tế quận",
        ),
    ),
    ArticleSpec(
        "y-te",
        "Trạm y tế phường Hòa Xuân khám sức khỏe miễn phí cho người cao tuổi",
        "Hơn 400 người trên 60 tuổi được đo huyết áp, xét nghiệm đường huyết, tư vấn dinh dưỡng và "
        "lập hồ sơ sức khỏe điện tử.",
        "{Date}, Trạm Y tế phường Hòa Xuân phối hợp với Hội Người cao tuổi phường tổ chức khám sức "
        "khỏe miễn phí. Những trường hợp phát hiện tăng huyết áp, đái tháo đường được hướng dẫn quản "
        "lý, điều trị ngoại trú ngay tại trạm.",
        "đợt khám sức khỏe miễn phí cho người cao tuổi",
        "Trạm Y tế phường Hòa Xuân",
        70,
        kind="event",
        place="Hòa Xuân",
        tags=("người cao tuổi", "hồ sơ sức khỏe điện tử", "sức khỏe cộng đồng"),
        agency="TTYT",
        authors=("thuha",),
        image="tram-y-te",
        image_caption="Trạm Y tế phường Hòa Xuân.",
    ),
    ArticleSpec(
        "y-te",
        "Chủ động phòng chống sốt xuất huyết khi mùa mưa đến",
        "Quận ghi nhận số ca mắc tăng nhẹ so với cùng kỳ; các phường đồng loạt ra quân diệt lăng "
        "quăng, xử lý dụng cụ chứa nước đọng.",
        "{Date}, Trung tâm Y tế quận phát động chiến dịch diệt lăng quăng, bọ gậy tại 10 phường. Tổ "
        "xung kích đến từng nhà kiểm tra chum vại, lốp xe cũ, chậu cây và hướng dẫn người dân úp, "
        "đậy, thả cá.",
        "chiến dịch diệt lăng quăng phòng chống sốt xuất huyết",
        "Trung tâm Y tế quận",
        170,
        place="Phú Mỹ",
        tags=("sốt xuất huyết", "phòng chống dịch"),
        agency="TTYT",
        byline="Hồng Nhung",
        photo_note=(
            "Cán bộ y tế và tình nguyện viên kiểm tra dụng cụ chứa nước trong một hộ dân phường Phú Mỹ.",
            "Hồng Nhung",
        ),
    ),
    ArticleSpec(
        "y-te",
        "Siết chặt an toàn thực phẩm đối với thức ăn đường phố",
        "Đoàn kiểm tra nhắc nhở 37 cơ sở, xử phạt 5 cơ sở không có giấy xác nhận kiến thức an toàn "
        "thực phẩm và dùng phụ gia không rõ nguồn gốc.",
        "{Date}, đội kiểm tra liên ngành về an toàn thực phẩm của quận công bố kết quả kiểm tra các "
        "cơ sở kinh doanh thức ăn đường phố. Các cơ sở vi phạm phải cam kết khắc phục và bị tái kiểm "
        "tra trong vòng một tháng.",
        "đợt kiểm tra an toàn thực phẩm thức ăn đường phố",
        "Đội kiểm tra liên ngành về an toàn thực phẩm quận",
        390,
        tags=("an toàn thực phẩm", "thức ăn đường phố"),
        agency="TTYT",
        authors=("tung",),
    ),
    ArticleSpec(
        "y-te",
        "Người dân tra cứu hồ sơ sức khỏe điện tử qua điện thoại",
        "Hơn 70% người dân trong quận đã có hồ sơ sức khỏe điện tử; kết quả khám, tiêm chủng được cập "
        "nhật sau mỗi lần đến trạm y tế.",
        "Theo Trung tâm Y tế quận, tính đến {date}, hơn 130.000 người dân đã có hồ sơ sức khỏe điện "
        "tử. Người dân có thể xem lịch sử khám bệnh, đơn thuốc và lịch tiêm chủng của cả gia đình "
        "trên ứng dụng điện thoại.",
        "việc lập và khai thác hồ sơ sức khỏe điện tử",
        "Trung tâm Y tế quận",
        640,
        tags=("hồ sơ sức khỏe điện tử", "chuyển đổi số"),
        agency="TTYT",
        authors=("khang",),
        image="ho-so-suc-khoe",
    ),
    ArticleSpec(
        "y-te",
        "Ngày hội hiến máu tình nguyện thu về hơn 600 đơn vị máu",
        "Đông đảo đoàn viên, thanh niên, cán bộ, công chức và người dân đăng ký hiến máu; nhiều người "
        "tham gia lần thứ mười trở lên.",
        "{Date}, Ban Chỉ đạo vận động hiến máu tình nguyện quận tổ chức ngày hội hiến máu tại hội "
        "trường UBND quận. Người hiến máu được khám sàng lọc, xét nghiệm miễn phí và nhận giấy chứng "
        "nhận có giá trị khi cần truyền máu.",
        "ngày hội hiến máu tình nguyện",
        "Ban Chỉ đạo vận động hiến máu tình nguyện quận",
        950,
        kind="event",
        tags=("hiến máu tình nguyện", "thanh niên"),
        authors=("phuc",),
        image="hien-mau",
        image_caption="Người dân đăng ký, khám sàng lọc trước khi hiến máu.",
        quote=(
            "Lần đầu tôi hiến máu là năm thứ hai đại học, đến nay đã là lần thứ mười hai. Mỗi lần "
            "nhận tin nhắn máu của mình đã được dùng, tôi thấy rất vui.",
            "anh Mạc Đình Phong, phường Tân Lập",
        ),
    ),
    # ------------------------------------------------------------------ Thể thao
    ArticleSpec(
        "the-thao",
        "Khởi tranh giải bóng đá thiếu niên quận, 24 đội tham dự",
        "Giải diễn ra trong ba tuần tại sân vận động quận, dành cho các cầu thủ từ 11 đến 14 tuổi của "
        "các trường học và câu lạc bộ phường.",
        "{Date}, giải bóng đá thiếu niên quận chính thức khởi tranh với 24 đội chia thành sáu bảng. "
        "Ban tổ chức áp dụng quy định mỗi cầu thủ đăng ký đều được ra sân ít nhất một hiệp trong "
        "vòng bảng.",
        "giải bóng đá thiếu niên",
        "Trung tâm Văn hóa - Thể thao quận",
        26,
        kind="event",
        tags=("bóng đá", "thể thao học đường"),
        agency="TTVH",
        authors=("phuc",),
        image="bong-da",
        image_caption="Sân vận động quận trước trận khai mạc giải bóng đá thiếu niên.",
    ),
    ArticleSpec(
        "the-thao",
        "Gần 2.000 người chạy bộ vì cộng đồng quanh công viên Thủy Tiên",
        "Giải chạy có ba cự ly 3 km, 5 km và 10 km; toàn bộ tiền đăng ký được dành cho Quỹ Khuyến học quận.",
        "{Date}, giải chạy vì cộng đồng diễn ra trên cung đường quanh công viên Thủy Tiên. Người tham "
        "gia nhỏ tuổi nhất mới 7 tuổi, chạy cự ly 3 km cùng bố mẹ; người lớn tuổi nhất 76 tuổi, hoàn "
        "thành cự ly 5 km.",
        "giải chạy bộ vì cộng đồng",
        "Quận đoàn",
        88,
        kind="event",
        place="Thủy Tiên",
        tags=("chạy bộ", "khuyến học", "thể dục thể thao"),
        agency="TTVH",
        authors=("linh",),
        image="chay-bo",
        image_caption="Các vận động viên xuất phát ở cự ly 10 km.",
        quote=(
            "Chạy xong mệt nhưng vui, vì biết tiền đăng ký của mình sẽ thành học bổng cho các em.",
            "chị Vũ Thị Thu Trang, phường Thủy Tiên",
        ),
    ),
    ArticleSpec(
        "the-thao",
        "Đội tuyển cầu lông quận giành 3 huy chương vàng cấp thành phố",
        "Các tay vợt của quận thi đấu ấn tượng ở nội dung đôi nam, đôi nữ và đơn nam lứa tuổi trẻ.",
        "{Date}, giải cầu lông các câu lạc bộ cấp thành phố khép lại với 3 huy chương vàng, 2 huy "
        "chương bạc cho đội tuyển quận. Đây là thành tích tốt nhất của đội trong năm năm trở lại đây.",
        "giải cầu lông các câu lạc bộ cấp thành phố",
        "Đội tuyển cầu lông quận",
        240,
        kind="event",
        tags=("cầu lông", "thành tích thể thao"),
        byline="Văn Sang",
    ),
    ArticleSpec(
        "the-thao",
        "Thêm 15 điểm dụng cụ tập thể dục ngoài trời",
        "Các điểm tập mới đặt tại công viên và khuôn viên nhà văn hóa khu phố, giúp người dân tập "
        "luyện miễn phí từ sáng sớm đến tối.",
        "{Date}, UBND quận đưa vào sử dụng 15 điểm dụng cụ tập thể dục ngoài trời. Mỗi điểm có từ 6 "
        "đến 10 loại dụng cụ, có bảng hướng dẫn cách tập và số điện thoại báo hỏng.",
        "các điểm dụng cụ tập thể dục ngoài trời",
        "UBND quận",
        450,
        kind="works",
        tags=("thể dục thể thao", "công viên"),
        agency="UBND",
        authors=("tung",),
        image="tap-the-duc",
    ),
    ArticleSpec(
        "the-thao",
        "Hội thao công nhân, viên chức lao động thu hút hơn 700 vận động viên",
        "Hội thao gồm bảy môn: bóng đá, bóng chuyền, kéo co, cầu lông, bóng bàn, cờ tướng và chạy tiếp sức.",
        "{Date}, Liên đoàn Lao động quận khai mạc hội thao công nhân, viên chức lao động. Các đội "
        "đến từ cơ quan, doanh nghiệp và trường học trên địa bàn sẽ thi đấu vào các buổi chiều và "
        "cuối tuần.",
        "hội thao công nhân, viên chức lao động",
        "Liên đoàn Lao động quận",
        680,
        kind="event",
        tags=("hội thao", "công đoàn"),
        agency="TTVH",
        authors=("khang",),
        image="hoi-thao",
    ),
    ArticleSpec(
        "the-thao",
        "Võ cổ truyền vào trường học: 1.500 học sinh theo học",
        "Sau hai năm thí điểm, môn võ cổ truyền được dạy ngoại khóa tại 11 trường, giúp học sinh rèn "
        "thể lực và tinh thần thượng võ.",
        "{Date}, Trung tâm Văn hóa - Thể thao quận phối hợp với Phòng Giáo dục và Đào tạo quận sơ "
        "kết chương trình đưa võ cổ truyền vào trường học. Các bài quyền được biên soạn lại cho phù "
        "hợp với lứa tuổi, chú trọng kỹ năng tự vệ.",
        "chương trình đưa võ cổ truyền vào trường học",
        "Trung tâm Văn hóa - Thể thao quận",
        1180,
        tags=("võ cổ truyền", "thể thao học đường"),
        agency="TTVH",
        authors=("hoa",),
    ),
)


# --------------------------------------------------------------------------- sentence templates
#
# Slots: {topic}/{Topic}, {unit}/{Unit}, {place}, {other_place}, {official}, {resident}/{Resident}
# and numbers ({pct}, {pct_high}, {pct_small}, {pct_sport}, {n_small}, {n_reports}, {n_files},
# {n_firms}, {n_visits}, {n_poor}, {weeks}, {wards}, {money}). A capitalised slot name gives the
# value with its first letter capitalised.
#
# Each sentence says which kinds of article it suits: "event" (a meeting, festival, match, drill:
# it happens on one day), "program" (a campaign, a service, a pilot: it goes on), "works" (something
# built or installed). A sentence without kinds suits every article of its pool.

KINDS = frozenset({"event", "program", "works"})


@dataclass(frozen=True)
class Sentence:
    text: str
    kinds: frozenset[str] = KINDS

    def suits(self, kind: str) -> bool:
        return kind in self.kinds


def T(text: str, kinds: str = "") -> Sentence:
    return Sentence(text, frozenset(kinds.split()) if kinds else KINDS)


@dataclass(frozen=True)
class SentencePool:
    context: tuple[Sentence, ...] = ()
    detail: tuple[Sentence, ...] = ()
    numbers: tuple[Sentence, ...] = ()
    voice: tuple[Sentence, ...] = ()
    next_steps: tuple[Sentence, ...] = ()


COMMON = SentencePool(
    context=(
        T(
            "Theo {unit}, {topic} là một trong những nhiệm vụ được quận tập trung chỉ đạo từ đầu năm.",
            "program works",
        ),
        T(
            "{Topic} nằm trong kế hoạch thực hiện các chỉ tiêu phát triển kinh tế - xã hội năm nay của quận.",
            "program works",
        ),
        T("{Topic} nhận được sự quan tâm của đông đảo người dân trên địa bàn.", "event"),
    ),
    detail=(
        T(
            "Trước khi triển khai, {unit} đã khảo sát thực tế, lấy ý kiến người dân và những người trực "
            "tiếp thực hiện để hoàn chỉnh kế hoạch.",
            "program works",
        ),
        T(
            "Các phòng, ban chuyên môn được phân công cụ thể, có đầu mối theo dõi và báo cáo tiến độ hằng "
            "tuần về UBND quận.",
            "program works",
        ),
        T(
            "Công tác chuẩn bị được thực hiện từ nhiều tuần trước, với sự phối hợp của các phòng, ban "
            "chuyên môn và UBND các phường.",
            "event",
        ),
        T(
            "Thông tin chi tiết được niêm yết tại trụ sở UBND các phường, nhà văn hóa khu phố và đăng tải "
            "trên cổng thông tin điện tử của quận."
        ),
    ),
    voice=(
        T(
            "{Resident}, ở phường {other_place}, chia sẻ rằng người dân đều đồng tình vì thấy rõ lợi ích "
            "thiết thực, chỉ mong cách làm này được duy trì lâu dài.",
            "program works",
        ),
        T(
            "{Resident}, ở phường {other_place}, mong những hoạt động như thế này được tổ chức thường "
            "xuyên hơn, ở nhiều khu phố hơn.",
            "event",
        ),
        T(
            "Nhiều ý kiến đề nghị quận công khai tiến độ và kết quả thực hiện để người dân cùng theo dõi, "
            "giám sát.",
            "program works",
        ),
        T(
            "Theo {official}, sự đồng thuận của người dân là yếu tố quyết định; mọi ý kiến đóng góp đều "
            "được ghi nhận và trả lời công khai."
        ),
    ),
    next_steps=(
        T("Thời gian tới, quận sẽ sơ kết, rút kinh nghiệm để nhân rộng những cách làm hiệu quả.", "program"),
        T(
            "{Unit} cho biết sẽ tiếp tục theo dõi, kịp thời tháo gỡ những khó khăn phát sinh tại cơ sở.",
            "program works",
        ),
        T(
            "Đơn vị quản lý được yêu cầu thường xuyên kiểm tra, bảo trì để công trình, thiết bị phát huy "
            "hiệu quả lâu dài.",
            "works",
        ),
        T(
            "Mọi thắc mắc, người dân có thể liên hệ đường dây nóng của UBND quận hoặc gửi phản ánh qua "
            "ứng dụng trên điện thoại."
        ),
    ),
)

SECTION_POOLS: dict[str, SentencePool] = {
    "thoi-su": SentencePool(
        detail=(
            T(
                "Lực lượng tham gia được chia thành nhiều tổ công tác, mỗi tổ phụ trách một cụm khu phố và "
                "báo cáo kết quả về quận vào cuối ngày.",
                "program",
            ),
            T(
                "Quận yêu cầu các đơn vị phối hợp chặt chẽ, bố trí người hướng dẫn, hạn chế tối đa ảnh "
                "hưởng đến sinh hoạt và đi lại của người dân.",
                "event works",
            ),
            T(
                "Các khu phố của phường {place} được chọn làm điểm vì mật độ dân cư cao và có nhiều kiến "
                "nghị của cử tri trong thời gian qua.",
                "program",
            ),
            T(
                "Trong quá trình thi công, đơn vị thi công phải bố trí biển báo, rào chắn và người hướng "
                "dẫn giao thông, giữ vệ sinh môi trường xung quanh.",
                "works",
            ),
        ),
        numbers=(
            T(
                "Từ đầu năm đến nay, quận đã tiếp nhận {n_reports} phản ánh của người dân liên quan đến lĩnh "
                "vực này; {pct}% được giải quyết đúng hạn."
            ),
            T(
                "Đã có {wards} trên tổng số 10 phường hoàn thành các phần việc được giao; các phường còn "
                "lại phải hoàn thành trong {weeks} tuần tới.",
                "program",
            ),
        ),
        next_steps=(
            T(
                "Sau đợt này, quận sẽ kiểm tra lại; nơi nào chưa đạt yêu cầu phải khắc phục và báo cáo "
                "kết quả cụ thể.",
                "program event",
            ),
        ),
    ),
    "chinh-quyen": SentencePool(
        detail=(
            T(
                "Phát biểu chỉ đạo, {official}, yêu cầu cán bộ, công chức nâng cao tinh thần trách nhiệm, "
                "lấy sự hài lòng của người dân làm thước đo.",
                "event",
            ),
            T(
                "Quận yêu cầu cán bộ, công chức công khai, minh bạch quy trình, không để người dân phải đi "
                "lại nhiều lần."
            ),
            T(
                "Quận đặt mục tiêu rút ngắn thời gian giải quyết hồ sơ; trường hợp trễ hẹn phải có văn bản "
                "xin lỗi người dân và hẹn lại thời gian trả kết quả.",
                "program",
            ),
            T(
                "Việc tiếp nhận và trả kết quả được theo dõi trên hệ thống thông tin giải quyết thủ tục hành "
                "chính, người dân có thể tra cứu công khai.",
                "program",
            ),
        ),
        numbers=(
            T(
                "Từ đầu năm, bộ phận một cửa của quận và các phường đã tiếp nhận hơn {n_files} hồ sơ, tỷ lệ "
                "giải quyết đúng hạn đạt {pct}%."
            ),
            T(
                "Toàn quận hiện có 236 cán bộ, công chức cấp phường, trong đó hơn {pct_high}% có trình độ "
                "đại học trở lên."
            ),
        ),
        next_steps=(
            T(
                "UBND quận giao Văn phòng HĐND và UBND quận theo dõi, tổng hợp kết quả và báo cáo định kỳ "
                "hằng tháng."
            ),
        ),
    ),
    "kinh-te": SentencePool(
        detail=(
            T(
                "Theo Phòng Kinh tế quận, thương mại, dịch vụ hiện đóng góp phần lớn giá trị sản xuất trên "
                "địa bàn, với khoảng 11.400 hộ kinh doanh cá thể."
            ),
            T(
                "Quận tạo điều kiện để doanh nghiệp, hộ kinh doanh tiếp cận vốn vay ưu đãi, mặt bằng và các "
                "chương trình xúc tiến thương mại."
            ),
            T(
                "Đại diện nhiều doanh nghiệp cho biết thủ tục được rút ngắn, các kiến nghị được phản hồi "
                "nhanh hơn so với trước."
            ),
        ),
        numbers=(
            T(
                "Từ đầu năm, trên địa bàn quận có thêm {n_firms} doanh nghiệp thành lập mới, "
                "với tổng vốn đăng ký khoảng {money}."
            ),
            T(
                "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng trên địa bàn ước tăng {pct_small}% "
                "so với cùng kỳ năm trước."
            ),
        ),
        next_steps=(
            T(
                "Phòng Kinh tế quận sẽ tiếp tục tổng hợp kiến nghị của doanh nghiệp, hộ kinh doanh để đề "
                "xuất giải pháp tháo gỡ."
            ),
        ),
    ),
    "van-hoa-xa-hoi": SentencePool(
        detail=(
            T(
                "Các hoạt động được tổ chức theo hướng gần gũi, phù hợp với nhiều lứa tuổi, khuyến khích "
                "người dân cùng tham gia chứ không chỉ đứng xem.",
                "event program",
            ),
            T(
                "Ủy ban Mặt trận Tổ quốc Việt Nam quận và các đoàn thể vận động hội viên, đoàn viên tích cực "
                "tham gia, lan tỏa đến từng khu phố."
            ),
            T(
                "Quận chú trọng giữ gìn nét đẹp văn hóa truyền thống, đồng thời xây dựng nếp sống văn minh "
                "trong khu dân cư."
            ),
        ),
        numbers=(
            T(
                "Hiện toàn quận có {pct_high}% hộ gia đình đạt danh hiệu “Gia đình văn hóa”, 72 khu phố được "
                "công nhận “Khu phố văn hóa”."
            ),
            T("Năm nay, quận phấn đấu giảm thêm {n_poor} hộ nghèo, hộ cận nghèo theo chuẩn của thành phố."),
        ),
        next_steps=(
            T(
                "Trung tâm Văn hóa - Thể thao quận cho biết sẽ duy trì hoạt động định kỳ và bổ sung nội dung "
                "mới theo góp ý của người dân.",
                "event program",
            ),
        ),
    ),
    "giao-duc": SentencePool(
        detail=(
            T(
                "Phòng Giáo dục và Đào tạo quận yêu cầu các trường chủ động phối hợp với cha mẹ học sinh, "
                "thông tin đầy đủ để phụ huynh yên tâm."
            ),
            T(
                "Nhiều trường đã sắp xếp lại thời khóa biểu, phân công giáo viên phụ trách và chuẩn bị cơ sở "
                "vật chất từ sớm.",
                "program",
            ),
            T(
                "Ngành giáo dục quận tiếp tục đổi mới phương pháp dạy học, tăng cường hoạt động trải nghiệm "
                "và ứng dụng công nghệ thông tin."
            ),
        ),
        numbers=(
            T(
                "Toàn quận hiện có 58 trường từ mầm non đến trung học cơ sở với hơn 52.000 học sinh; 41 "
                "trường đạt chuẩn quốc gia."
            ),
            T(
                "Năm học vừa qua, tỷ lệ học sinh hoàn thành chương trình tiểu học và tốt nghiệp trung học cơ "
                "sở của quận đều đạt trên {pct_high}%."
            ),
        ),
        next_steps=(
            T(
                "Phụ huynh cần thêm thông tin có thể liên hệ trực tiếp nhà trường hoặc Phòng Giáo dục và "
                "Đào tạo quận trong giờ hành chính."
            ),
        ),
    ),
    "y-te": SentencePool(
        detail=(
            T(
                "Trung tâm Y tế quận khuyến cáo người dân chủ động theo dõi sức khỏe; khi có dấu hiệu bất "
                "thường cần đến cơ sở y tế gần nhất để được khám và tư vấn."
            ),
            T(
                "Các trạm y tế phường bố trí nhân lực trực, chuẩn bị đủ thuốc, vật tư và phương án xử trí "
                "các tình huống.",
                "event program",
            ),
            T(
                "Cán bộ y tế phối hợp với khu phố đến từng hộ gia đình, hướng dẫn những biện pháp phòng "
                "bệnh đơn giản, dễ thực hiện.",
                "program",
            ),
        ),
        numbers=(
            T(
                "Từ đầu năm, các cơ sở y tế công lập trên địa bàn đã khám, điều trị cho hơn {n_visits} lượt "
                "người, tăng {pct_small}% so với cùng kỳ."
            ),
            T("Tỷ lệ người dân tham gia bảo hiểm y tế trên địa bàn quận hiện đạt {pct_high}%."),
        ),
        next_steps=(
            T(
                "Trung tâm Y tế quận sẽ tiếp tục giám sát, đánh giá và thông báo kịp thời những nội dung "
                "người dân cần lưu ý."
            ),
        ),
    ),
    "the-thao": SentencePool(
        detail=(
            T(
                "Ban tổ chức bố trí trọng tài, nhân viên y tế và lực lượng hỗ trợ để bảo đảm an toàn cho "
                "vận động viên và khán giả.",
                "event",
            ),
            T(
                "Các hoạt động được tổ chức vào sáng sớm và chiều muộn để tránh thời điểm nắng nóng trong "
                "ngày.",
                "event program",
            ),
            T(
                "Phong trào thể dục thể thao quần chúng trên địa bàn phát triển mạnh, nhiều câu lạc bộ tự "
                "quản duy trì sinh hoạt đều đặn."
            ),
        ),
        numbers=(
            T(
                "Hiện khoảng {pct_sport}% dân số của quận tập luyện thể dục thể thao thường xuyên; toàn quận "
                "có hơn 120 câu lạc bộ ở nhiều môn."
            ),
            T(
                "Kinh phí tổ chức chủ yếu từ nguồn xã hội hóa, với sự đồng hành của {n_small} doanh nghiệp "
                "trên địa bàn.",
                "event",
            ),
        ),
        next_steps=(
            T(
                "Trung tâm Văn hóa - Thể thao quận sẽ tiếp tục tổ chức các giải phong trào, tạo sân chơi "
                "lành mạnh cho mọi lứa tuổi."
            ),
        ),
    ),
}


@dataclass(frozen=True)
class DemoContent:
    """Everything `services.load_demo` builds, so tests can swap in a smaller set."""

    sections: tuple[SectionSpec, ...] = SECTIONS
    agencies: tuple[AgencySpec, ...] = AGENCIES
    authors: tuple[AuthorSpec, ...] = AUTHORS
    images: tuple[ImageSpec, ...] = IMAGES
    articles: tuple[ArticleSpec, ...] = ARTICLES
    pools: dict[str, SentencePool] = field(default_factory=lambda: dict(SECTION_POOLS))
