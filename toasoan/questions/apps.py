from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "toasoan.questions"
    label = "questions"
    verbose_name = "Hỏi đáp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toasoan.comments.services import personal_data as shared_personal_data
        from toasoan.search import extra
        from toasoan.sections import registry
        from toasoan.sections.models import HomePage, SectionPage

        from . import signal_handlers
        from .services import cache, finding, pages, personal_data

        signal_handlers.register(self)
        # The page model renders through the services, which import it: it finds them here.
        registry.add_menu_type("questions.QuestionIndexPage")
        registry.provide_view("questions_index", pages.index_response)
        registry.provide_view("questions_detail", pages.question_response)
        registry.provide_view("questions_ask", pages.ask_response)
        registry.provide_view("questions_sent", pages.sent_response)
        registry.declare_stale(cache.stale_questions)
        extra.register("questions", finding.find, heading=_("Hỏi đáp"), anchor="tim-kiem-hoi-dap")
        # One export/erasure command and one retention job cover comments and questions.
        shared_personal_data.register_provider(personal_data.PROVIDER)
        for parent in (HomePage, SectionPage):
            if "questions.QuestionIndexPage" not in parent.subpage_types:
                parent.subpage_types = [*parent.subpage_types, "questions.QuestionIndexPage"]
                parent._clean_subpage_models = None
