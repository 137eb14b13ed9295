from django.apps import AppConfig


class PortalsConfig(AppConfig):
    name = "toasoan.portals"
    label = "portals"
    verbose_name = "Cổng thành phần"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import site_roots

        site_roots.install()
