from django.apps import AppConfig


class SectionsConfig(AppConfig):
    name = "toasoan.sections"
    label = "sections"
    verbose_name = "Chuyên mục"

    def ready(self) -> None:
        from . import languages, portal, registry, services

        # The page models render through the services, which import them: they find them here.
        registry.provide_view("home_context", services.home_context)
        registry.provide_view("tag_context", services.tag_context)
        registry.provide_view("section_context", services.section_context)
        registry.declare_stale(services.stale_lists)
        registry.declare_stale(languages.stale_translations)
        portal.register()
