from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "toasoan.discovery"
    label = "discovery"
    verbose_name = "RSS, sitemap và khám phá"
