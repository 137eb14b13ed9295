"""Hỏi đáp in the Wagtail admin: the queue, one question with its actions, the attachment.

Every view needs `questions.change_question`; Wagtail's admin URLs add the login and
`wagtailadmin.access_admin` checks. The asker's words are shown, never edited.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_required
from wagtail.models import Page

from toasoan.comments.services.phone import display_phone
from toasoan.sections.portal import staff_portal_paths, under

from .forms import AnswerForm, AssignForm, QueueFilterForm, RefuseForm
from .models import Question, QuestionStatus, QuestionTopic, private_storage
from .services import attachments, deadlines, queue, workflow

HANDLE = "questions.change_question"
PER_PAGE = 50


def _questions(request: HttpRequest):
    """The questions of this handler's portals (docs/portals.md): a commune's staff never see,
    nor act on, another portal's."""
    return Question.objects.filter(under(staff_portal_paths(request.user), "index__path"))


def _filter_choices(request: HttpRequest):
    found = QuestionTopic.objects.filter(under(staff_portal_paths(request.user), "page__path"))
    topics = [(t.pk, f"{t.name} ({t.page.title})") for t in found.select_related("page")]
    unit_ids = _questions(request).exclude(unit=None).values("unit_id").distinct()
    units = list(Page.objects.filter(pk__in=unit_ids).order_by("title").values_list("pk", "title"))
    return topics, units


@permission_required(HANDLE)
def queue_view(request: HttpRequest) -> TemplateResponse:
    topics, units = _filter_choices(request)
    form = QueueFilterForm(request.GET or None, topics=topics, units=units)
    filters = form.cleaned_data if request.GET and form.is_valid() else {}
    questions = queue.filter_questions(
        status=filters.get("status") or queue.STATUS_ALL,
        topic_id=filters.get("topic"),
        unit_id=filters.get("unit"),
        overdue=bool(filters.get("overdue")),
        text=filters.get("q") or "",
        within=staff_portal_paths(request.user),
    )
    page = Paginator(questions, PER_PAGE).get_page(request.GET.get("p"))
    today = deadlines.today()
    for question in page.object_list:
        question.overdue = deadlines.is_overdue(question.status, question.due_on, today)
    return TemplateResponse(
        request,
        "questions/admin/queue.html",
        {
            "page_title": _("Hỏi đáp"),
            "filter_form": form,
            "questions": page,
            "new_count": queue.open_count(within=staff_portal_paths(request.user)),
        },
    )


def _question(request: HttpRequest, pk: int) -> Question:
    found = _questions(request).select_related("index", "topic", "unit", "answered_by")
    return get_object_or_404(found, pk=pk)


@permission_required(HANDLE)
def detail_view(request: HttpRequest, pk: int) -> TemplateResponse:
    return _detail(request, pk)


def _detail(request: HttpRequest, pk: int, forms: dict | None = None, status: int = 200) -> TemplateResponse:
    question = _question(request, pk)
    forms = forms or {}
    public_url = ""
    if question.is_public:
        public_url = question.index.get_url(request) + question.index.reverse_subpage(
            "question", args=[question.pk]
        )
    return TemplateResponse(
        request,
        "questions/admin/detail.html",
        {
            "page_title": str(question),
            "question": question,
            "phone": display_phone(question.phone),
            "overdue": deadlines.is_overdue(question.status, question.due_on),
            "assign_form": forms.get("assign") or AssignForm(initial={"unit": question.unit}),
            "answer_form": forms.get("answer")
            or AnswerForm(
                initial={
                    "answer": question.answer,
                    "answerer_name": question.answerer_name,
                    "answerer_title": question.answerer_title,
                    "publish": True,
                }
            ),
            "refuse_form": forms.get("refuse") or RefuseForm(),
            "public_url": public_url,
            "statuses": QuestionStatus,
        },
        status=status,
    )


DONE = {
    "assign": _("Đã lưu đơn vị trả lời."),
    "in_progress": _("Đã chuyển sang đang xử lý."),
    "answer": _("Đã lưu câu trả lời."),
    "publish": _("Đã công bố câu hỏi và câu trả lời."),
    "unpublish": _("Đã gỡ câu hỏi khỏi trang Hỏi đáp."),
    "refuse": _("Đã từ chối câu hỏi; người hỏi được báo lý do qua thư điện tử (nếu có)."),
    "faq": _("Đã đánh dấu là câu hỏi thường gặp."),
    "not_faq": _("Đã bỏ đánh dấu câu hỏi thường gặp."),
}


@permission_required(HANDLE)
@require_POST
def action_view(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    action = request.POST.get("action", "")
    user = request.user
    here = reverse("questions_admin:detail", args=[question.pk])
    try:
        if action == "assign":
            form = AssignForm(request.POST)
            if not form.is_valid():
                return _detail(request, pk, {"assign": form}, 400)
            workflow.assign(question, user, form.cleaned_data.get("unit"))
        elif action == "in_progress":
            workflow.mark_in_progress(question, user)
        elif action == "answer":
            form = AnswerForm(request.POST)
            if not form.is_valid():
                return _detail(request, pk, {"answer": form}, 400)
            data = form.cleaned_data
            workflow.answer(question, user, data["answer"], data["answerer_name"], data["answerer_title"])
            if data.get("publish"):
                workflow.publish(question, user)
                action = "publish"
        elif action == "publish":
            workflow.publish(question, user)
        elif action == "unpublish":
            workflow.unpublish(question, user)
        elif action == "refuse":
            form = RefuseForm(request.POST)
            if not form.is_valid():
                return _detail(request, pk, {"refuse": form}, 400)
            workflow.refuse(question, user, form.cleaned_data["reason"])
        elif action in ("faq", "not_faq"):
            workflow.mark_faq(question, user, is_faq=action == "faq")
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
            return HttpResponseRedirect(here)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(here)
    messages.success(request, DONE[action])
    return HttpResponseRedirect(here)


@permission_required(HANDLE)
def attachment_view(request: HttpRequest, pk: int) -> FileResponse:
    """The reader's file, to staff only, as a download (never shown inline)."""
    question = get_object_or_404(_questions(request).only("pk", "attachment", "attachment_kind"), pk=pk)
    if not question.attachment.name:
        raise Http404("no attachment")
    storage = private_storage()
    if not storage.exists(question.attachment.name):
        raise Http404("attachment gone")
    extension = attachments.KINDS.get(question.attachment_kind, ("bin", ""))[0]
    response = FileResponse(
        storage.open(question.attachment.name, "rb"),
        as_attachment=True,
        filename=f"cau-hoi-{question.pk}.{extension}",
        content_type=attachments.content_type(question.attachment_kind),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
