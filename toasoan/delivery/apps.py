from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "toasoan.delivery"
    label = "delivery"
    verbose_name = "Phân phối trang (bộ đệm)"

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.register()
