from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The editorial desk: review workflow, scheduled publishing, story threads, content checks."""

    name = "toasoan.editorial"
    label = "editorial"
    verbose_name = "Tòa soạn"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toasoan.sections.registry import contribute_context, declare_stale

        from . import signal_handlers
        from .services.threads import article_context, stale_threads

        signal_handlers.register()
        contribute_context("article", article_context)
        declare_stale(stale_threads)
