from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "toasoan.search"
    # "search" is taken by wagtail.search (label "wagtailsearch" but module "search").
    label = "portal_search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from toasoan.operations import periodic

        from . import signal_handlers
        from .services import window
        from .services.engines import on_connection_created

        signal_handlers.register()
        # PostgreSQL: the newest articles' own GIN indexes, moved forward as they grow.
        periodic.register("search-window", window.EVERY, window.maintain_job)
        # SQLite's term index is kept by triggers that call a Python function (migration 0004).
        connection_created.connect(on_connection_created, dispatch_uid="portal_search_sqlite_functions")
