from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "toasoan.analytics"
    label = "analytics"
    verbose_name = "Lượt xem"

    def ready(self) -> None:
        from django.conf import settings

        from toasoan.operations import periodic
        from toasoan.sections import registry
        from toasoan.sections.registry import contribute_context

        from .services import flusher, stats

        # The view count comes with the page's own query when a reader's request routes to it.
        registry.add_related("articles.articlepage", "view_stats")
        contribute_context("article", stats.article_context)
        contribute_context("home", stats.listing_context)
        contribute_context("section", stats.listing_context)
        if settings.VIEW_COUNTER == "redis" and settings.VIEW_FLUSH_SECONDS > 0:
            periodic.register("view-counts", settings.VIEW_FLUSH_SECONDS, flusher.flush_job)
