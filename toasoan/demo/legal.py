"""The demo's document registry (Văn bản): invented agencies, realistic numbers, short summaries.

The summaries are written for the demo, not copied from any legal text. Idempotent like the rest
of the demo: the registry is found by its slug, issuers and fields by name, documents by number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page

from toasoan import vntext
from toasoan.legal.models import (
    DocumentRelation,
    Issuer,
    LegalAttachment,
    LegalDocumentPage,
    LegalIndexPage,
    RelationKind,
    Topic,
)
from toasoan.legal.samples import minimal_pdf

REGISTRY_SLUG = "van-ban"
REGISTRY_TITLE = "Văn bản"
REGISTRY_INTRO = (
    "Văn bản quy phạm pháp luật, văn bản chỉ đạo, điều hành của HĐND, UBND huyện Hòa Phong "
    "và các cơ quan, đơn vị trên địa bàn."
)

ISSUERS = {
    "ubnd": ("UBND huyện Hòa Phong", "UBND"),
    "hdnd": ("HĐND huyện Hòa Phong", "HĐND"),
    "vp": ("Văn phòng HĐND và UBND huyện Hòa Phong", "VP"),
    "tnmt": ("Phòng Tài nguyên và Môi trường huyện Hòa Phong", "TNMT"),
    "gddt": ("Phòng Giáo dục và Đào tạo huyện Hòa Phong", "GDĐT"),
    "xa": ("UBND xã Tân An", "UBND"),
}
TOPICS = ("Đất đai", "Giáo dục", "Y tế", "Tài chính – ngân sách", "Nội vụ", "Nông nghiệp", "Chuyển đổi số")
SIGNERS = ("Nguyễn Văn Hải", "Trần Thị Lan", "Lê Quang Minh", "Phạm Đức Thắng", "Võ Thị Hồng")


@dataclass(frozen=True)
class DocumentSpec:
    number: str
    kind: str
    issuer: str
    issued: date
    topic: str
    summary: str
    effective: date | None = None
    expiry: date | None = None
    signer: int = 0
    pdf: bool = False


DOCUMENTS: tuple[DocumentSpec, ...] = (
    DocumentSpec("01/2021/QĐ-UBND", "quyet-dinh", "ubnd", date(2021, 3, 2), "Nội vụ",
                 "Ban hành Quy chế làm việc của UBND huyện Hòa Phong nhiệm kỳ 2021–2026",
                 effective=date(2021, 3, 15)),
    DocumentSpec("05/2024/QĐ-UBND", "quyet-dinh", "ubnd", date(2024, 4, 10), "Nội vụ",
                 "Ban hành Quy chế làm việc mới của UBND huyện Hòa Phong, thay thế quy chế năm 2021",
                 effective=date(2024, 4, 25), pdf=True),
    DocumentSpec("12/2022/QĐ-UBND", "quyet-dinh", "ubnd", date(2022, 6, 8), "Đất đai",
                 "Quy định hạn mức giao đất ở tại nông thôn trên địa bàn huyện", effective=date(2022, 6, 20)),
    DocumentSpec("03/2024/QĐ-UBND", "quyet-dinh", "ubnd", date(2024, 2, 20), "Đất đai",
                 "Sửa đổi, bổ sung một số điều của quy định hạn mức giao đất ở tại nông thôn",
                 effective=date(2024, 3, 5), signer=1),
    DocumentSpec("45/NQ-HĐND", "nghi-quyet", "hdnd", date(2024, 12, 18), "Tài chính – ngân sách",
                 "Dự toán thu, chi ngân sách địa phương và phân bổ ngân sách huyện năm 2025", signer=2),
    DocumentSpec("46/NQ-HĐND", "nghi-quyet", "hdnd", date(2024, 12, 18), "Nông nghiệp",
                 "Kế hoạch đầu tư công trung hạn cho hạ tầng thủy lợi nội đồng", signer=2),
    DocumentSpec("172/KH-UBND", "ke-hoach", "ubnd", date(2025, 3, 5), "Nông nghiệp",
                 "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025", pdf=True),
    DocumentSpec("185/KH-UBND", "ke-hoach", "ubnd", date(2025, 3, 18), "Chuyển đổi số",
                 "Triển khai cổng dịch vụ công trực tuyến đến các xã, thị trấn", signer=3),
    DocumentSpec("201/KH-UBND", "ke-hoach", "ubnd", date(2025, 4, 2), "Y tế",
                 "Tiêm chủng mở rộng và chăm sóc sức khỏe ban đầu cho trẻ em dưới 5 tuổi"),
    DocumentSpec("08/CT-UBND", "chi-thi", "ubnd", date(2025, 1, 6), "Nội vụ",
                 "Tăng cường kỷ luật, kỷ cương hành chính trong dịp Tết Nguyên đán"),
    DocumentSpec("02/CT-UBND", "chi-thi", "ubnd", date(2024, 5, 14), "Nông nghiệp",
                 "Chủ động phòng, chống hạn hán, xâm nhập mặn vụ hè thu"),
    DocumentSpec("56/TB-UBND", "thong-bao", "ubnd", date(2025, 4, 15), "Đất đai",
                 "Kết luận của Chủ tịch UBND huyện tại buổi làm việc về giải phóng mặt bằng đường liên xã",
                 signer=1),
    DocumentSpec("61/TB-UBND", "thong-bao", "ubnd", date(2025, 5, 6), "Giáo dục",
                 "Lịch tiếp công dân của lãnh đạo UBND huyện tháng 5"),
    DocumentSpec("123/UBND-VP", "cong-van", "ubnd", date(2025, 2, 12), "Nội vụ",
                 "Đôn đốc triển khai ứng dụng chữ ký số trong xử lý văn bản"),
    DocumentSpec("140/UBND-TNMT", "cong-van", "ubnd", date(2025, 2, 26), "Đất đai",
                 "Rà soát hồ sơ cấp giấy chứng nhận quyền sử dụng đất tồn đọng"),
    DocumentSpec("152/UBND-GDĐT", "cong-van", "ubnd", date(2025, 3, 10), "Giáo dục",
                 "Chuẩn bị cơ sở vật chất cho kỳ thi tốt nghiệp trung học phổ thông"),
    DocumentSpec("10/BC-UBND", "bao-cao", "ubnd", date(2025, 1, 20), "Tài chính – ngân sách",
                 "Tình hình thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2024"),
    DocumentSpec("27/BC-UBND", "bao-cao", "ubnd", date(2025, 4, 28), "Chuyển đổi số",
                 "Kết quả chuyển đổi số quý I năm 2025", signer=3),
    DocumentSpec("15/TTr-UBND", "to-trinh", "ubnd", date(2024, 11, 25), "Tài chính – ngân sách",
                 "Đề nghị thông qua dự toán ngân sách huyện năm 2025"),
    DocumentSpec("08/HD-UBND", "huong-dan", "ubnd", date(2024, 7, 1), "Đất đai",
                 "Trình tự giao đất ở tại nông thôn theo hạn mức mới", signer=1),
    DocumentSpec("04/HD-GDĐT", "huong-dan", "gddt", date(2024, 8, 15), "Giáo dục",
                 "Tuyển sinh vào lớp 6 năm học 2024–2025", signer=4),
    DocumentSpec("09/HD-GDĐT", "huong-dan", "gddt", date(2025, 4, 20), "Giáo dục",
                 "Tuyển sinh vào lớp 6 năm học 2025–2026", signer=4),
    DocumentSpec("33/QĐ-TNMT", "quyet-dinh", "tnmt", date(2025, 3, 3), "Đất đai",
                 "Phê duyệt phương án thu gom rác thải sinh hoạt tại các xã ven sông"),
    DocumentSpec("1234/QĐ-UBND", "quyet-dinh", "ubnd", date(2025, 5, 2), "Đất đai",
                 "Thu hồi đất thực hiện dự án nâng cấp đường liên xã Tân An – Hòa Bình"),
    DocumentSpec("980/QĐ-UBND", "quyet-dinh", "ubnd", date(2024, 9, 12), "Y tế",
                 "Thành lập Ban chỉ đạo phòng, chống dịch bệnh truyền nhiễm huyện"),
    DocumentSpec("21/KH-UBND", "ke-hoach", "xa", date(2025, 3, 22), "Nông nghiệp",
                 "Ra quân làm thủy lợi nội đồng, nạo vét kênh mương xã Tân An"),
    DocumentSpec("07/TB-UBND", "thong-bao", "xa", date(2025, 4, 9), "Đất đai",
                 "Niêm yết công khai danh sách hộ được giao đất ở năm 2025"),
    DocumentSpec("05/BC-UBND", "bao-cao", "xa", date(2025, 1, 8), "Nội vụ",
                 "Tổng kết công tác cải cách hành chính năm 2024 của xã Tân An"),
    DocumentSpec("18/KH-VP", "ke-hoach", "vp", date(2025, 2, 3), "Chuyển đổi số",
                 "Số hóa hồ sơ lưu trữ của Văn phòng giai đoạn 2025–2026"),
    DocumentSpec("02/2025/QĐ-UBND", "quyet-dinh", "ubnd", date(2025, 5, 20), "Tài chính – ngân sách",
                 "Quy định mức hỗ trợ học phí cho học sinh hộ nghèo, có hiệu lực từ năm học mới",
                 effective=date(2099, 9, 1)),
    DocumentSpec("01/2023/QĐ-UBND", "quyet-dinh", "ubnd", date(2023, 1, 5), "Y tế",
                 "Quy định tạm thời về tổ chức chợ phiên trong mùa dịch", expiry=date(2023, 12, 31)),
    DocumentSpec("37/NQ-HĐND", "nghi-quyet", "hdnd", date(2024, 7, 10), "Giáo dục",
                 "Chủ trương đầu tư xây dựng trường Tiểu học Tân An", signer=2),
)  # fmt: skip

#: (source number, kind, target number): one replaced, one amended, one guided.
RELATIONS: tuple[tuple[str, str, str], ...] = (
    ("05/2024/QĐ-UBND", RelationKind.REPLACES, "01/2021/QĐ-UBND"),
    ("03/2024/QĐ-UBND", RelationKind.AMENDS, "12/2022/QĐ-UBND"),
    ("08/HD-UBND", RelationKind.GUIDES, "03/2024/QĐ-UBND"),
    ("1234/QĐ-UBND", RelationKind.BASED_ON, "12/2022/QĐ-UBND"),
)

TYPE_WORDS = {
    "quyet-dinh": "Quyết định",
    "nghi-quyet": "Nghị quyết",
    "ke-hoach": "Kế hoạch",
    "chi-thi": "Chỉ thị",
    "thong-bao": "Thông báo",
    "cong-van": "Công văn",
    "bao-cao": "Báo cáo",
    "to-trinh": "Tờ trình",
    "huong-dan": "Hướng dẫn",
}


def _publish(parent: Page, page: Page, user: AbstractBaseUser | None) -> Page:
    page.owner = user
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    page.refresh_from_db()
    return page


def _pdf(spec: DocumentSpec, user: AbstractBaseUser | None):
    title = f"Toàn văn {spec.number}"
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    text = [f"{TYPE_WORDS.get(spec.kind, '')} số {spec.number}", spec.summary, "Bản mô phỏng của bản demo"]
    name = f"{vntext.slugify(spec.number)}.pdf"
    document = document_model(
        title=title, file=ContentFile(minimal_pdf(text), name=name), uploaded_by_user=user
    )
    document.save()
    return document


def ensure_registry(home: Page, user: AbstractBaseUser | None) -> int:
    """The registry under the home page (in the menu) and its documents; returns how many were made."""
    issuers = {}
    for key, (name, code) in ISSUERS.items():
        issuers[key], _ = Issuer.objects.get_or_create(name=name, defaults={"code": code})
    topics = {name: Topic.objects.get_or_create(name=name)[0] for name in TOPICS}
    index = LegalIndexPage.objects.child_of(home).filter(slug=REGISTRY_SLUG).first()
    if index is None:
        index = _publish(
            home,
            LegalIndexPage(
                title=REGISTRY_TITLE, slug=REGISTRY_SLUG, intro=REGISTRY_INTRO, show_in_menus=True
            ),
            user,
        )
    existing = {page.number: page for page in LegalDocumentPage.objects.child_of(index)}
    created = 0
    for spec in DOCUMENTS:
        if spec.number in existing:
            continue
        page = LegalDocumentPage(
            title=spec.summary,
            slug=vntext.slugify(f"{TYPE_WORDS.get(spec.kind, '')} {spec.number}"),
            number=spec.number,
            document_type=spec.kind,
            issuer=issuers[spec.issuer],
            signer=SIGNERS[spec.signer],
            issued_date=spec.issued,
            effective_date=spec.effective,
            expiry_date=spec.expiry,
            topic=topics[spec.topic],
        )
        if spec.pdf:
            page.attachments = [LegalAttachment(document=_pdf(spec, user), label="Toàn văn")]
        page.relations = [
            DocumentRelation(kind=kind, target=existing[target])
            for source, kind, target in RELATIONS
            if source == spec.number and target in existing
        ]
        existing[spec.number] = _publish(index, page, user)
        created += 1
    return created
