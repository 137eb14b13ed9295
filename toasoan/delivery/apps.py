from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "toasoan.delivery"
    label = "delivery"
    verbose_name = "Phân phối trang (bộ đệm)"

    def ready(self) -> None:
        from toasoan.operations import periodic

        from . import baking, signal_handlers
        from .services import purge

        signal_handlers.register()
        periodic.register("baked-pages", baking.sweep_interval(), baking.sweep_job)
        periodic.register("purge-window", baking.CLOSE_EVERY, baking.close_window_job)
        periodic.register("pending-purges", purge.RETRY_EVERY, purge.run_due_purges)
