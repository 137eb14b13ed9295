from django.apps import AppConfig


class PortalsConfig(AppConfig):
    name = "toasoan.portals"
    label = "portals"
    verbose_name = "Cổng thành phần"
    default_auto_field = "django.db.models.BigAutoField"
