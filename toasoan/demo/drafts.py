"""The demo's drafts for public comment (dự thảo lấy ý kiến), in the document registry.

One draft open for comment around the demo's "now" (with approved comments, one answered, and
one waiting for a moderator) and one whose window has closed, with the agency's feedback report.
Texts, agencies and people are invented for the demo. Idempotent: drafts are found by slug; the
open draft's window is moved (a new revision) when a later run finds it closed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from toasoan.comments.models import Comment, CommentStatus
from toasoan.legal.models import (
    DraftAttachment,
    DraftFeedbackFile,
    Issuer,
    LegalDraftPage,
    LegalIndexPage,
    Topic,
)
from toasoan.legal.samples import minimal_pdf
from toasoan.vntext.dates import VIETNAM_TZ

from .legal import ISSUERS, REGISTRY_SLUG

OPEN_SLUG = "du-thao-quy-dinh-quan-ly-cho-dan-sinh"
CLOSED_SLUG = "du-thao-ke-hoach-chinh-trang-via-he"

OPEN_TITLE = "Dự thảo Quy định quản lý, khai thác chợ dân sinh trên địa bàn huyện Hòa Phong"
OPEN_INTRO = (
    "<p>Dự thảo quy định giờ họp chợ, việc bố trí điểm bán hàng cho hộ kinh doanh nhỏ, "
    "trách nhiệm giữ vệ sinh và phòng cháy ở 12 chợ dân sinh của huyện.</p>"
    "<p>UBND huyện mong nhận ý kiến của người dân, tiểu thương và Ban quản lý các chợ, nhất là "
    "về giờ họp chợ sớm và mức thu phí vệ sinh.</p>"
)
CLOSED_TITLE = "Dự thảo Kế hoạch chỉnh trang vỉa hè, lòng đường thị trấn Hòa Phong năm 2026"
CLOSED_INTRO = (
    "<p>Dự thảo kế hoạch sắp xếp lại vỉa hè các tuyến phố chính của thị trấn, dành lối đi cho "
    "người đi bộ và điểm trông giữ xe.</p>"
)
FEEDBACK = (
    "<p>Trong thời gian lấy ý kiến, Phòng Tài nguyên và Môi trường nhận được 27 ý kiến góp ý "
    "trên Cổng thông tin và 9 văn bản của các tổ dân phố.</p>"
    "<ul><li>Tiếp thu: giữ lại 1,5 m vỉa hè cho người đi bộ trên mọi tuyến.</li>"
    "<li>Giải trình: chưa bố trí thêm bãi đỗ ô tô vì chưa có quỹ đất; sẽ xem xét trong năm 2027.</li></ul>"
)

#: (name, title, content, reply, approved)
OPEN_COMMENTS = (
    (
        "Trần Văn Bình",
        "Giờ họp chợ sớm",
        "Đề nghị cho chợ sáng họp từ 5 giờ thay vì 6 giờ, vì bà con mang rau từ xa đến.",
        "Ban soạn thảo ghi nhận và sẽ cân nhắc khi hoàn thiện Điều 6.",
        True,
    ),
    (
        "Lê Thị Mai",
        "Phí vệ sinh",
        "Mức thu phí vệ sinh nên khác nhau giữa hộ có quầy cố định và người bán rong.",
        "",
        True,
    ),
    (
        "Phạm Quốc Huy",
        "Phòng cháy ở chợ",
        "Cần quy định rõ ai kiểm tra bình chữa cháy hằng tháng ở từng dãy hàng.",
        "",
        True,
    ),
    (
        "Đỗ Thị Thanh",
        "Điểm bán cho người cao tuổi",
        "Mong dành vài điểm bán gần cổng chợ cho người cao tuổi bán hàng nhà làm.",
        "",
        False,
    ),
)


def _pdf(title: str, lines: list[str], user):
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = document_model(
        title=title, file=ContentFile(minimal_pdf(lines), name="du-thao.pdf"), uploaded_by_user=user
    )
    document.save()
    return document


def _publish(parent: Page, page: Page, user) -> LegalDraftPage:
    page.owner = user
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    return LegalDraftPage.objects.get(pk=page.pk)


def _open_window(today: date) -> tuple[date, date]:
    return today - timedelta(days=10), today + timedelta(days=20)


def _ensure_open(index, agency, topic, user, today: date) -> LegalDraftPage:
    start, end = _open_window(today)
    draft = LegalDraftPage.objects.child_of(index).filter(slug=OPEN_SLUG).first()
    if draft is None:
        draft = LegalDraftPage(
            title=OPEN_TITLE,
            slug=OPEN_SLUG,
            drafting_agency=agency,
            topic=topic,
            intro=OPEN_INTRO,
            comment_from=start,
            comment_until=end,
        )
        file = _pdf("Dự thảo Quy định quản lý chợ dân sinh", ["Du thao quy dinh quan ly cho dan sinh"], user)
        draft.attachments = [DraftAttachment(document=file, label="Dự thảo Quy định")]
        draft = _publish(index, draft, user)
    elif not (draft.comment_from <= today <= draft.comment_until):
        # A later run of the demo: the draft is open "today" again.
        draft.comment_from, draft.comment_until = start, end
        draft.save_revision(user=user, log_action=True).publish(user=user)
    return draft


def _ensure_comments(draft: LegalDraftPage, now: datetime) -> None:
    if Comment.objects.filter(page=draft).exists():
        return
    opened = datetime.combine(draft.comment_from, datetime.min.time(), tzinfo=VIETNAM_TZ)
    for n, (name, title, content, reply, approved) in enumerate(OPEN_COMMENTS):
        created = min(opened + timedelta(days=n + 1, hours=9), now - timedelta(hours=4 - n))
        comment = Comment(
            page=draft,
            name=name,
            title=title,
            content=content,
            created_at=created,
            status=CommentStatus.APPROVED if approved else CommentStatus.PENDING,
            decided_at=created + timedelta(hours=2) if approved else None,
            reply_text=reply,
            replied_at=created + timedelta(hours=3) if reply else None,
        )
        comment.refresh_search_key()
        comment.save()


def _ensure_closed(index, agency, topic, user, today: date) -> LegalDraftPage:
    draft = LegalDraftPage.objects.child_of(index).filter(slug=CLOSED_SLUG).first()
    if draft is not None:
        return draft
    draft = LegalDraftPage(
        title=CLOSED_TITLE,
        slug=CLOSED_SLUG,
        drafting_agency=agency,
        topic=topic,
        intro=CLOSED_INTRO,
        comment_from=today - timedelta(days=90),
        comment_until=today - timedelta(days=60),
        feedback_summary=FEEDBACK,
    )
    draft.attachments = [
        DraftAttachment(
            document=_pdf(
                "Dự thảo Kế hoạch chỉnh trang vỉa hè", ["Du thao ke hoach chinh trang via he"], user
            ),
            label="Dự thảo Kế hoạch",
        )
    ]
    draft.feedback_files = [
        DraftFeedbackFile(
            document=_pdf(
                "Báo cáo tiếp thu ý kiến về vỉa hè", ["Bao cao tong hop, tiep thu, giai trinh"], user
            ),
            label="Báo cáo tổng hợp, tiếp thu, giải trình",
        )
    ]
    return _publish(index, draft, user)


def ensure_drafts(home: Page, user: AbstractBaseUser | None, now: datetime | None = None) -> None:
    """The registry's two demo drafts (the registry is made first by `legal.ensure_registry`)."""
    index = LegalIndexPage.objects.child_of(home).filter(slug=REGISTRY_SLUG).first()
    if index is None:
        return
    now = now or timezone.now()
    today = timezone.localdate(now)
    name, code = ISSUERS["ubnd"]
    agency, _ = Issuer.objects.get_or_create(name=name, defaults={"code": code})
    tnmt_name, tnmt_code = ISSUERS["tnmt"]
    tnmt, _ = Issuer.objects.get_or_create(name=tnmt_name, defaults={"code": tnmt_code})
    economy, _ = Topic.objects.get_or_create(name="Tài chính – ngân sách")
    land, _ = Topic.objects.get_or_create(name="Đất đai")
    open_draft = _ensure_open(index, agency, economy, user, today)
    _ensure_comments(open_draft, now)
    _ensure_closed(index, tnmt, land, user, today)
