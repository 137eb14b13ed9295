from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "toasoan.importer"
    label = "importer"
    verbose_name = "Nhập dữ liệu"
