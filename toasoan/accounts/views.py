"""Two-factor pages (set up, enter a code, recovery codes), the login lockout page, and the answer
to a logout that is not a POST."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from toasoan.operations.responses import too_many_requests

from .forms import CodeForm
from .services import audit, two_factor

LOGIN_URL = "wagtailadmin_login"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("wagtailadmin_home")


def _redirect_keeping_next(name: str, request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{resolve_url(name)}?{urlencode({'next': _next_url(request)})}")


@never_cache
@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator: QR code and secret, then one code to confirm, then recovery codes."""
    user = request.user
    if two_factor.has_confirmed_totp(user) and not two_factor.is_verified(user):
        # Nobody replaces the authenticator of an account without first passing it.
        return _redirect_keeping_next("accounts:verify", request)
    device = two_factor.pending_totp(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_totp(request, device, form.cleaned_data["code"])
        if codes is not None:
            audit.log_event("otp_setup", user.get_username())
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "just_set_up": True},
            )
        audit.log_event("otp_setup_failed", user.get_username())
        form.add_error("code", "Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trong ứng dụng.")
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret(device),
            "next": _next_url(request),
        },
        status=200 if request.method == "GET" or form.is_valid() else 400,
    )


@never_cache
@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of every login: a current code, or one recovery code."""
    user = request.user
    if two_factor.is_verified(user):
        return HttpResponseRedirect(_next_url(request))
    if not two_factor.has_confirmed_totp(user):
        return _redirect_keeping_next("accounts:setup", request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(request, form.cleaned_data["code"])
        if device is not None:
            kind = "recovery" if device.__class__.__name__ == "StaticDevice" else "totp"
            audit.log_event("otp_verified", user.get_username(), method=kind)
            return HttpResponseRedirect(_next_url(request))
        audit.log_event("otp_failed", user.get_username())
        form.add_error("code", "Mã không đúng, đã dùng rồi hoặc đã hết hạn.")
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "next": _next_url(request)},
        status=200 if request.method == "GET" else 400,
    )


@never_cache
@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; a new set on request (the old ones stop working)."""
    user = request.user
    if request.method == "POST":
        codes = two_factor.new_recovery_codes(user)
        audit.log_event("recovery_codes_renewed", user.get_username())
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": resolve_url("wagtailadmin_home")},
        )
    return render(
        request, "accounts/recovery_codes_left.html", {"left": two_factor.recovery_codes_left(user)}
    )


def logout_needs_post(request: HttpRequest) -> HttpResponse:
    """Any method but POST on the admin's logout URL: 405, a button that logs out, nothing changed.

    Wagtail's logout view deletes the session cookie before Django refuses the method, so an
    <img src="/admin/logout/"> on any site would log an editor out: EditorSessionMiddleware
    answers with this view instead of letting the request reach Wagtail's.
    """
    response = render(request, "accounts/logout.html", status=405)
    response["Allow"] = "POST"
    add_never_cache_headers(response)
    return response


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the 429 page, in Vietnamese, naming no account."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return too_many_requests(
        request,
        message=(
            f"Đăng nhập sai quá nhiều lần. Vì an toàn, tài khoản này tạm khóa đăng nhập từ máy của bạn "
            f"trong {minutes} phút. Vui lòng thử lại sau."
        ),
        retry_after=int(settings.AXES_COOLOFF_TIME.total_seconds()),
    )
