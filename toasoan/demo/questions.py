"""The demo's "Hỏi đáp": invented citizens' everyday questions and the district's invented answers.

Written for the demo; the people, e-mail addresses and phone numbers are made up (example.vn, a
reserved-looking range). Idempotent like the rest of the demo: the page is found by its slug,
topics by name, questions by title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from wagtail.models import Page

from toasoan.organisation.models import UnitPage
from toasoan.questions.models import Question, QuestionIndexPage, QuestionStatus, QuestionTopic
from toasoan.questions.services import deadlines

from .pages import POLICY_SLUG

SLUG = "hoi-dap"
TITLE = "Hỏi đáp"
INTRO = (
    "Người dân, doanh nghiệp gửi câu hỏi về thủ tục hành chính và chính sách của huyện Hòa Phong; "
    "câu trả lời của cơ quan chuyên môn được công bố tại đây."
)
TOPICS = ("Hộ tịch", "Đất đai", "Giáo dục", "Y tế")


@dataclass(frozen=True)
class QuestionSpec:
    topic: str
    name: str
    title: str
    content: str
    answer: str = ""
    answerer: str = ""
    answerer_title: str = ""
    days_ago: int = 10
    faq: bool = False
    full_name: bool = False


QUESTIONS: tuple[QuestionSpec, ...] = (
    QuestionSpec("Hộ tịch", "Nguyễn Thị Mai", "Đăng ký khai sinh cho con sinh ở tỉnh khác",
                 "Con tôi sinh tại bệnh viện tỉnh bên cạnh. Tôi có được đăng ký khai sinh cho cháu ở xã "
                 "nơi gia đình thường trú không, và cần mang theo giấy tờ gì?",
                 "Chị được đăng ký khai sinh tại UBND xã nơi cha hoặc mẹ cư trú. Chị mang theo giấy "
                 "chứng sinh do bệnh viện cấp và giấy tờ tùy thân; nếu cha mẹ đã đăng ký kết hôn thì "
                 "xuất trình thêm giấy chứng nhận kết hôn. Thời hạn giải quyết trong ngày làm việc.",
                 "Lê Văn Toàn", "Công chức tư pháp – hộ tịch xã Tân An", 40, faq=True),
    QuestionSpec("Hộ tịch", "Trần Quốc Bảo", "Xin cấp bản sao trích lục kết hôn",
                 "Giấy chứng nhận kết hôn của vợ chồng tôi bị hỏng do ngập nước. Tôi xin cấp bản sao ở đâu?",
                 "Anh nộp tờ khai đề nghị cấp bản sao trích lục hộ tịch tại UBND xã nơi đã đăng ký kết hôn, "
                 "hoặc nộp trực tuyến trên Cổng dịch vụ công. Bản sao được trả ngay trong ngày.",
                 "Lê Văn Toàn", "Công chức tư pháp – hộ tịch xã Tân An", 35),
    QuestionSpec("Hộ tịch", "Phạm Hoài Nam", "Thay đổi họ cho con sau khi ly hôn",
                 "Tôi đã ly hôn và nuôi con. Tôi có thể đổi họ của con theo họ mẹ không?",
                 "Việc thay đổi họ cho con dưới 18 tuổi cần sự đồng ý của cả cha và mẹ; con từ đủ 9 tuổi "
                 "trở lên thì cần cả sự đồng ý của con. Chị nộp tờ khai và văn bản đồng ý tại UBND huyện "
                 "(Phòng Tư pháp) để được hướng dẫn cụ thể.",
                 "Đỗ Thị Hạnh", "Trưởng phòng Tư pháp", 30, full_name=True),
    QuestionSpec("Đất đai", "Võ Minh Khang", "Thời gian cấp giấy chứng nhận lần đầu",
                 "Gia đình tôi nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất lần đầu đã hơn một tháng. "
                 "Thời gian giải quyết theo quy định là bao lâu?",
                 "Thời gian cấp giấy chứng nhận lần đầu không quá 20 ngày làm việc kể từ ngày nhận đủ hồ "
                 "sơ hợp lệ, không kể thời gian niêm yết công khai và thời gian người dân thực hiện nghĩa "
                 "vụ tài chính. Ông có thể tra cứu tình trạng hồ sơ bằng mã số trên giấy biên nhận.",
                 "Nguyễn Văn Hải", "Phó Trưởng phòng Tài nguyên và Môi trường", 28, faq=True),
    QuestionSpec("Đất đai", "Hoàng Thị Yến", "Tách thửa đất ở nông thôn",
                 "Tôi muốn tách thửa đất 300 m² để cho con trai. "
                 "Diện tích tối thiểu sau khi tách ở xã là bao nhiêu?",
                 "Theo quy định hiện hành của tỉnh, thửa đất ở tại nông thôn sau khi tách phải có diện tích "
                 "tối thiểu 60 m² và cạnh mặt tiền từ 4 m trở lên. Bà liên hệ Chi nhánh Văn phòng đăng ký "
                 "đất đai để được đo đạc và hướng dẫn hồ sơ.",
                 "Nguyễn Văn Hải", "Phó Trưởng phòng Tài nguyên và Môi trường", 25),
    QuestionSpec("Đất đai", "Đặng Văn Lực", "Đính chính tên trên sổ đỏ bị sai dấu",
                 "Sổ đỏ của tôi ghi tên “Đặng Văn Lưc” thay vì “Đặng Văn Lực”. Tôi cần làm gì để sửa?",
                 "Ông nộp đơn đề nghị đính chính kèm bản gốc giấy chứng nhận và căn cước tại bộ phận một "
                 "cửa của huyện. Việc đính chính không mất phí và giải quyết trong 10 ngày làm việc.",
                 "Trần Thị Lan", "Chuyên viên Phòng Tài nguyên và Môi trường", 20),
    QuestionSpec("Giáo dục", "Bùi Thanh Tâm", "Tuyển sinh lớp 1 trái tuyến",
                 "Gia đình tôi mới chuyển đến thị trấn nhưng chưa đăng ký thường trú. Con tôi có được "
                 "vào lớp 1 ở trường gần nhà không?",
                 "Trẻ đang tạm trú trên địa bàn được tuyển sinh như trẻ thường trú khi có xác nhận cư trú. "
                 "Anh nộp hồ sơ trực tuyến trong thời gian tuyển sinh và mang xác nhận cư trú khi nhập học.",
                 "Phạm Đức Thắng", "Trưởng phòng Giáo dục và Đào tạo", 18, faq=True),
    QuestionSpec("Giáo dục", "Lý Thị Ngọc", "Miễn học phí cho con hộ cận nghèo",
                 "Nhà tôi thuộc hộ cận nghèo. Con tôi học lớp 7 có được miễn học phí không?",
                 "Học sinh trung học cơ sở thuộc hộ cận nghèo được giảm 50% học phí; chị nộp đơn kèm giấy "
                 "xác nhận hộ cận nghèo cho nhà trường trong 45 ngày đầu năm học.",
                 "Phạm Đức Thắng", "Trưởng phòng Giáo dục và Đào tạo", 15),
    QuestionSpec("Giáo dục", "Ngô Văn Sơn", "Cấp lại bằng tốt nghiệp trung học cơ sở",
                 "Tôi làm mất bằng tốt nghiệp THCS năm 2005. Tôi xin cấp bản sao ở đâu?",
                 "Ông đề nghị cấp bản sao từ sổ gốc tại Phòng Giáo dục và Đào tạo huyện, mang theo căn cước. "
                 "Bản sao được cấp trong ngày nếu sổ gốc còn lưu.",
                 "Võ Thị Hồng", "Chuyên viên Phòng Giáo dục và Đào tạo", 12),
    QuestionSpec("Y tế", "Trịnh Thu Trang", "Tiêm chủng mở rộng cho trẻ dưới một tuổi",
                 "Trạm y tế xã có tiêm vắc xin miễn phí cho trẻ dưới một tuổi vào ngày nào trong tháng?",
                 "Trạm Y tế xã Tân An tổ chức tiêm chủng mở rộng vào ngày 15 và 16 hằng tháng. Chị mang "
                 "theo sổ tiêm chủng của cháu; lịch thay đổi sẽ được thông báo trên loa truyền thanh xã.",
                 "Mai Văn Đức", "Trạm trưởng Trạm Y tế xã Tân An", 10, faq=True),
    QuestionSpec("Y tế", "Hồ Văn Phúc", "Đổi nơi đăng ký khám chữa bệnh ban đầu",
                 "Tôi muốn chuyển nơi khám bảo hiểm y tế ban đầu từ trạm y tế xã lên trung tâm y tế huyện. "
                 "Khi nào được đổi?",
                 "Người tham gia bảo hiểm y tế được đổi nơi đăng ký khám chữa bệnh ban đầu vào đầu mỗi quý. "
                 "Ông liên hệ Bảo hiểm xã hội huyện hoặc thực hiện trên ứng dụng VssID.",
                 "Mai Văn Đức", "Trạm trưởng Trạm Y tế xã Tân An", 7),
    # Still waiting for an answer, both before their target date: an overdue question is a
    # failed line of the compliance report, and the demo's report passes.
    QuestionSpec("Đất đai", "Cao Thị Thủy", "Bồi thường khi mở rộng đường liên xã",
                 "Đường liên xã sắp mở rộng qua vườn nhà tôi. Mức bồi thường cây trồng được tính thế nào?",
                 days_ago=6),
    QuestionSpec("Y tế", "Lâm Quang Vinh", "Khám sức khỏe để xin việc ở trạm y tế xã",
                 "Trạm y tế xã có khám sức khỏe cấp giấy để nộp hồ sơ xin việc không?", days_ago=2),
)  # fmt: skip


#: Which demo unit answers which topic (toasoan/demo/organisation.py); the office takes the rest.
ANSWERING_UNITS = {"Hộ tịch": "Phòng Tư pháp", "": "Văn phòng HĐND và UBND"}


def _publish(parent: Page, page: Page, user: AbstractBaseUser | None) -> Page:
    page.owner = user
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    page.refresh_from_db()
    return page


def _email(name: str) -> str:
    from toasoan import vntext

    return vntext.slugify(name).replace("-", ".") + "@example.vn"


def ensure_questions(home: Page, user: AbstractBaseUser | None, now: datetime | None = None) -> int:
    """The "Hỏi đáp" page under the home page (in the menu), its topics and questions; returns how
    many questions were made."""
    index = QuestionIndexPage.objects.child_of(home).filter(slug=SLUG).first()
    if index is None:
        policy = Page.objects.child_of(home).filter(slug=POLICY_SLUG).first()
        page = QuestionIndexPage(title=TITLE, slug=SLUG, intro=INTRO, show_in_menus=True, privacy_page=policy)
        page.topics = [QuestionTopic(name=name) for name in TOPICS]
        index = _publish(home, page, user)
    topics = {topic.name: topic for topic in index.topics.all()}
    units = {
        unit.title: unit
        for unit in UnitPage.objects.descendant_of(home).filter(title__in=ANSWERING_UNITS.values())
    }
    known = set(index.questions.values_list("title", flat=True))
    base = now or timezone.now()
    created = 0
    for spec in QUESTIONS:
        if spec.title in known:
            continue
        asked = base - timedelta(days=spec.days_ago, hours=3)
        question = Question(
            index=index,
            topic=topics.get(spec.topic),
            name=spec.name,
            show_full_name=spec.full_name,
            email=_email(spec.name),
            title=spec.title,
            content=spec.content,
            consent_at=asked,
            consent_notice="demo",
            created_at=asked,
            due_on=deadlines.due_on(asked),
            status=QuestionStatus.NEW,
        )
        if spec.answer:
            answered = asked + timedelta(days=min(spec.days_ago - 1, 6), hours=2)
            question.status = QuestionStatus.ANSWERED
            question.answer = spec.answer
            question.answerer_name = spec.answerer
            question.answerer_title = spec.answerer_title
            question.answered_at = answered
            question.is_published = True
            question.published_at = answered
            question.notified_at = answered
            question.is_faq = spec.faq
            question.unit = units.get(ANSWERING_UNITS.get(spec.topic, ANSWERING_UNITS[""]))
            question.assigned_at = asked
        question.refresh_search_key()
        question.save()
        created += 1
    return created
