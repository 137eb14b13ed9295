from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the portal: the database-unavailable answer, backups, personal data out of logs."""

    name = "toasoan.operations"
    label = "operations"
    verbose_name = "Vận hành"

    def ready(self) -> None:
        from django.core.signals import got_request_exception

        from .services import unavailable

        # Middleware and error handlers turn exceptions into 500 responses before any outer
        # middleware sees them; the signal is sent while the exception is still being handled.
        got_request_exception.connect(unavailable.note_request_exception, dispatch_uid="operations-db-down")
