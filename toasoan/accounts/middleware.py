"""The perimeter's middleware: security headers, editor session limits, two-factor for the admin."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.csp import CSP

from . import views
from .services import audit, sessions, two_factor

logger = logging.getLogger("toasoan.accounts")


def is_admin_path(path: str) -> bool:
    return path.startswith(settings.ACCOUNTS_ADMIN_PATH_PREFIX)


def permissions_policy(policy: dict[str, list[str]]) -> str:
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


def allow_admin_framing(response: HttpResponse) -> None:
    """A page preview keeps the public page's policy, but the admin's editor may frame it.

    Wagtail renders a preview by running the page's public URL through the whole middleware
    chain, inside the admin's preview view: the public `frame-ancestors 'none'` and
    `X-Frame-Options: DENY` would reach the editor's preview panel and the browser would refuse to
    show it. Only our own origin may frame it; the header built now is the one the admin's
    response keeps (Django's CSP middleware leaves a header already set).
    """
    policy = getattr(response, "_csp_config", settings.SECURE_CSP)
    if policy:
        response._csp_config = {**policy, "frame-ancestors": [CSP.SELF]}
    if not hasattr(response, "_csp_ro_config"):
        response._csp_ro_config = getattr(settings, "SECURE_CSP_REPORT_ONLY", {})
    response["X-Frame-Options"] = "SAMEORIGIN"


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, the admin's own CSP under /admin/, previews framable.

    Sits just inside Django's ContentSecurityPolicyMiddleware, which builds the header from
    `response._csp_config` when a response carries one (Django's per-view override mechanism).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions_policy = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Set by Wagtail on the request it builds for a preview, never from anything a client sends.
        if getattr(request, "is_preview", False):
            allow_admin_framing(response)
        elif is_admin_path(request.path_info):
            if not hasattr(response, "_csp_config"):
                response._csp_config = settings.ACCOUNTS_ADMIN_CSP
            if not hasattr(response, "_csp_ro_config"):
                response._csp_ro_config = settings.ACCOUNTS_ADMIN_CSP_REPORT_ONLY
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


def _login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        f"{reverse('wagtailadmin_login')}?{urlencode({'next': request.get_full_path()})}"
    )


class EditorSessionMiddleware:
    """Logs out a session idle for 30 minutes or 12 hours old; the next admin page asks to log in.

    An editor logs out only by POST (which CsrfViewMiddleware checks): any other request for the
    logout URL gets `views.logout_needs_post`, the session and its cookie untouched.
    """

    LOGOUT_URL_NAME = "wagtailadmin_logout"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = sessions.expiry(request.session)
            if reason is not None:
                audit.log_event("session_expired", user.get_username(), reason=reason)
                # logout() flushes the session: its key is deleted server-side, the cookie goes.
                auth.logout(request)
                if is_admin_path(request.path_info) and request.method in ("GET", "HEAD"):
                    return _login_redirect(request)
            else:
                sessions.touch(request.session)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.view_name == self.LOGOUT_URL_NAME and request.method != "POST":
            return views.logout_needs_post(request)
        return None


class TwoFactorRequiredMiddleware:
    """Admin access needs a verified second factor in this session.

    Without one, admin pages redirect to the code page (or to the setup page when the account has no
    authenticator yet); elsewhere the session counts as anonymous, so half a login opens nothing.
    """

    #: URL names reachable with only the password checked: the two-factor pages and what the admin's
    #: frame around them loads (the icon sprite and the translations catalogue hold no data).
    OPEN_URL_NAMES = frozenset(
        {
            "wagtailadmin_login",
            "wagtailadmin_logout",
            "wagtailadmin_sprite",
            "wagtailadmin_javascript_catalog",
            "accounts:setup",
            "accounts:verify",
        }
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or two_factor.is_verified(user):
            return None
        if not two_factor.requires_two_factor(user):
            return None
        match = request.resolver_match
        name = (
            f"{match.namespace}:{match.url_name}"
            if match and match.namespace
            else getattr(match, "url_name", None)
        )
        if name in self.OPEN_URL_NAMES:
            return None
        if is_admin_path(request.path_info):
            target = "accounts:verify" if two_factor.has_confirmed_totp(user) else "accounts:setup"
            return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        request.user = AnonymousUser()
        return None
