"""The page's views: the published questions (topic filter, search, FAQ first), one question on its
own URL, and the form.

The list and a question's page are cacheable: they carry no form, token or code. The form's routes
answer `Cache-Control: private, no-store`; a POST is never cached. Bad input comes back with a
Vietnamese message per field and everything typed kept (a file must be chosen again); a busy
database answers 503 with the text kept — never a 500.
"""

from __future__ import annotations

import contextlib
import logging

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from toasoan.comments.forms import HONEYPOT_FIELD, REFRESH_FIELD
from toasoan.comments.services import captcha, client, ratelimit
from toasoan.comments.views import BUSY_RETRY_AFTER, too_many_codes_message
from toasoan.operations.services.unavailable import (
    DATABASE_UNAVAILABLE,
    close_broken_connections,
    retry_after_seconds,
)

from ..forms import FilterForm, QuestionForm
from ..models import QuestionIndexPage
from . import public
from .submit import create_question

logger = logging.getLogger(__name__)

#: The limiter's scope for questions (the comments' store, its own records).
RATE_KIND = "question"


def rate_limits() -> list[ratelimit.Limit]:
    from django.conf import settings

    per_hour = int(getattr(settings, "QUESTIONS_RATE_LIMIT_PER_HOUR", 3))
    return [ratelimit.Limit("h", per_hour, ratelimit.HOUR)] if per_hour > 0 else []


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get(public.PAGE_PARAM, "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1


def index_response(index: QuestionIndexPage, request: HttpRequest) -> HttpResponse:
    topics = list(index.topics.all())
    form = FilterForm(request.GET or None, topics=topics)
    topic_id, text = None, ""
    if request.GET and form.is_valid():
        topic_id, text = form.cleaned_data.get("linh_vuc"), form.cleaned_data.get("q") or ""
    questions = public.listing(index, topic_id=topic_id, text=text)
    page = Paginator(questions, public.PAGE_SIZE).get_page(_page_number(request))
    kept = [(name, value) for name, value in request.GET.items() if name in form.fields and value]
    return index.render(
        request,
        context_overrides={
            "filter_form": form,
            "filter_error": bool(request.GET) and not form.is_valid(),
            "questions": page,
            "query_string": urlencode(kept),
            "page_param": public.PAGE_PARAM,
            "filtered": bool(kept),
            "searched_text": text,
        },
    )


def question_response(index: QuestionIndexPage, request: HttpRequest, question_id: int) -> HttpResponse:
    question = public.one(index, question_id)
    if question is None:
        raise Http404("no published question with this id")
    return index.render(
        request,
        template="questions/question_page.html",
        context_overrides={"question": question, "index_page": index},
    )


def _no_store(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _render_form(
    index: QuestionIndexPage,
    request: HttpRequest,
    form: QuestionForm,
    *,
    status: int = 200,
    message: str = "",
    message_kind: str = "error",
    retry_after: int | None = None,
) -> HttpResponse:
    captcha_notice = ""
    try:
        form.next_captcha_key = captcha.issue(client.request_ip_hash(request))
    except captcha.TooManyCodes as refused:
        form.next_captcha_key = None
        captcha_notice = too_many_codes_message(refused.retry_after)
        if status < 400:
            status, retry_after = 429, refused.retry_after
            message, message_kind = captcha_notice, "error"
    except DATABASE_UNAVAILABLE:
        form.next_captcha_key = None
        if status < 500:
            status, retry_after = 503, BUSY_RETRY_AFTER
            message = message or _(
                "Hệ thống đang bận. Nội dung của bạn vẫn còn; vui lòng thử lại sau ít phút."
            )
    key = form.next_captcha_key
    context = {
        "form": form,
        "captcha": {"key": key, "image": captcha.image_url(key), "audio": captcha.audio_url(key)}
        if key
        else None,
        "captcha_notice": captcha_notice,
        "timestamp": form.timestamp_for_render(),
        "message": message,
        "message_kind": message_kind,
        "honeypot_name": HONEYPOT_FIELD,
        "refresh_name": REFRESH_FIELD,
        "privacy_page": index.privacy_page.specific_deferred
        if index.privacy_page_id and index.privacy_page
        else None,
        "topics": form.topics,
    }
    if status == 503:
        context["nav_sections"] = ()
        context["database_unavailable"] = True
    response = index.render(request, template="questions/ask.html", context_overrides=context)
    response.status_code = status
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return _no_store(response)


def _kept_form(index: QuestionIndexPage, request: HttpRequest, topics) -> QuestionForm:
    """What the reader sent, as they sent it, without validating (or using up) anything."""
    data = {
        key: value
        for key, value in request.POST.items()
        if key not in {"captcha", "csrfmiddlewaretoken"} and isinstance(value, str)
    }
    return QuestionForm(initial=data, index=index, topics=topics)


def ask_response(index: QuestionIndexPage, request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        response = HttpResponse(status=405)
        response["Allow"] = "GET, HEAD, POST"
        return _no_store(response)
    topics = list(index.topics.all())
    if request.method != "POST":
        return _render_form(index, request, QuestionForm(index=index, topics=topics))
    if REFRESH_FIELD in request.POST:
        return _render_form(
            index,
            request,
            _kept_form(index, request, topics),
            message=_("Đã lấy mã xác nhận mới. Nội dung bạn đã nhập vẫn được giữ nguyên."),
            message_kind="info",
        )
    form = QuestionForm(request.POST, request.FILES, index=index, topics=topics)
    try:
        return _submit(index, request, form)
    except DATABASE_UNAVAILABLE as error:
        logger.warning(
            "questions: database unavailable while storing a question for page %s (%s)",
            index.pk,
            type(error).__name__,
        )
        close_broken_connections()
        return _render_form(
            index,
            request,
            _kept_form(index, request, topics),
            status=503,
            message=_(
                "Hệ thống đang bận nên chưa lưu được câu hỏi. Nội dung của bạn vẫn còn; "
                "vui lòng nhập mã xác nhận mới và gửi lại sau ít phút."
            ),
            retry_after=retry_after_seconds(),
        )


def _submit(index: QuestionIndexPage, request: HttpRequest, form: QuestionForm) -> HttpResponse:
    if not form.is_valid():
        return _render_form(
            index,
            request,
            form,
            status=400,
            message=_("Câu hỏi chưa được gửi. Vui lòng sửa các lỗi bên dưới."),
        )
    ip_hash = client.request_ip_hash(request)
    decision = ratelimit.hit(ip_hash, RATE_KIND, rate_limits())
    if not decision.allowed:
        message = _(
            "Bạn đã gửi nhiều câu hỏi trong một giờ. Vui lòng thử lại sau khoảng %(minutes)d phút."
        ) % {"minutes": max(1, -(-decision.retry_after // 60))}
        return _render_form(
            index, request, form, status=429, message=message, retry_after=decision.retry_after
        )
    try:
        create_question(
            index, form.question_submission(), ip_hash=ip_hash, user_agent=client.short_user_agent(request)
        )
    except DATABASE_UNAVAILABLE:
        with contextlib.suppress(*DATABASE_UNAVAILABLE):
            ratelimit.release(decision.taken)
        raise
    response = HttpResponseRedirect(index.get_url(request) + index.reverse_subpage("sent"))
    response.status_code = 303
    return _no_store(response)


def sent_response(index: QuestionIndexPage, request: HttpRequest) -> HttpResponse:
    response = index.render(request, template="questions/sent.html", context_overrides={"index_page": index})
    return _no_store(response)
