from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "toasoan.legal"
    label = "legal"
    verbose_name = "Văn bản"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toasoan.operations import periodic
        from toasoan.sections import registry
        from toasoan.sections.models import HomePage, SectionPage

        from . import signal_handlers
        from .services import daily, drafts, feeds, pages, stale

        signal_handlers.register()
        # The page models render through the services, which import them: they find them here.
        registry.add_menu_type("legal.LegalIndexPage")
        registry.provide_view("legal_index", pages.index_response)
        registry.provide_view("legal_json", pages.json_response)
        registry.provide_view("legal_feed", feeds.LegalFeed())
        registry.provide_view("legal_document_context", pages.document_context)
        registry.provide_view("legal_drafts", drafts.drafts_response)
        registry.provide_view("legal_drafts_feed", feeds.DraftFeed())
        registry.provide_view("legal_draft_context", drafts.draft_context)
        registry.provide_view("legal_draft_cache_guard", drafts.index_guard)
        registry.declare_stale(stale.stale_registry)
        # Statuses and drafts' comment windows change at midnight with no edit: the day's changed
        # pages are declared stale then.
        periodic.register("legal-status-day", daily.EVERY, daily.status_day_job)
        # The registry may sit under the home page or a section. The content names only its own
        # page types, so the feature adds its index there; uninstalled, the choice is simply absent.
        for parent in (HomePage, SectionPage):
            if "legal.LegalIndexPage" not in parent.subpage_types:
                parent.subpage_types = [*parent.subpage_types, "legal.LegalIndexPage"]
                parent._clean_subpage_models = None
