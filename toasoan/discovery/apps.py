from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "toasoan.discovery"
    label = "discovery"
    verbose_name = "RSS, sitemap và khám phá"

    def ready(self) -> None:
        from toasoan.sections import registry

        from .feeds import SectionFeed
        from .stale import stale_site_lists

        registry.provide_view("section_feed", SectionFeed())
        registry.declare_stale(stale_site_lists)
