from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "toasoan.articles"
    label = "articles"
    verbose_name = "Bài viết"

    def ready(self) -> None:
        from toasoan.sections import registry

        from . import signal_handlers
        from .services import pages

        signal_handlers.register()
        # The page model renders through its services, which import it: it finds them here.
        registry.provide_view("article_context", pages.article_context)
        registry.provide_view("article_download", pages.download_response)
        registry.declare_stale(pages.stale_neighbours)
        registry.declare_stale(pages.stale_republished)
