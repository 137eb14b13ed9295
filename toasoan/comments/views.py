"""Readers' side: the comment form (fragment and full page), the captcha's refresh and audio.

The page commented on (an article, a draft open for comment) carries no form, token or code, so
it stays cacheable for everyone; these views are never cached (`Cache-Control: private,
no-store`). The full page at /binh-luan/viet/<id>/ works without JavaScript; the script on the
page loads the same form as a fragment and posts it with `X-Requested-With: XMLHttpRequest`.
Whether a page takes comments right now is the page's own rule (services.pages): outside it, the
form is not offered and a post is refused with the page's reason, the reader's text kept.
"""

from __future__ import annotations

import contextlib
import json
import logging
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from captcha import views as simple_captcha_views
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from toasoan.operations.responses import too_many_requests
from toasoan.operations.services.unavailable import (
    DATABASE_UNAVAILABLE,
    close_broken_connections,
    retry_after_seconds,
)

from .forms import HONEYPOT_FIELD, REFRESH_FIELD, CommentForm
from .services import captcha, client, pages, personal_data, ratelimit
from .services.submit import create_comment

logger = logging.getLogger(__name__)

#: Seconds a reader is asked to wait after "database is locked".
BUSY_RETRY_AFTER = 30
AUDIO_PER_HOUR = 30


def private_no_store(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


#: The status of a post refused because the page takes no comment now (not yet, or no longer).
CLOSED_STATUS = 403


@dataclass(frozen=True)
class UnreachablePage:
    """Stands for the page when the database cannot even say which it is (503 answers only)."""

    pk: int
    title: str = ""
    url: str = ""

    def comments_open(self, at) -> bool:
        return True


def _is_fragment(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def too_many_codes_message(retry_after: int) -> str:
    return _(
        "Bạn đã lấy quá nhiều mã xác nhận trong một giờ. Vui lòng thử lại sau khoảng %(minutes)d phút; "
        "nội dung bạn đã nhập vẫn được giữ nguyên."
    ) % {"minutes": max(1, -(-retry_after // 60))}


def _captcha_context(form: CommentForm) -> dict | None:
    key = form.next_captcha_key
    if not key:
        return None
    return {
        "key": key,
        "image": captcha.image_url(key),
        "audio": captcha.audio_url(key),
    }


def _render_form(
    request: HttpRequest,
    target: pages.CommentablePage | UnreachablePage,
    form: CommentForm,
    *,
    status: int = 200,
    message: str = "",
    message_kind: str = "error",
    retry_after: int | None = None,
    fragment: bool | None = None,
) -> HttpResponse:
    captcha_notice, status, retry_after, message, message_kind = _issue_code(
        request, form, status, retry_after, message, message_kind
    )
    context = {
        **_page_context(target),
        "form": form,
        "captcha": _captcha_context(form),
        "captcha_notice": captcha_notice,
        "timestamp": form.timestamp_for_render(),
        "message": message,
        "message_kind": message_kind,
        "honeypot_name": HONEYPOT_FIELD,
        "refresh_name": REFRESH_FIELD,
        "fragment": _is_fragment(request) if fragment is None else fragment,
        "privacy": {
            "phone_days": personal_data.phone_retention_days(),
            "contact": getattr(settings, "COMMENTS_PRIVACY_CONTACT", ""),
        },
    }
    if status == 503:
        # The header's sections and the footer's links come from the database, which is failing:
        # the page goes without them.
        context["nav_sections"] = ()
        context["database_unavailable"] = True
    template = "comments/_form.html" if context["fragment"] else "comments/write.html"
    response = render(request, template, context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _page_context(target: pages.CommentablePage | UnreachablePage) -> dict:
    return {
        "target_page": target,
        # Pages name themselves ("Về dự thảo:"); articles, the first commentable pages, need not.
        "about_label": getattr(target, "comments_about", "") or _("Về bài viết:"),
    }


def _render_closed(
    request: HttpRequest, target: pages.CommentablePage, *, status: int = 200, fragment: bool | None = None
) -> HttpResponse:
    """The page takes no comment now: its reason, and what the reader sent (if anything) to copy.

    No code is drawn and no form is offered; a refused post keeps every word, read-only, so
    nothing the reader wrote is lost silently.
    """
    kept = {
        key: request.POST.get(key, "")
        for key in ("name", "title", "content")
        if request.method == "POST" and request.POST.get(key, "").strip()
    }
    context = {
        **_page_context(target),
        "closed_message": pages.closed_message(target),
        "kept": kept,
        "fragment": _is_fragment(request) if fragment is None else fragment,
    }
    template = "comments/_closed.html" if context["fragment"] else "comments/closed.html"
    return render(request, template, context, status=status)


def _issue_code(
    request: HttpRequest,
    form: CommentForm,
    status: int,
    retry_after: int | None,
    message: str,
    message_kind: str,
) -> tuple[str, int, int | None, str, str]:
    """Draw the form's next code; a refusal or a failing database changes the answer's status."""
    captcha_notice = ""
    try:
        form.next_captcha_key = captcha.issue(client.request_ip_hash(request))
    except captcha.TooManyCodes as refused:
        form.next_captcha_key = None
        captcha_notice = too_many_codes_message(refused.retry_after)
        logger.info("comments: a reader drew too many captcha codes")
        if status < 400:
            # Nothing else went wrong: the wait is the answer (the refresh's "new code" message too).
            status, retry_after = 429, refused.retry_after
            message, message_kind = captcha_notice, "error"
    except DATABASE_UNAVAILABLE as error:
        form.next_captcha_key = None
        logger.warning("comments: database busy while making a captcha code (%s)", type(error).__name__)
        if status < 500:
            status, retry_after = 503, BUSY_RETRY_AFTER
            message = message or _(
                "Hệ thống đang bận. Nội dung của bạn vẫn còn; vui lòng thử lại sau ít phút."
            )
    return captcha_notice, status, retry_after, message, message_kind


def _kept_form(request: HttpRequest, target: pages.CommentablePage | UnreachablePage) -> CommentForm:
    """The reader's text as they sent it, without validating (and using up) anything."""
    data = {
        key: value for key, value in request.POST.items() if key not in {"captcha", "csrfmiddlewaretoken"}
    }
    return CommentForm(initial=data, page_id=target.pk)


@require_GET
@private_no_store
def form_fragment(request: HttpRequest, page_id: int) -> HttpResponse:
    """The form, with a fresh code and CSRF token, for the page's script to insert."""
    target = pages.commentable_page(page_id)
    if not pages.is_open(target):
        return _render_closed(request, target, fragment=True)
    return _render_form(request, target, CommentForm(page_id=target.pk), fragment=True)


@require_http_methods(["GET", "POST"])
@private_no_store
def write(request: HttpRequest, page_id: int) -> HttpResponse:
    try:
        target = pages.commentable_page(page_id)
    except DATABASE_UNAVAILABLE as error:
        if request.method != "POST":
            raise  # a page view: the operations middleware answers 503
        # The database is down: nothing can be stored, but the reader's words go back to them.
        return _unavailable(request, UnreachablePage(page_id), error)
    if not pages.is_open(target):
        # Not yet open, or closed (a draft's window): refused before any code is used up.
        return _render_closed(request, target, status=CLOSED_STATUS if request.method == "POST" else 200)
    if request.method == "GET":
        return _render_form(request, target, CommentForm(page_id=target.pk))
    if REFRESH_FIELD in request.POST:
        return _render_form(
            request,
            target,
            _kept_form(request, target),
            message=_("Đã lấy mã xác nhận mới. Nội dung bạn đã nhập vẫn được giữ nguyên."),
            message_kind="info",
        )
    form = CommentForm(request.POST, page_id=target.pk)
    try:
        return _submit(request, target, form)
    except DATABASE_UNAVAILABLE as error:
        # "database is locked", a server gone: the reader keeps every word and may retry.
        return _unavailable(request, target, error)


def _unavailable(
    request: HttpRequest, target: pages.CommentablePage | UnreachablePage, error: Exception
) -> HttpResponse:
    logger.warning(
        "comments: database unavailable while storing a comment for page %s (%s)",
        target.pk,
        type(error).__name__,
    )
    close_broken_connections()
    return _render_form(
        request,
        target,
        _kept_form(request, target),
        status=503,
        message=_(
            "Hệ thống đang bận nên chưa lưu được bình luận. Nội dung của bạn vẫn còn; "
            "vui lòng nhập mã xác nhận mới và gửi lại sau ít phút."
        ),
        retry_after=retry_after_seconds(),
    )


def _submit(request: HttpRequest, target: pages.CommentablePage, form: CommentForm) -> HttpResponse:
    if not form.is_valid():
        return _render_form(
            request,
            target,
            form,
            status=400,
            message=_("Bình luận chưa được gửi. Vui lòng sửa các lỗi bên dưới."),
        )
    ip_hash = client.request_ip_hash(request)
    decision = ratelimit.hit(ip_hash)
    if not decision.allowed:
        if decision.limit == "s":
            message = _("Bạn vừa gửi một bình luận. Vui lòng đợi %(seconds)d giây rồi gửi lại.") % {
                "seconds": decision.retry_after
            }
        else:
            message = _(
                "Bạn đã gửi nhiều bình luận trong một giờ. Vui lòng thử lại sau khoảng %(minutes)d phút."
            ) % {"minutes": max(1, -(-decision.retry_after // 60))}
        return _render_form(
            request,
            target,
            form,  # valid, so it shows no error; its code is used up and a new one is drawn
            status=429,
            message=message,
            retry_after=decision.retry_after,
        )
    try:
        comment = create_comment(
            target, form.submission(), ip_hash=ip_hash, user_agent=client.short_user_agent(request)
        )
    except DATABASE_UNAVAILABLE:
        with contextlib.suppress(*DATABASE_UNAVAILABLE):  # the database that just failed keeps it
            ratelimit.release(decision.taken)
        raise
    if _is_fragment(request):
        response = render(request, "comments/_sent.html", {**_page_context(target), "comment_id": comment.pk})
        response["X-Comment-Status"] = "pending"
        return response
    response = redirect("comments:sent", page_id=target.pk)
    response.status_code = 303  # See Other: a reload of the next page never posts again
    return response


@require_GET
@private_no_store
def sent(request: HttpRequest, page_id: int) -> HttpResponse:
    return render(request, "comments/sent.html", _page_context(pages.commentable_page(page_id)))


@require_GET
@private_no_store
def captcha_image(request: HttpRequest, key: str) -> HttpResponse:
    """The code's image, drawn by django-simple-captcha (410 once the code is used or gone)."""
    return simple_captcha_views.captcha_image(request, key=key, scale=1)


@require_GET
@private_no_store
def captcha_refresh(request: HttpRequest) -> HttpResponse:
    """A new code for the form's "Lấy lại mã bảo mật" button (JavaScript)."""
    try:
        key = captcha.issue(client.request_ip_hash(request))
    except captcha.TooManyCodes as refused:
        response = JsonResponse({"error": too_many_codes_message(refused.retry_after)}, status=429)
        response["Retry-After"] = str(refused.retry_after)
        return response
    except DATABASE_UNAVAILABLE:
        response = JsonResponse({"error": _("Hệ thống đang bận, vui lòng thử lại.")}, status=503)
        response["Retry-After"] = str(BUSY_RETRY_AFTER)
        return response
    return HttpResponse(
        json.dumps(
            {
                "key": key,
                "image_url": captcha.image_url(key),
                "audio_url": captcha.audio_url(key),
            }
        ),
        content_type="application/json",
    )


@require_GET
@private_no_store
def captcha_audio(request: HttpRequest, key: str) -> HttpResponse:
    """The code read out in Vietnamese (espeak-ng); 404 when espeak-ng is not installed."""
    if not captcha.audio_available():
        raise Http404("espeak-ng is not installed")
    if not ratelimit.counted(f"comments:audio:{client.request_ip_hash(request)}", AUDIO_PER_HOUR, 3600):
        return too_many_requests(
            request, _("Bạn đã nghe mã quá nhiều lần. Vui lòng thử lại sau."), retry_after=600
        )
    try:
        audio = captcha.speak(key)
    except (subprocess.SubprocessError, OSError):
        logger.exception("comments: espeak-ng failed")
        return HttpResponse(_("Không tạo được âm thanh, vui lòng thử lại."), status=503)
    if audio is None:
        raise Http404("unknown or expired code")
    response = HttpResponse(audio, content_type="audio/wav")
    response["Content-Disposition"] = 'inline; filename="ma-xac-nhan.wav"'
    return response
