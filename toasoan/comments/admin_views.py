"""Moderation in the Wagtail admin: the queue, one comment, decisions, replies, personal data.

Every view needs `comments.change_comment` (moderating) (personal data: `comments.manage_personal_data`);
Wagtail's admin URLs add the login and `wagtailadmin.access_admin` checks. Nothing here edits a
reader's words.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.auth import permission_required
from wagtail.log_actions import registry as log_registry

from toasoan.sections.portal import staff_portal_paths, under

from .forms import PersonalDataForm, QueueFilterForm, ReplyForm
from .models import Comment, CommentStatus
from .services import moderation, personal_data, queue
from .services.phone import display_phone

MODERATE = "comments.change_comment"
PERSONAL_DATA = "comments.manage_personal_data"
PER_PAGE = 50

DECISION_MESSAGES = {
    "approve": lambda n: ngettext("Đã duyệt %(n)d bình luận.", "Đã duyệt %(n)d bình luận.", n) % {"n": n},
    "reject": lambda n: ngettext("Đã từ chối %(n)d bình luận.", "Đã từ chối %(n)d bình luận.", n) % {"n": n},
    "spam": lambda n: (
        ngettext("Đã đánh dấu %(n)d bình luận là thư rác.", "Đã đánh dấu %(n)d bình luận là thư rác.", n)
        % {"n": n}
    ),
}


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _comments(request: HttpRequest):
    """The comments this moderator's portals hold (docs/portals.md): a commune's moderators
    never see, nor decide on, another portal's."""
    return Comment.objects.filter(under(staff_portal_paths(request.user), "page__path"))


def _page_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """Pages that have comments (articles, drafts open for comment…), newest first."""
    from wagtail.models import Page

    commented = (
        Page.objects.filter(under(staff_portal_paths(request.user)), reader_comments__isnull=False)
        .distinct()
        .order_by("-first_published_at", "-pk")
        .values_list("pk", "title")[:300]
    )
    return [("", _("Mọi trang")), *((str(pk), title) for pk, title in commented)]


@permission_required(MODERATE)
def queue_view(request: HttpRequest) -> TemplateResponse:
    data = request.GET.copy()
    data.setdefault("status", CommentStatus.PENDING)
    form = QueueFilterForm(data)
    form.fields["page"].widget.choices = _page_choices(request)
    filters = form.cleaned_data if form.is_valid() else {"status": CommentStatus.PENDING}
    comments = queue.filter_comments(
        status=filters.get("status") or CommentStatus.PENDING,
        page_id=filters.get("page"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        text=filters.get("q") or "",
        within=staff_portal_paths(request.user),
    )
    page = Paginator(comments, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "comments/admin/queue.html",
        {
            "page_title": _("Bình luận"),
            "filter_form": form,
            "page_obj": page,
            "comments": page.object_list,
            "status_labels": dict(CommentStatus.choices),
            "current_url": request.get_full_path(),
            "pending_count": queue.pending_count(within=staff_portal_paths(request.user)),
        },
    )


@permission_required(MODERATE)
def detail_view(request: HttpRequest, pk: int) -> TemplateResponse:
    comment = get_object_or_404(_comments(request).select_related("page", "decided_by", "replied_by"), pk=pk)
    history = log_registry.get_logs_for_instance(comment).select_related("user").order_by("-timestamp")[:50]
    return TemplateResponse(
        request,
        "comments/admin/detail.html",
        {
            "page_title": str(comment),
            "comment": comment,
            "phone": display_phone(comment.phone),
            "reply_form": ReplyForm(initial={"reply_text": comment.reply_text}),
            "history": history,
            "status_labels": dict(CommentStatus.choices),
            "next": _next_url(request, reverse("comments_admin:index")),
        },
    )


@require_POST
@permission_required(MODERATE)
def decide_view(request: HttpRequest, pk: int, action: str) -> HttpResponseRedirect:
    if action not in moderation.ACTIONS:
        return redirect("comments_admin:index")
    comment = get_object_or_404(_comments(request), pk=pk)
    changed = moderation.ACTIONS[action](comment, request.user).execute()
    if changed:
        messages.success(request, DECISION_MESSAGES[action](1))
    return redirect(_next_url(request, reverse("comments_admin:detail", args=[comment.pk])))


@require_POST
@permission_required(MODERATE)
def bulk_view(request: HttpRequest) -> HttpResponseRedirect:
    action = request.POST.get("action", "")
    next_url = _next_url(request, reverse("comments_admin:index"))
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()][:500]
    if action not in moderation.ACTIONS or not ids:
        messages.warning(request, _("Hãy chọn ít nhất một bình luận và một thao tác."))
        return redirect(next_url)
    changed = moderation.decide_many(_comments(request).filter(pk__in=ids), action, request.user)
    messages.success(request, DECISION_MESSAGES[action](changed))
    return redirect(next_url)


@require_POST
@permission_required(MODERATE)
def reply_view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    comment = get_object_or_404(_comments(request), pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        if moderation.reply(comment, request.user, form.cleaned_data["reply_text"]):
            messages.success(request, _("Đã lưu trả lời của Ban biên tập."))
    else:
        messages.error(request, _("Trả lời dài tối đa 5.000 ký tự."))
    return redirect("comments_admin:detail", pk=comment.pk)


@require_http_methods(["GET", "POST"])
@permission_required(PERSONAL_DATA)
def personal_data_view(request: HttpRequest) -> HttpResponse:
    """A reader's request about their data: find by phone, export as JSON, or erase."""
    source = request.POST if request.method == "POST" else (request.GET or None)
    form = PersonalDataForm(source)
    found = None
    if form.is_valid():
        phone = form.cleaned_data["phone"]
        # Someone of a component portal answers for what their portal holds (docs/portals.md).
        within = staff_portal_paths(request.user)
        action = request.POST.get("action") if request.method == "POST" else None
        if action == "export":
            data = personal_data.export_for_phone(phone, user=request.user, within=within)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
            )
            response["Content-Disposition"] = 'attachment; filename="binh-luan-du-lieu-ca-nhan.json"'
            response["Cache-Control"] = "private, no-store"
            return response
        if action == "erase":
            if request.POST.get("confirm") != "yes":
                messages.error(request, _("Hãy đánh dấu ô xác nhận trước khi xóa."))
            else:
                count = personal_data.erase_for_phone(phone, user=request.user, within=within)
                messages.success(
                    request,
                    ngettext("Đã xóa %(n)d bình luận.", "Đã xóa %(n)d bình luận.", count) % {"n": count},
                )
                return redirect("comments_admin:personal_data")
        found = list(personal_data.comments_for_phone(phone, within))
    response = TemplateResponse(
        request,
        "comments/admin/personal_data.html",
        {
            "page_title": _("Dữ liệu cá nhân người bình luận"),
            "form": form,
            "found": found,
            "status_labels": dict(CommentStatus.choices),
            "phone_days": personal_data.phone_retention_days(),
            "ip_days": personal_data.ip_retention_days(),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response
