from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "toasoan.analytics"
    label = "analytics"
    verbose_name = "Lượt xem"

    def ready(self) -> None:
        from toasoan.sections import registry
        from toasoan.sections.registry import contribute_context

        from .services import stats

        # The view count comes with the page's own query when a reader's request routes to it.
        registry.add_related("articles.articlepage", "view_stats")
        contribute_context("article", stats.article_context)
        contribute_context("home", stats.listing_context)
        contribute_context("section", stats.listing_context)
