from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "toasoan.organisation"
    label = "organisation"
    verbose_name = "Cơ cấu tổ chức"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toasoan.search import extra
        from toasoan.sections import registry
        from toasoan.sections.models import HomePage, SectionPage

        from . import signal_handlers
        from .services import finding, pages, stale

        signal_handlers.register()
        # The page models render through the services, which import them: they find them here.
        registry.provide_view("organisation_chart", pages.chart_response)
        registry.provide_view("organisation_directory", pages.directory_response)
        registry.provide_view("organisation_unit_context", pages.unit_context)
        registry.provide_view("organisation_vcard", pages.vcard_response)
        registry.add_menu_type("organisation.OrganisationPage")
        registry.declare_stale(stale.stale_organisation)
        extra.register("organisation", finding.find, heading=_("Đơn vị và cán bộ"), anchor="tim-kiem-co-cau")
        # The content names only its own page types, so the feature adds its page there.
        for parent in (HomePage, SectionPage):
            if "organisation.OrganisationPage" not in parent.subpage_types:
                parent.subpage_types = [*parent.subpage_types, "organisation.OrganisationPage"]
                parent._clean_subpage_models = None
