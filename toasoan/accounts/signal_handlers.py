"""Login audit and session marks, wired to Django's and django-axes' signals."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .services import audit, sessions


def on_logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.mark_login(request.session)
    audit.log_event("login_succeeded", user.get_username())


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already masked the password in `credentials`; only the username is used.
    audit.log_event("login_failed", credentials.get("username"))


def on_logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.log_event("logged_out", user.get_username())


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit.log_event("login_locked", username)


def register() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="toasoan.accounts.logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="toasoan.accounts.login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="toasoan.accounts.logged_out")
    user_locked_out.connect(on_locked_out, dispatch_uid="toasoan.accounts.locked_out")
