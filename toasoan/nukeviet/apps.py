from django.apps import AppConfig


class NukeVietConfig(AppConfig):
    name = "toasoan.nukeviet"
    label = "nukeviet"
    verbose_name = "Chuyển từ NukeViet"
    default_auto_field = "django.db.models.BigAutoField"
