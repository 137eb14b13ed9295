from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Editors' accounts and the security perimeter: lockout, two-factor, sessions, headers."""

    name = "toasoan.accounts"
    label = "accounts"
    verbose_name = "Tài khoản biên tập"

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.register()
