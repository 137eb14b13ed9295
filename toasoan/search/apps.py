from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "toasoan.search"
    # "search" is taken by wagtail.search (label "wagtailsearch" but module "search").
    label = "portal_search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.register()
