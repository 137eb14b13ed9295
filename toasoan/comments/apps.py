from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "toasoan.comments"
    label = "comments"
    verbose_name = "Bình luận"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toasoan.sections import registry

        from . import checks, signal_handlers
        from .services.public import approved_count

        registry.annotate_lists("comment_count", approved_count)
        checks.register()
        signal_handlers.register(self)
