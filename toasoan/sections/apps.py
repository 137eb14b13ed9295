from django.apps import AppConfig


class SectionsConfig(AppConfig):
    name = "toasoan.sections"
    label = "sections"
    verbose_name = "Chuyên mục"
