"""Drafts for public comment (dự thảo lấy ý kiến): their list, one draft's page, the feed's
items, and what keeps a cached copy from outliving a window (services.window).

Every list starts from `live()` and `public()` (no view restriction on the page or an ancestor),
so a draft not yet published or put behind a password is listed, fed and counted nowhere.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.db.models import CharField as CharFieldType
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.query import PageQuerySet

from toasoan.articles.services.listing import public
from toasoan.sections import registry

from ..models import DraftAttachment, DraftFeedbackFile, LegalDraftPage, LegalIndexPage
from . import files, listing, window
from .window import DraftState

STATE_PARAM = "tinh-trang"
PAGE_SIZE = 20
#: How many open drafts the registry's own page shows above its documents.
BOX_SIZE = 5
BADGES = {
    DraftState.UPCOMING: "not-yet",
    DraftState.OPEN: "in-force",
    DraftState.CLOSED: "expired",
    DraftState.REPORTED: "reported",
}


def _today() -> date:
    return timezone.localdate()


def has_feedback_expression() -> Q:
    files_exist = Exists(DraftFeedbackFile.objects.filter(page_id=OuterRef("pk")))
    return ~Q(feedback_summary="") | Q(files_exist)


def state_expression(day: date | None = None) -> Case:
    """The state at the start of `day` in SQL: the same rule as `window.state`, by whole days."""
    day = day or _today()
    return Case(
        When(comment_from__gt=day, then=Value(DraftState.UPCOMING.value)),
        When(comment_until__gte=day, then=Value(DraftState.OPEN.value)),
        When(has_feedback_expression(), then=Value(DraftState.REPORTED.value)),
        default=Value(DraftState.CLOSED.value),
        output_field=CharFieldType(),
    )


def _attachments(model) -> Prefetch:
    return Prefetch(
        "attachments" if model is DraftAttachment else "feedback_files",
        queryset=model.objects.select_related("document").defer("text").order_by("sort_order", "pk"),
    )


def drafts(index: LegalIndexPage | None = None, day: date | None = None) -> PageQuerySet:
    """Live, public drafts (of `index`): open ones first, then upcoming, then the closed, each
    newest first, with `state`, the agency, the field, the files and what lists carry (the
    comment count: toasoan.comments)."""
    queryset = public(LegalDraftPage.objects.live())
    if index is not None:
        queryset = queryset.child_of(index)
    rank = Case(
        When(state=DraftState.OPEN.value, then=Value(0)),
        When(state=DraftState.UPCOMING.value, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        queryset.annotate(state=state_expression(day), **registry.list_annotations())
        .annotate(rank=rank)
        .defer("intro", "feedback_summary")
        .select_related("drafting_agency", "topic")
        .prefetch_related(_attachments(DraftAttachment))
        .order_by("rank", "-comment_from", "-pk")
    )


def decorate(draft: LegalDraftPage) -> LegalDraftPage:
    state = DraftState(draft.state)
    draft.state_label = window.label(state)
    draft.state_badge = BADGES[state]
    draft.period = window.period_text(draft.comment_from, draft.comment_until)
    for attachment in draft.attachments.all():
        attachment.size_label = files.human_size(attachment.file_size)
    return draft


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get(listing.PAGE_PARAM, "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1


STATE_CHOICES = [("", "Tất cả"), *((state.value, str(window.LABELS[state])) for state in DraftState)]


def drafts_response(index: LegalIndexPage, request: HttpRequest) -> TemplateResponse:
    """`<registry>/du-thao/`: every draft, `?tinh-trang=` one state; a bad state is said, not a 500."""
    chosen = request.GET.get(STATE_PARAM, "")
    messages = []
    queryset = drafts(index)
    if chosen in DraftState._value2member_map_:
        queryset = queryset.filter(state=chosen)
    elif chosen:
        messages.append(f"Tình trạng “{chosen[:40]}” không có; đang hiện mọi dự thảo.")
        chosen = ""
    page: PaginatorPage = Paginator(queryset, PAGE_SIZE).get_page(_page_number(request))
    for draft in page.object_list:
        decorate(draft)
    return index.render(
        request,
        template="legal/legal_drafts.html",
        context_overrides={
            "drafts": page,
            "state_param": STATE_PARAM,
            "state_choices": STATE_CHOICES,
            "chosen_state": chosen,
            "filter_messages": messages,
            "page_param": listing.PAGE_PARAM,
            "query_string": f"{STATE_PARAM}={chosen}" if chosen else "",
        },
    )


def open_drafts(index: LegalIndexPage) -> list[LegalDraftPage]:
    """The drafts open for comment today, for the registry's own page (one query)."""
    found = list(drafts(index).filter(state=DraftState.OPEN.value).prefetch_related(None)[:BOX_SIZE])
    for draft in found:  # the box shows no files
        draft.period = window.period_text(draft.comment_from, draft.comment_until)
    return found


def index_context(index: LegalIndexPage) -> dict:
    return {"open_drafts": open_drafts(index)}


def draft_context(draft: LegalDraftPage, request: HttpRequest) -> dict:
    """State, window, files and the feedback report: three queries (approved comments: one more,
    in the template's `{% approved_comments %}`)."""
    now = timezone.now()
    attachments = list(_attachments(DraftAttachment).queryset.filter(page=draft))
    feedback_files = list(_attachments(DraftFeedbackFile).queryset.filter(page=draft))
    for attachment in (*attachments, *feedback_files):
        attachment.size_label = files.human_size(attachment.file_size)
    has_feedback = bool(draft.feedback_summary.strip()) or bool(feedback_files)
    state = window.state(draft.comment_from, draft.comment_until, has_feedback, now)
    is_open = state is DraftState.OPEN
    return {
        "draft_state": state.value,
        "draft_state_label": window.label(state),
        "draft_state_badge": BADGES[state],
        "draft_period": window.period_text(draft.comment_from, draft.comment_until),
        "attachments": attachments,
        "feedback_files": feedback_files,
        "show_feedback": has_feedback and not is_open,
        "comments_closed": "" if is_open else _closed_note(state),
        "index_page": draft.get_parent(),
    }


def _closed_note(state: DraftState) -> str:
    if state is DraftState.UPCOMING:
        return "Chưa đến thời gian lấy ý kiến: mẫu góp ý sẽ mở vào ngày bắt đầu."
    return "Đã hết thời gian lấy ý kiến đối với dự thảo này."


def _next_midnight(now: datetime) -> datetime:
    return window.opens_at(timezone.localdate(now) + timedelta(days=1))


def index_guard(index: LegalIndexPage, response):
    """The registry's pages list open drafts: near a midnight where one of its drafts opens or
    closes, they are stored nowhere (the query runs only in that last stretch of the day)."""
    now = timezone.now()
    midnight = _next_midnight(now)
    if not window.near(midnight, now):
        return response
    today = timezone.localdate(now)
    changing = (
        LegalDraftPage.objects.live()
        .child_of(index)
        .filter(Q(comment_from=today + timedelta(days=1)) | Q(comment_until=today))
        .exists()
    )
    return window.guard(response, midnight if changing else None, now)


def changing_on(day: date) -> list[int]:
    """Live drafts whose window opens at the start of `day` or closed at its start."""
    return list(
        LegalDraftPage.objects.live()
        .filter(Q(comment_from=day) | Q(comment_until=day - timedelta(days=1)))
        .values_list("pk", flat=True)
    )
