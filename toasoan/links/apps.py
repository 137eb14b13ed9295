from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "toasoan.links"
    label = "links"
    verbose_name = "Liên kết"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toasoan.sections.models import HomePage

        from . import signal_handlers

        signal_handlers.register()
        # The content names only its own page types: the feature adds its page under the home
        # page; uninstalled, the choice is simply absent.
        if "links.LinkIndexPage" not in HomePage.subpage_types:
            HomePage.subpage_types = [*HomePage.subpage_types, "links.LinkIndexPage"]
            HomePage._clean_subpage_models = None
